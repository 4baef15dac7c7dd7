package dev.p2p.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import dev.p2p.storage.PeerAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class WrongVariantsTest {
  static final FileId ID = new FileId("ab".repeat(32));
  static final PeerAddress A = new PeerAddress("10.0.0.1", 7001);
  static final PeerAddress B = new PeerAddress("10.0.0.2", 7001);

  @ParameterizedTest(name = "{0} good, {1} bad from {2} peers of {3} chunks, peers left {4} -> {5}")
  @CsvSource({
      "0, 16, 2, 100, true, true",    // the peers of a wrong manifest: every chunk fails
      "1, 16, 3, 100, true, true",    // nearly every
      "0, 40, 1, 100, true, false",   // one peer, however bad, is that peer's fault
      "0, 4, 2, 100, true, false",    // two fast corrupt peers, banned after 2 chunks each
      "2, 16, 2, 100, true, false",   // 89 %: honest chunks arrive too
      "0, 4, 2, 4, true, true",       // a file of 4 chunks: all 4 failed
      "0, 2, 1, 100, false, true",    // its only peer banned: nobody left to try it with
      "30, 2, 1, 100, false, false",  // a seeder that went bad after 30 good chunks: its fault
      "0, 0, 0, 100, false, false",   // nobody left, but no chunk failed either
  })
  void chunkFailuresPointAtTheManifestOnlyWhenNearlyAllFail(int good, int bad, int peers,
      int numChunks, boolean peersLeft, boolean wrong) {
    assertEquals(wrong, WrongVariants.chunksSayWrong(good, bad, peers, numChunks, peersLeft));
  }

  @Test
  void rejectingBansTheRegistrantsExcludesTheVariantAndSaysSo() {
    WrongVariants w = new WrongVariants();
    Manifest first = new Manifest(ID, "a", 1024, 1024, List.of("11".repeat(32)));
    Manifest second = new Manifest(ID, "a", 1024, 1024, List.of("22".repeat(32)));
    w.located(3);
    assertEquals("file abababab: the tracker's first manifest was wrong (from 2 peers), trying the next of 3",
        w.reject(first, List.of(A, B)));
    assertTrue(w.isBanned(A) && w.isBanned(B));
    assertEquals("file abababab: the tracker's second manifest was wrong (from 1 peer), trying the next of 3",
        w.reject(second, List.of(A)));
    assertEquals(List.of(first.variant(), second.variant()), w.excluded());
    assertEquals("file abababab: no manifest left to try: the 2 the tracker had were wrong", w.noneLeft(ID));
    assertFalse(w.exhausted());
    assertFalse(w.anotherHeld(), "3 held: 2 excluded and the one in use");
    w.located(4);
    assertTrue(w.anotherHeld());
  }
}
