package dev.p2p.storage;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Direct buffers of one size, reused. A chunk is copied once into one of them, hashed from it and
 * written from it: the JDK writes a direct buffer as it is, where a heap buffer would first be
 * copied into a temporary direct one. Nothing is allocated per chunk once the pool is warm.
 *
 * <p>Bounded: a buffer is out only while one thread handles one chunk, so the buffers in use are
 * at most the threads doing so, and at most {@code keep} are kept when returned (the rest are left
 * to the garbage collector).
 */
final class BufferPool {
  private final int size;
  private final int keep;
  private final ConcurrentLinkedQueue<ByteBuffer> free = new ConcurrentLinkedQueue<>();
  private final AtomicInteger kept = new AtomicInteger();

  /** Buffers of {@code size} bytes; keeps about {@code keepBytes} of them, but at least one. */
  BufferPool(int size, long keepBytes) {
    this.size = size;
    this.keep = (int) Math.max(1, Math.min(64, keepBytes / Math.max(1, size)));
  }

  /** A cleared buffer of the pool's size; give it back with {@link #release}. */
  ByteBuffer take() {
    ByteBuffer b = free.poll();
    if (b == null) return ByteBuffer.allocateDirect(size);
    kept.decrementAndGet();
    return b.clear();
  }

  void release(ByteBuffer b) {
    if (kept.incrementAndGet() <= keep) {
      free.offer(b);
    } else {
      kept.decrementAndGet();
    }
  }

  /** Buffers kept for reuse now (for tests). */
  int kept() {
    return kept.get();
  }
}
