package dev.p2p.transfer.selection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.HashSet;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChunkPickerTest {
  static BitSet bits(int n, int... set) {
    BitSet b = new BitSet(n);
    for (int i : set) b.set(i);
    return b;
  }

  static BitSet all(int n) {
    BitSet b = new BitSet(n);
    b.set(0, n);
    return b;
  }

  @Test
  void takesChunksInOrderWhileEveryPeerHasTheWholeFile() {
    ChunkPicker p = new ChunkPicker(10, bits(10, 0, 2), new Random(1));
    p.peerHas("a", all(10));
    p.peerHas("b", all(10));
    assertEquals(1, p.pick("a").getAsInt());
    assertEquals(3, p.pick("b").getAsInt());
    assertEquals(4, p.pick("a").getAsInt());
  }

  @Test
  void picksTheRarestChunkFirst() {
    ChunkPicker p = new ChunkPicker(4, new BitSet(), new Random(1));
    p.peerHas("a", all(4));
    p.peerHas("b", bits(4, 0, 1, 2));
    p.peerHas("c", bits(4, 0, 1));
    // chunk 3 is held by a only, chunk 2 by a and b
    assertEquals(3, p.pick("a").getAsInt());
    assertEquals(2, p.pick("a").getAsInt());
  }

  @Test
  void breaksTiesAtRandomSoThatDownloadersSpreadOut() {
    Set<Integer> firstPicks = new HashSet<>();
    for (int seed = 0; seed < 40; seed++) {
      ChunkPicker p = new ChunkPicker(16, new BitSet(), new Random(seed));
      p.peerHas("seeder", all(16));
      p.peerHas("leecher", bits(16, 15)); // one partial peer: no longer "everyone complete"
      firstPicks.add(p.pick("seeder").getAsInt());
    }
    assertTrue(firstPicks.size() > 5, "ties broken at random: " + firstPicks);
    assertFalse(firstPicks.contains(15), "chunk 15 is less rare (two holders)");
  }

  @Test
  void neverPicksAChunkThePeerLacksOrAlreadyFailedOrThatIsInFlight() {
    ChunkPicker p = new ChunkPicker(3, new BitSet(), new Random(1));
    p.peerHas("a", bits(3, 0, 1));
    p.peerHas("b", all(3));
    int first = p.pick("a").getAsInt();
    p.failed(first, "a");
    OptionalInt second = p.pick("a");
    assertTrue(second.isPresent());
    assertTrue(second.getAsInt() != first && second.getAsInt() != 2);
    assertTrue(p.pick("a").isEmpty(), "a has only chunks 0 and 1; one failed, one in flight");
    assertEquals(2, p.pick("b").getAsInt(), "b first takes the chunk only it has");
    assertEquals(first, p.pick("b").getAsInt(), "then the chunk a failed");
  }

  @Test
  void endGameOffersInFlightChunksToASecondPeerOnce() {
    ChunkPicker p = new ChunkPicker(2, new BitSet(), new Random(1));
    p.peerHas("a", all(2));
    p.peerHas("b", all(2));
    int x = p.pick("a").getAsInt();
    int y = p.pick("a").getAsInt();
    assertTrue(p.pick("b").isEmpty());
    OptionalInt dup = p.pickDuplicate("b", 2);
    assertTrue(dup.isPresent() && (dup.getAsInt() == x || dup.getAsInt() == y));
    assertEquals(Set.of("a", "b"), p.requestedFrom(dup.getAsInt()));
    assertTrue(p.completed(dup.getAsInt()));
    assertFalse(p.completed(dup.getAsInt()), "the loser's copy is a duplicate");
  }

  @Test
  void aRefusalIsNotAFailure() {
    ChunkPicker p = new ChunkPicker(1, new BitSet(), new Random(1));
    p.peerHas("a", all(1));
    p.peerHas("b", all(1));
    int c = p.pick("a").getAsInt();
    p.peerLacks("a", c);
    p.abandoned(c, "a");
    assertFalse(p.hasFailed(c, "a"));
    assertEquals(c, p.pick("b").getAsInt());
  }
}
