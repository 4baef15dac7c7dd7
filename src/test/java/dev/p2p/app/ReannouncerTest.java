package dev.p2p.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The retry delays after failed registrations: 1 s doubling, capped at the interval, jittered. */
class ReannouncerTest {
  @ParameterizedTest(name = "failure {0}, interval {1} ms: {2}..{3} ms")
  @CsvSource({
      // failures, interval ms, shortest (jitter 0), longest (jitter -> 1)
      "1, 20000,   500,  1000",
      "2, 20000,  1000,  2000",
      "3, 20000,  2000,  4000",
      "4, 20000,  4000,  8000",
      "5, 20000,  8000, 16000",
      "6, 20000, 10000, 20000",
      "60, 20000, 10000, 20000",
      "1,   400,   200,   400",
  })
  void retryDelayDoublesFromOneSecondUpToTheIntervalWithTheSecondHalfJittered(
      int failures, long intervalMs, long shortest, long longest) {
    Duration interval = Duration.ofMillis(intervalMs);
    assertEquals(Duration.ofMillis(shortest), Reannouncer.retryDelay(failures, interval, 0));
    assertEquals(Duration.ofMillis(longest - 1), Reannouncer.retryDelay(failures, interval, 0.9999));
    // Even the longest wait leaves the tracker's TTL (three intervals by default) two more tries.
    assertEquals(true, Reannouncer.retryDelay(failures, interval, 0.9999).compareTo(interval) < 0);
  }
}
