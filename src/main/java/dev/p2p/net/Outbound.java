package dev.p2p.net;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.apache.pekko.util.ByteString;

/**
 * What a zero-copy connection writes ({@link FramedServer#bindZeroCopy}): bytes already framed,
 * or a chunk frame whose data the kernel sends straight from the file ({@code sendfile}), behind
 * its 41-byte header. The data never enters the heap.
 */
public sealed interface Outbound permits Outbound.Bytes, Outbound.FileRegion {
  /** Bytes on the wire. */
  long size();

  /** Whole frames (or the original protocol's bytes), written as they are. */
  record Bytes(ByteString bytes) implements Outbound {
    @Override
    public long size() {
      return bytes.size();
    }
  }

  /**
   * {@code header} (the frame's length and the CHUNK header, {@code Codec.chunkFrameHeader}),
   * then bytes {@code offset .. offset+length} of {@code path}. {@code intact} tells whether the
   * file is still the one that was hashed; while the region is being sent it is asked
   * periodically, and once it says no the connection is aborted and {@code changed} runs (the
   * owner withdraws the file). A file truncated under a {@code sendfile} would otherwise leave
   * the connection sending 0 bytes forever.
   */
  record FileRegion(ByteString header, Path path, long offset, int length, BooleanSupplier intact,
      Runnable changed) implements Outbound {
    @Override
    public long size() {
      return header.size() + (long) length;
    }
  }
}
