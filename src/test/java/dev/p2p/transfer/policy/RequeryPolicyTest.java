package dev.p2p.transfer.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequeryPolicyTest {
  @ParameterizedTest(name = "{0} peers -> {1}")
  @CsvSource({"0, PT1S", "1, PT1S", "15, PT1S", "16, PT10S", "100, PT10S"})
  void asksEverySecondUntilSixteenPeersAreKnownThenEveryTenSeconds(int peers, Duration wait) {
    assertEquals(wait, RequeryPolicy.DEFAULT.next(peers));
  }

  @Test
  void theFirstRequeryComesAfterOneSecond() {
    assertEquals(Duration.ofSeconds(1), RequeryPolicy.DEFAULT.first());
  }
}
