package dev.p2p.transfer.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequeryPolicyTest {
  @ParameterizedTest(name = "after {0}, new {1}, met all {2}, {3} connected -> {4}")
  @CsvSource(textBlock = """
      PT1S,  false, false,   1, PT2S
      PT2S,  false, false,   1, PT4S
      PT4S,  false, false,   8, PT8S
      PT8S,  false, false,   8, PT8S
      PT8S,  true,  false,   8, PT1S
      PT1S,  true,  true,    8, PT30S
      PT30S, false, false,   3, PT8S
      PT1S,  false, false,  16, PT30S
      """)
  void backsOffWhileNobodyNewTurnsUpAndSettlesOnceAllAreConnected(Duration last, boolean foundNew,
      boolean metAll, int connected, Duration wait) {
    assertEquals(wait, RequeryPolicy.DEFAULT.next(last, foundNew, metAll, connected));
  }

  @Test
  void theFirstRequeryComesAfterOneSecond() {
    assertEquals(Duration.ofSeconds(1), RequeryPolicy.DEFAULT.first());
  }
}
