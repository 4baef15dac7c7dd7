package dev.p2p.transfer.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {
  @ParameterizedTest(name = "after {0} failed attempts -> {1}")
  @CsvSource({
      "1, PT1S",
      "2, PT2S",
      "3, PT4S",
      "4, ",     // four attempts made: give up
      "5, ",
  })
  void theTrackerIsAskedFourTimesOneTwoAndFourSecondsApart(int made, Duration wait) {
    assertEquals(Optional.ofNullable(wait), Backoff.TRACKER.after(made));
  }
}
