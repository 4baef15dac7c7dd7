package dev.p2p.gui.detail;

import static dev.p2p.gui.detail.PieceMap.HERE_OTHER;
import static dev.p2p.gui.detail.PieceMap.HERE_PEER;
import static dev.p2p.gui.detail.PieceMap.IN_FLIGHT;
import static dev.p2p.gui.detail.PieceMap.MISSING;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PieceMapTest {
  static ChunkStates file(int chunks) {
    ChunkStates s = new ChunkStates();
    s.layout(chunks);
    return s;
  }

  @Test
  void eachChunkIsShownAtItsIndexWithThePeerItCameFrom() {
    ChunkStates s = file(5);
    s.requested(4);
    s.requested(1);
    s.verified(1, "A");
    s.verified(3, "B");
    PieceMap map = s.snapshot();
    assertEquals(5, map.binCount(800));
    assertArrayEquals(new int[] {MISSING, HERE_PEER, MISSING, HERE_PEER + 1, IN_FLIGHT}, map.lane(5));
    assertEquals(List.of("A", "B"), map.peers());
  }

  @Test
  void binsTakeTheStateMostOfTheirChunksHave() {
    ChunkStates s = file(1000);
    IntStream.range(0, 250).forEach(i -> s.verified(i, "A"));
    IntStream.range(250, 400).forEach(i -> s.verified(i, "B"));
    IntStream.range(500, 650).forEach(s::requested);
    PieceMap map = s.snapshot();
    assertEquals(4, map.binCount(4));
    assertArrayEquals(new int[] {HERE_PEER, HERE_PEER + 1, IN_FLIGHT, MISSING}, map.lane(4));
  }

  @Test
  void peersPastTheLegendShareTheOthersColour() {
    ChunkStates s = file(PieceMap.MAX_PEER_COLOURS + 2);
    for (int i = 0; i < PieceMap.MAX_PEER_COLOURS + 2; i++) s.verified(i, "peer" + i);
    PieceMap map = s.snapshot();
    assertEquals(PieceMap.MAX_PEER_COLOURS, map.peers().size());
    assertEquals(HERE_PEER + PieceMap.MAX_PEER_COLOURS - 1, map.state(PieceMap.MAX_PEER_COLOURS - 1));
    assertEquals(HERE_OTHER, map.state(PieceMap.MAX_PEER_COLOURS));
    assertEquals(HERE_OTHER, map.state(PieceMap.MAX_PEER_COLOURS + 1));
  }

  @Test
  void inFlightMarksWhoseVerificationWasLostAreClearedOldestFirstByTheNextReport() {
    ChunkStates s = file(10);
    s.requested(2);
    s.requested(5);
    s.requested(7);
    s.counts(10, 1, 1); // 2 and 5 ended without their events reaching us; 7 is still asked
    PieceMap map = s.snapshot();
    assertEquals(MISSING, map.state(2));
    assertEquals(MISSING, map.state(5));
    assertEquals(IN_FLIGHT, map.state(7));
    assertEquals(1, map.verified());
    assertEquals(1, map.inFlight());
  }

  @Test
  void aRetryUnmarksTheChunkInFlightAndMarksItInTheRetryLane() {
    ChunkStates s = file(1000);
    s.requested(510);
    s.retried(510);
    s.retried(0);
    s.retried(999);
    PieceMap map = s.snapshot();
    assertEquals(MISSING, map.state(510));
    assertArrayEquals(new boolean[] {true, false, true, true}, map.retryLane(4));
    assertEquals(Set.of(0, 510, 999), map.retried());
  }

  @Test
  void completionMarksEveryChunkHereAndKeepsWhoSentWhat() {
    ChunkStates s = file(4);
    s.verified(0, "A");
    s.requested(1);
    s.completed();
    PieceMap map = s.snapshot();
    assertArrayEquals(new int[] {HERE_PEER, HERE_OTHER, HERE_OTHER, HERE_OTHER}, map.lane(4));
    assertEquals(4, map.verified());
    assertTrue(map.complete());
  }

  @Test
  void indicesOutsideTheFileAndCountsBeyondItAreIgnoredOrClamped() {
    ChunkStates s = file(10);
    s.verified(-1, "A");
    s.verified(10, "A");
    s.requested(Integer.MAX_VALUE);
    s.retried(10);
    s.counts(10, 12, 7);
    PieceMap map = s.snapshot();
    assertTrue(map.peers().isEmpty());
    assertTrue(map.retried().isEmpty());
    assertEquals(10, map.verified());
    assertEquals(0, map.inFlight());
    assertArrayEquals(new int[10], map.lane(10));
    ChunkStates negative = file(-3);
    assertEquals(0, negative.snapshot().binCount(100));
  }

  @Test
  void retriedIndicesAreBounded() {
    ChunkStates s = file(PieceMap.MAX_RETRIED + 5);
    for (int i = 0; i < PieceMap.MAX_RETRIED + 5; i++) s.retried(i);
    assertEquals(PieceMap.MAX_RETRIED, s.snapshot().retried().size());
  }

  @Test
  void snapshotsDoNotChangeWithLaterEvents() {
    ChunkStates s = file(3);
    PieceMap before = s.snapshot();
    s.verified(0, "A");
    assertEquals(MISSING, before.state(0));
    assertEquals(HERE_PEER, s.snapshot().state(0));
  }

  @Test
  void aShareWithNoChunkCountIsHereAcrossTheStrip() {
    ChunkStates s = new ChunkStates();
    s.completed();
    PieceMap shared = s.snapshot();
    assertEquals(300, shared.binCount(300));
    assertArrayEquals(new int[] {HERE_OTHER, HERE_OTHER, HERE_OTHER}, shared.lane(3));
  }
}
