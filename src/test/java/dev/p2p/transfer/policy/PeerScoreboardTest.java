package dev.p2p.transfer.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.storage.PeerAddress;
import dev.p2p.transfer.policy.PeerScoreboard.Score;
import dev.p2p.transfer.policy.PeerScoreboard.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PeerScoreboardTest {
  static final PeerAddress A = new PeerAddress("10.0.0.1", 7001);
  static final PeerAddress B = new PeerAddress("10.0.0.2", 7001);
  static final Duration TIMEOUT = Duration.ofSeconds(10);
  static final long T0 = 1_000_000_000L;

  static PeerScoreboard withA() {
    PeerScoreboard s = new PeerScoreboard(TIMEOUT);
    s.joined(A);
    return s;
  }

  /** Each step is a failure kind (its verdict is checked) or OK, a delivered chunk (verdict "-"). */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "TIMEOUT TIMEOUT TIMEOUT,                 KEEP KEEP DROP",
      "CONNECTION TIMEOUT CONNECTION,           KEEP KEEP DROP",
      "TIMEOUT TIMEOUT OK TIMEOUT TIMEOUT,      KEEP KEEP - KEEP KEEP",
      "BAD_DATA BAD_DATA,                       KEEP BAN",
      "BAD_DATA OK BAD_DATA,                    KEEP - BAN",
      "BAD_DATA TIMEOUT TIMEOUT,                KEEP KEEP DROP",
      "REFUSED REFUSED REFUSED REFUSED REFUSED, KEEP KEEP KEEP KEEP KEEP",
      "TIMEOUT REFUSED TIMEOUT REFUSED TIMEOUT, KEEP KEEP KEEP KEEP DROP",
  })
  void dropsAfterThreeFailuresInARowBansAfterTwoBadChunksNeverPenalisesRefusals(
      String steps, String verdicts) {
    PeerScoreboard s = withA();
    List<String> got = new ArrayList<>();
    for (String step : steps.split(" ")) {
      s.requested(A, 0);
      s.answered(A);
      if (step.equals("OK")) {
        s.delivered(A, 0, 100);
        got.add("-");
      } else {
        got.add(s.failed(A, FailureKind.valueOf(step)).name());
      }
    }
    assertEquals(verdicts, String.join(" ", got));
  }

  @Test
  void theNumbersAreThoseOfTheTuning() {
    assertEquals(3, DownloadTuning.MAX_CONSECUTIVE_FAILURES);
    assertEquals(2, DownloadTuning.BAN_AFTER_BAD_CHUNKS);
  }

  @Test
  void aDroppedPeerMayRejoinOneRequestTimeoutLaterWithItsFiguresKept() {
    PeerScoreboard s = withA();
    s.requested(A, 0);
    s.answered(A);
    s.delivered(A, 0, 500);
    s.failed(A, FailureKind.TIMEOUT);
    s.drop(A, T0);
    assertFalse(s.isLive(A));
    assertFalse(s.mayJoin(A, T0 + TIMEOUT.toNanos() - 1), "too early");
    assertTrue(s.mayJoin(A, T0 + TIMEOUT.toNanos()));
    assertTrue(s.mayJoin(B, T0), "another peer is not affected");
    s.joined(A);
    assertFalse(s.mayJoin(A, T0 + TIMEOUT.toNanos()), "already in the download");
    s.requested(A, 0);
    s.answered(A);
    s.delivered(A, 0, 300);
    assertEquals(new Score(A, 800, 2, 0, 1, false), s.score(A));
  }

  @Test
  void aBannedPeerNeverRejoins() {
    PeerScoreboard s = withA();
    s.failed(A, FailureKind.BAD_DATA);
    assertEquals(Verdict.BAN, s.failed(A, FailureKind.BAD_DATA));
    s.drop(A, T0);
    assertFalse(s.mayJoin(A, T0 + TIMEOUT.toNanos() * 100));
    assertEquals(List.of(new Score(A, 0, 0, 0, 2, true)), s.scores());
  }

  @Test
  void scoresListPeersInTheDownloadFirstThenThoseThatLeft() {
    PeerScoreboard s = withA();
    s.joined(B);
    s.requested(B, 0);
    s.drop(A, T0);
    assertEquals(List.of(new Score(B, 0, 0, 1, 0, false), new Score(A, 0, 0, 0, 0, false)), s.scores());
    s.dropAll();
    assertEquals(List.of(A, B), s.gone().stream().map(Score::peer).toList());
    assertEquals(0, s.size());
  }

  @Test
  void theWindowFollowsThePeersMeasuredRate() {
    PeerScoreboard s = withA();
    assertEquals(4, s.window(A, 1024, 8), "a new peer gets the initial window");
    s.requested(A, 0);
    s.delivered(A, 0, 12288);
    s.tick(1.0); // 12 KiB in one second: half a second of it is 6 chunks of 1 KiB
    assertEquals(6, s.window(A, 1024, 8));
    assertEquals(0, s.window(B, 1024, 8), "not in the download");
  }
}
