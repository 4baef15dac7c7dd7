package dev.p2p.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BufferPoolTest {
  @Test
  void reusesAReturnedBufferClearedAndDirect() {
    BufferPool pool = new BufferPool(1024, 4096);
    ByteBuffer b = pool.take();
    assertTrue(b.isDirect());
    b.put((byte) 1).flip();
    pool.release(b);
    ByteBuffer again = pool.take();
    assertSame(b, again);
    assertEquals(0, again.position());
    assertEquals(1024, again.limit());
  }

  @Test
  void keepsNoMoreThanItsBytesAllowButAtLeastOneBuffer() {
    BufferPool pool = new BufferPool(1024, 3 * 1024);
    List<ByteBuffer> out = new ArrayList<>();
    for (int i = 0; i < 10; i++) out.add(pool.take());
    out.forEach(pool::release);
    assertEquals(3, pool.kept());
    BufferPool huge = new BufferPool(1 << 20, 1024);
    huge.release(huge.take());
    huge.release(ByteBuffer.allocateDirect(1 << 20));
    assertEquals(1, huge.kept());
  }
}
