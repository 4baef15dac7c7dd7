package dev.p2p.storage;

import static dev.p2p.storage.TestFiles.CHUNK;
import static dev.p2p.storage.TestFiles.bytes;
import static dev.p2p.storage.TestFiles.manifest;
import static dev.p2p.storage.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InOrderDigestTest {
  @TempDir Path dir;

  record Run(String digest, List<Integer> readBack) {}

  /** Offers the chunks of a 10-chunk file in {@code order}, with room for {@code stash} chunks. */
  private Run offer(int stash, int... order) throws IOException {
    byte[] content = bytes(9 * CHUNK + 77, 5);
    Manifest m = manifest(write(dir, "f", content));
    BitSet written = new BitSet();
    List<Integer> readBack = new ArrayList<>();
    BufferPool pool = new BufferPool(CHUNK, CHUNK);
    InOrderDigest d = new InOrderDigest(m, written::get, (i, buf) -> {
      readBack.add(i);
      buf.clear().limit(m.chunkLength(i));
      buf.put(content, (int) m.offset(i), m.chunkLength(i)).flip();
    }, pool, (long) stash * CHUNK);
    for (int i : order) {
      ByteBuffer buf = pool.take();
      buf.put(content, (int) m.offset(i), m.chunkLength(i)).flip();
      written.set(i);
      if (!d.offer(i, buf)) pool.release(buf);
    }
    assertEquals(m.numChunks(), written.cardinality());
    return new Run(Hashing.hex(d.finish(n -> {})), readBack);
  }

  @Test
  void chunksInOrderAreNeverReadBack() throws IOException {
    Run r = offer(4, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertEquals(offer(0, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0).digest(), r.digest());
    assertEquals(List.of(), r.readBack());
  }

  @Test
  void chunksALittleAheadWaitInTheirBuffers() throws IOException {
    Run r = offer(4, 1, 0, 3, 4, 2, 6, 5, 7, 9, 8);
    assertEquals(List.of(), r.readBack());
  }

  @Test
  void chunksFarAheadAreReadBackWhenTheirTurnComes() throws IOException {
    Run r = offer(2, 5, 9, 1, 0, 2, 3, 4, 6, 7, 8);
    assertEquals(List.of(5, 9), r.readBack());
    assertEquals(offer(4, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9).digest(), r.digest());
  }

  @Test
  void withoutRoomEveryChunkAheadIsReadBack() throws IOException {
    assertEquals(List.of(1, 2), offer(0, 1, 2, 0, 3, 4, 5, 6, 7, 8, 9).readBack());
  }
}
