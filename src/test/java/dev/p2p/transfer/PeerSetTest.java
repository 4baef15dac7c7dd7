package dev.p2p.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.protocol.Message.PeerInfo;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import dev.p2p.storage.PeerAddress;
import dev.p2p.transfer.PeerSet.Assignment;
import dev.p2p.transfer.policy.FailureKind;
import dev.p2p.transfer.policy.PeerScoreboard;
import dev.p2p.transfer.policy.SelfFilter;
import dev.p2p.transfer.selection.ChunkPicker;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Which peer gets which request; connections are not used here, so there are none (null). */
class PeerSetTest {
  /** This node: bound at 10.0.0.9:7000, and 10.0.0.5 is another address of this machine. */
  static final SelfFilter US = new SelfFilter("me", "10.0.0.9", 7000,
      h -> h.equals("10.0.0.9") || h.equals("10.0.0.5"));

  static final PeerAddress A = new PeerAddress("10.0.0.1", 7001);
  static final PeerAddress B = new PeerAddress("10.0.0.2", 7001);
  static final int CHUNK = 1024;

  static PeerSet peers(int numChunks) {
    return new PeerSet(numChunks, CHUNK, 8, new ChunkPicker(numChunks, new BitSet(), new Random(1)),
        new PeerScoreboard(Duration.ofSeconds(1)), US,
        new WrongVariants());
  }

  static BitSet all(int n) {
    BitSet b = new BitSet();
    b.set(0, n);
    return b;
  }

  @Test
  void offersEachRequestToTheLeastBusyPeerInTheOrderTheyJoined() {
    PeerSet p = peers(8);
    p.joined(A, null);
    p.joined(B, null);
    p.has(A, all(8));
    p.has(B, all(8));
    assertEquals(List.of(new Assignment(A, 0), new Assignment(B, 1), new Assignment(A, 2),
        new Assignment(B, 3), new Assignment(A, 4), new Assignment(B, 5), new Assignment(A, 6),
        new Assignment(B, 7)), p.assign(10));
  }

  @Test
  void aNewPeerGetsNoMoreThanTheInitialWindow() {
    PeerSet p = peers(8);
    p.joined(A, null);
    p.has(A, all(8));
    assertEquals(List.of(new Assignment(A, 0), new Assignment(A, 1), new Assignment(A, 2),
        new Assignment(A, 3)), p.assign(10));
    assertEquals(List.of(), p.assign(10), "its window is full");
  }

  @Test
  void stopsAtTheFreeSlots() {
    PeerSet p = peers(8);
    p.joined(A, null);
    p.joined(B, null);
    p.has(A, all(8));
    p.has(B, all(8));
    assertEquals(List.of(new Assignment(A, 0)), p.assign(1));
  }

  @Test
  void theEndGameAsksASecondPeerForChunksInFlight() {
    PeerSet p = peers(2);
    p.joined(A, null);
    p.joined(B, null);
    p.has(A, all(2));
    p.has(B, all(2));
    assertEquals(List.of(new Assignment(A, 0), new Assignment(B, 1), new Assignment(A, 1),
        new Assignment(B, 0)), p.assign(10));
  }

  @Test
  void aPeerIsAskedOnlyOnceItSaidWhatItHas() {
    PeerSet p = peers(4);
    p.joined(A, null);
    assertEquals(List.of(), p.assign(10));
  }

  @Test
  void neverJoinsItselfNorADroppedPeerTooSoon() {
    PeerSet p = peers(4);
    assertFalse(p.mayJoin(new PeerInfo("me", "10.0.0.5", 7000), 0)); // our ID at another address of ours
    // Our ID and port on another machine (or namespace) that shares our identity: a peer.
    assertTrue(p.mayJoin(new PeerInfo("me", "10.0.0.6", 7000), 0));
    assertFalse(p.mayJoin(new PeerInfo("x", "10.0.0.9", 7000), 0));
    assertTrue(p.mayJoin(new PeerInfo("a", A.host(), A.port()), 0));
    p.joined(A, null);
    p.drop(A, 0);
    assertFalse(p.mayJoin(new PeerInfo("a", A.host(), A.port()), Duration.ofMillis(999).toNanos()));
    assertTrue(p.mayJoin(new PeerInfo("a", A.host(), A.port()), Duration.ofSeconds(1).toNanos()));
  }

  static PeerSet peers(int numChunks, BitSet resumed, WrongVariants wrong) {
    return new PeerSet(numChunks, CHUNK, 8, new ChunkPicker(numChunks, resumed, new Random(1)),
        new PeerScoreboard(Duration.ofSeconds(1)), US, wrong);
  }

  @Test
  void neverJoinsARegistrantOfAManifestFoundWrong() {
    WrongVariants wrong = new WrongVariants();
    Manifest bad = new Manifest(new FileId("ab".repeat(32)),
        "x", 1024, 1024, List.of("11".repeat(32)));
    wrong.reject(bad, List.of(A));
    PeerSet p = peers(4, new BitSet(), wrong);
    assertFalse(p.mayJoin(new PeerInfo("a", A.host(), A.port()), Duration.ofHours(1).toNanos()));
    assertTrue(p.mayJoin(new PeerInfo("b", B.host(), B.port()), 0));
  }

  @Test
  void chunksFromEveryPeerLeftFailingPointAtTheManifestUnlessChunksWereResumed() {
    PeerSet fresh = peers(100, new BitSet(), new WrongVariants());
    fresh.failedWith(A, FailureKind.BAD_DATA);
    fresh.failedWith(A, FailureKind.TIMEOUT);
    assertTrue(fresh.chunksSayManifestIsWrong(), "nobody left, and every chunk failed");

    PeerSet resumed = peers(100, all(10), new WrongVariants());
    resumed.failedWith(A, FailureKind.BAD_DATA);
    assertFalse(resumed.chunksSayManifestIsWrong(), "10 chunks on disk matched this manifest");
  }

  @Test
  void aManifestIsADecoySuspectOnlyWithNothingVerifiedAndAnotherOneHeld() {
    WrongVariants two = new WrongVariants();
    two.located(2);
    assertTrue(peers(4, new BitSet(), two).mayBeADecoy());
    assertFalse(peers(4, all(1), two).mayBeADecoy(), "a chunk on disk matched it");
    assertFalse(peers(4, new BitSet(), new WrongVariants()).mayBeADecoy(), "the tracker has no other");
    PeerSet p = peers(4, new BitSet(), two);
    p.verified();
    assertFalse(p.mayBeADecoy());
  }
}
