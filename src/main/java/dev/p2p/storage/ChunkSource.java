package dev.p2p.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.BitSet;

/** Something this node can serve chunks of: a shared file or a download in progress. */
public interface ChunkSource {
  Manifest manifest();

  /** True when chunk {@code index} is present and verified. */
  boolean has(int index);

  /** A copy of the set of verified chunks. */
  BitSet have();

  /**
   * Reads chunk {@code index} into a new buffer, flipped for reading.
   *
   * @throws IOException when the data is gone or changed; the chunk must then not be served
   */
  ByteBuffer read(int index) throws IOException;

  /**
   * Reads bytes {@code offset .. offset+length} of the file into a new buffer, flipped for
   * reading: for serving the original program's 256 KiB slices without reading whole chunks of
   * another size. The caller has checked that the chunks under the range are present.
   *
   * @throws IOException as {@link #read}
   */
  ByteBuffer readRange(long offset, int length) throws IOException;

  static void readFully(java.nio.channels.FileChannel ch, ByteBuffer buf, long position)
      throws IOException {
    long pos = position;
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos);
      if (n < 0) throw new IOException("file is shorter than its manifest says");
      pos += n;
    }
    buf.flip();
  }
}
