package dev.p2p.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

class SuperSeedTest {
  static final int N = 10;
  final SuperSeed seed = new SuperSeed(N);
  final Object a = "a";
  final Object b = "b";
  final BitSet all = bits(0, N);

  static BitSet bits(int from, int to) {
    BitSet s = new BitSet();
    s.set(from, to);
    return s;
  }

  @Test
  void oneDownloaderAloneSeesEverything() {
    seed.joined(a);
    assertEquals(all, seed.reveal(a, new BitSet(), all));
  }

  @Test
  void twoDownloadersAreShownDisjointChunksNotSentYetThatTheyLack() {
    seed.joined(a);
    seed.joined(b);
    BitSet forA = seed.reveal(a, bits(0, 1), all);
    BitSet forB = seed.reveal(b, new BitSet(), all);
    assertEquals(bits(1, 1 + SuperSeed.RESERVED_PER_PEER), forA, "chunk 0 A has already");
    assertFalse(forA.intersects(forB));
    assertEquals(SuperSeed.RESERVED_PER_PEER, forB.cardinality());
  }

  @Test
  void aSentChunkMakesRoomForTheNextAndEverythingShowsOnceAllLeftOnce() {
    seed.joined(a);
    seed.joined(b);
    BitSet first = seed.reveal(a, new BitSet(), all);
    seed.sent(first.nextSetBit(0));
    BitSet next = seed.reveal(a, new BitSet(), all);
    assertFalse(next.get(first.nextSetBit(0)));
    assertEquals(SuperSeed.RESERVED_PER_PEER, next.cardinality());
    for (int i = 0; i < N; i++) seed.sent(i);
    assertEquals(all, seed.reveal(a, new BitSet(), all));
  }

  @Test
  void aDownloaderThatLeavesFreesItsChunksForTheOthers() {
    seed.joined(a);
    seed.joined(b);
    BitSet forA = seed.reveal(a, new BitSet(), all);
    seed.left(a);
    seed.joined("c");
    assertEquals(forA, seed.reveal(b, bits(SuperSeed.RESERVED_PER_PEER, N), all));
  }
}
