package dev.p2p.gui.detail;

import static dev.p2p.gui.detail.PieceMap.Piece.IN_FLIGHT;
import static dev.p2p.gui.detail.PieceMap.Piece.MISSING;
import static dev.p2p.gui.detail.PieceMap.Piece.VERIFIED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class PieceMapTest {
  @Test
  void oneBinPerChunkWhenTheStripIsWideEnough() {
    PieceMap map = PieceMap.EMPTY.withCounts(5, 2, 1);
    assertEquals(5, map.binCount(800));
    assertEquals(List.of(VERIFIED, VERIFIED, IN_FLIGHT, MISSING, MISSING), map.countLane(5));
  }

  @Test
  void binsChunksIntoPixelsWhenThereAreMore() {
    PieceMap map = PieceMap.EMPTY.withCounts(1000, 500, 250);
    assertEquals(4, map.binCount(4));
    assertEquals(List.of(VERIFIED, VERIFIED, IN_FLIGHT, MISSING), map.countLane(4));
  }

  @Test
  void retriedChunksAreMarkedAtTheirPlaceInTheBinnedLane() {
    PieceMap map = PieceMap.EMPTY.withCounts(1000, 0, 0).withRetried(0).withRetried(999).withRetried(510);
    assertArrayEquals(new boolean[] {true, false, true, true}, map.retryLane(4));
    assertEquals(Set.of(0, 510, 999), map.retried());
  }

  @Test
  void dropsRetriedIndicesOutsideTheFileAndBeyondTheBound() {
    PieceMap map = PieceMap.EMPTY.withCounts(10, 0, 0);
    assertSame(map, map.withRetried(-1));
    assertSame(map, map.withRetried(10));
    PieceMap full = new PieceMap(PieceMap.MAX_RETRIED + 5, 0, 0,
        new TreeSet<>(List.of(0)), false);
    for (int i = 1; i < PieceMap.MAX_RETRIED; i++) full = full.withRetried(i);
    assertEquals(PieceMap.MAX_RETRIED, full.retried().size());
    assertSame(full, full.withRetried(PieceMap.MAX_RETRIED + 1));
  }

  @Test
  void countsFromTheWireAreClampedToTheFile() {
    PieceMap map = PieceMap.EMPTY.withCounts(10, 12, 7);
    assertEquals(10, map.verified());
    assertEquals(0, map.inFlight());
    PieceMap negative = PieceMap.EMPTY.withCounts(-3, -1, -1);
    assertEquals(0, negative.numChunks());
    assertEquals(0, negative.binCount(100));
  }

  @Test
  void aShareWithNoChunkCountIsFullyVerifiedAcrossTheStrip() {
    PieceMap shared = PieceMap.EMPTY.completed();
    assertEquals(300, shared.binCount(300));
    assertTrue(shared.countLane(3).stream().allMatch(p -> p == VERIFIED));
  }
}
