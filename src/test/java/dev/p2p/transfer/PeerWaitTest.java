package dev.p2p.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.storage.PeerAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PeerWaitTest {
  static final PeerAddress A = new PeerAddress("127.0.0.1", 6001);

  @Test
  void aFailedConnectIsItsCauseInFewWords() {
    assertEquals("connection refused", PeerWait.shortReason("Tcp command [Connect(/127.0.0.1:6001,Some(/127.0.0.1:0),"
        + "List(TcpNoDelay(true)),Some(5 seconds),true)] failed because of java.net.ConnectException: Connection refused"));
    assertEquals("connection lost", PeerWait.shortReason("connection lost"));
  }

  @Test
  void itsWordsNameWhatIsMissingAndWhoWentAwayLast() {
    PeerWait w = new PeerWait(Duration.ofSeconds(30));
    assertEquals("no peer has the missing 1 chunk (the tracker lists none that answers)", w.reason(1, 0));
    assertEquals("connection refused", w.lost(A, "x failed because of java.net.ConnectException: Connection refused"));
    assertEquals("no peer has the missing 37 chunks (the last one, 127.0.0.1:6001, went away: connection refused)",
        w.reason(37, 0));
    assertEquals("no peer has the missing 37 chunks (2 connected peer(s) lack them)", w.reason(37, 2));
    assertTrue(w.news("a"));
    assertFalse(w.news("a"), "the same reason is told once");
    assertTrue(w.news("b"));
  }

  @Test
  void itLastsItsLimitFromItsStartAndAgainFromTheNextStart() {
    PeerWait w = new PeerWait(Duration.ofSeconds(2));
    assertFalse(w.expired(0), "not waiting");
    w.begin(1_000_000_000L);
    w.begin(2_000_000_000L); // under way: still counts from the first
    assertFalse(w.expired(2_999_999_999L));
    assertTrue(w.expired(3_000_000_000L));
    w.end();
    assertFalse(w.waiting());
    w.begin(5_000_000_000L);
    assertFalse(w.expired(6_000_000_000L));
    assertEquals("gave up after waiting 2 s: why; 3 of 8 chunks are kept in " + Path.of("/d/x.part"),
        w.gaveUp("why", 3, 8, Path.of("/d/x.part")));
    assertTrue(new PeerWait(Duration.ZERO).gaveUp("why", 0, 8, Path.of("/d/x.part")).startsWith("gave up: why;"));
  }
}
