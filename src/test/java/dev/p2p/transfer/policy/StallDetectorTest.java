package dev.p2p.transfer.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StallDetectorTest {
  static final Duration TICK = DownloadTuning.TICK;

  @ParameterizedTest(name = "timeout {0} -> gives up after {1}")
  @CsvSource({
      "PT1S,  PT30S", // never sooner than 30 s
      "PT10S, PT30S", // 3 × 10 s
      "PT11S, PT33S", // 3 × 11 s
      "PT1M,  PT3M",
  })
  void givesUpAfterThreeTimeoutsButNotBeforeThirtySeconds(Duration timeout, Duration stall) {
    assertEquals(stall, StallDetector.stallTime(timeout));
    StallDetector d = new StallDetector(timeout, TICK, 0);
    long ticks = stall.toMillis() / TICK.toMillis();
    for (long i = 1; i < ticks; i++) assertFalse(d.tick(0), "tick " + i);
    assertTrue(d.tick(0), "tick " + ticks);
  }

  @Test
  void progressStartsTheCountAgain() {
    StallDetector d = new StallDetector(Duration.ofSeconds(1), TICK, 0);
    long ticks = StallDetector.stallTime(Duration.ofSeconds(1)).toMillis() / TICK.toMillis();
    for (long i = 1; i < ticks; i++) d.tick(0);
    assertFalse(d.tick(1), "a byte arrived");
    for (long i = 1; i < ticks; i++) assertFalse(d.tick(1));
    assertTrue(d.tick(1));
  }

  @Test
  void aRestartAfterAPauseStartsTheCountAgainWithoutProgress() {
    StallDetector d = new StallDetector(Duration.ofSeconds(1), TICK, 0);
    long ticks = StallDetector.stallTime(Duration.ofSeconds(1)).toMillis() / TICK.toMillis();
    for (long i = 1; i < ticks; i++) d.tick(5);
    d.restart(5); // resumed: the idle ticks before the pause do not count
    for (long i = 1; i < ticks; i++) assertFalse(d.tick(5), "tick " + i + " after the restart");
    assertTrue(d.tick(5));
  }
}
