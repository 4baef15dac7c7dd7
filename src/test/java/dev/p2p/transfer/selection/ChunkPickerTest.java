package dev.p2p.transfer.selection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.storage.PeerAddress;
import java.util.BitSet;
import java.util.HashSet;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChunkPickerTest {
  static final PeerAddress A = new PeerAddress("10.0.0.1", 7001);
  static final PeerAddress B = new PeerAddress("10.0.0.2", 7001);
  static final PeerAddress C = new PeerAddress("10.0.0.3", 7001);
  static final PeerAddress SEEDER = new PeerAddress("10.0.0.4", 7001);
  static final PeerAddress LEECHER = new PeerAddress("10.0.0.5", 7001);

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
    p.peerHas(A, all(10));
    p.peerHas(B, all(10));
    assertEquals(1, p.pick(A).getAsInt());
    assertEquals(3, p.pick(B).getAsInt());
    assertEquals(4, p.pick(A).getAsInt());
  }

  @Test
  void picksTheRarestChunkFirst() {
    ChunkPicker p = new ChunkPicker(4, new BitSet(), new Random(1));
    p.peerHas(A, all(4));
    p.peerHas(B, bits(4, 0, 1, 2));
    p.peerHas(C, bits(4, 0, 1));
    // chunk 3 is held by a only, chunk 2 by a and b
    assertEquals(3, p.pick(A).getAsInt());
    assertEquals(2, p.pick(A).getAsInt());
  }

  @Test
  void breaksTiesAtRandomSoThatDownloadersSpreadOut() {
    Set<Integer> firstPicks = new HashSet<>();
    for (int seed = 0; seed < 40; seed++) {
      ChunkPicker p = new ChunkPicker(16, new BitSet(), new Random(seed));
      p.peerHas(SEEDER, all(16));
      p.peerHas(LEECHER, bits(16, 15)); // one partial peer: no longer "everyone complete"
      firstPicks.add(p.pick(SEEDER).getAsInt());
    }
    assertTrue(firstPicks.size() > 5, "ties broken at random: " + firstPicks);
    assertFalse(firstPicks.contains(15), "chunk 15 is less rare (two holders)");
  }

  @Test
  void neverPicksAChunkThePeerLacksOrAlreadyFailedOrThatIsInFlight() {
    ChunkPicker p = new ChunkPicker(3, new BitSet(), new Random(1));
    p.peerHas(A, bits(3, 0, 1));
    p.peerHas(B, all(3));
    int first = p.pick(A).getAsInt();
    p.failed(first, A);
    OptionalInt second = p.pick(A);
    assertTrue(second.isPresent());
    assertTrue(second.getAsInt() != first && second.getAsInt() != 2);
    assertTrue(p.pick(A).isEmpty(), "a has only chunks 0 and 1; one failed, one in flight");
    assertEquals(2, p.pick(B).getAsInt(), "b first takes the chunk only it has");
    assertEquals(first, p.pick(B).getAsInt(), "then the chunk a failed");
  }

  @Test
  void endGameOffersInFlightChunksToASecondPeerOnce() {
    ChunkPicker p = new ChunkPicker(2, new BitSet(), new Random(1));
    p.peerHas(A, all(2));
    p.peerHas(B, all(2));
    int x = p.pick(A).getAsInt();
    int y = p.pick(A).getAsInt();
    assertTrue(p.pick(B).isEmpty());
    OptionalInt dup = p.pickDuplicate(B, 2);
    assertTrue(dup.isPresent() && (dup.getAsInt() == x || dup.getAsInt() == y));
    // The duplicate is now asked of exactly A and B, as the offers to each peer show.
    int other = dup.getAsInt() == x ? y : x;
    p.peerHas(C, all(2));
    assertTrue(p.pickDuplicate(A, 3).isEmpty(), "A was asked for both chunks");
    assertEquals(other, p.pickDuplicate(C, 2).getAsInt(), "the duplicate is at the limit of two");
    assertTrue(p.pickDuplicate(B, 2).isEmpty(), "B was asked for the duplicate; the other is full");
    assertEquals(dup.getAsInt(), p.pickDuplicate(C, 3).getAsInt(), "two, not more, asked for it");
    assertTrue(p.completed(dup.getAsInt()));
    assertFalse(p.completed(dup.getAsInt()), "the loser's copy is a duplicate");
  }

  @Test
  void aRefusalIsNotAFailure() {
    ChunkPicker p = new ChunkPicker(1, new BitSet(), new Random(1));
    p.peerHas(A, all(1));
    p.peerHas(B, all(1));
    int c = p.pick(A).getAsInt();
    p.peerLacks(A, c);
    p.abandoned(c, A);
    assertFalse(p.hasFailed(c, A));
    assertEquals(c, p.pick(B).getAsInt());
  }
}
