package dev.p2p.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.function.LongConsumer;

/**
 * The whole-file SHA-256 of a download, fed while it runs with the verified chunks at the front of
 * the file, so that completing it only hashes what is left.
 *
 * <p>A chunk is hashed from the buffer it was written from when it is the next one in file order,
 * or shortly after: chunks that arrive a little ahead (fetchers on different threads finish in
 * either order) wait here in their buffers, at most {@code stashBytes} of them. Only chunks that
 * arrive further out of order are read back from the page cache, when their turn comes.
 *
 * <p>Thread safe: one thread hashes at a time; the others wait for it (a chunk's worth of SHA-256).
 */
final class InOrderDigest {
  /** Reads chunk {@code index} into {@code buf} (cleared), leaving it flipped. */
  interface ChunkReader {
    void read(int index, ByteBuffer buf) throws IOException;
  }

  private final Manifest manifest;
  private final IntPredicate present;
  private final ChunkReader reader;
  private final BufferPool buffers;
  private final int stashMax;
  private final MessageDigest digest = Hashing.sha256();
  private final Map<Integer, ByteBuffer> stash = new HashMap<>();
  private int hashed;

  /**
   * @param present whether a chunk is verified and written (only those are hashed)
   * @param buffers where chunk buffers come from and go back to
   */
  InOrderDigest(Manifest m, IntPredicate present, ChunkReader reader, BufferPool buffers,
      long stashBytes) {
    this.manifest = m;
    this.present = present;
    this.reader = reader;
    this.buffers = buffers;
    this.stashMax = (int) Math.min(16, stashBytes / Math.max(1, m.chunkSize()));
  }

  /**
   * Offers chunk {@code index}, just written from {@code buf}, and hashes every chunk now due.
   *
   * @return true when this digest keeps {@code buf} (it returns it to the pool itself); false
   *     when the caller still owns it
   */
  synchronized boolean offer(int index, ByteBuffer buf) throws IOException {
    boolean keep = index == hashed || index > hashed && index - hashed <= stashMax
        && stash.size() < stashMax;
    if (keep) stash.put(index, buf.duplicate());
    advance(done -> {});
    return keep;
  }

  /** Hashes every chunk due, reading back those not kept, and returns the digest of them all. */
  synchronized byte[] finish(LongConsumer progress) throws IOException {
    advance(progress);
    return digest.digest();
  }

  private void advance(LongConsumer progress) throws IOException {
    ByteBuffer readBack = null;
    try {
      while (hashed < manifest.numChunks() && present.test(hashed)) {
        ByteBuffer b = stash.remove(hashed);
        if (b != null) {
          digest.update(b);
          buffers.release(b);
        } else {
          if (readBack == null) readBack = buffers.take();
          reader.read(hashed, readBack);
          digest.update(readBack);
        }
        hashed++;
        progress.accept(manifest.offset(hashed - 1) + manifest.chunkLength(hashed - 1));
      }
    } finally {
      if (readBack != null) buffers.release(readBack);
    }
  }
}
