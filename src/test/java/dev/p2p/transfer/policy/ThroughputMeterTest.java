package dev.p2p.transfer.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ThroughputMeterTest {
  static final double EPS = 1e-9;

  @ParameterizedTest(name = "weight {0}: {1} then {2} bytes in 1 s -> {3}")
  @CsvSource({
      // weight, first second, second second, smoothed after the second
      "0.3, 1000, 1000, 1000",  // steady
      "0.3, 1000, 0,    700",   // 0.7 × 1000 + 0.3 × 0
      "0.4, 1000, 0,    600",   // a peer's meter reacts faster
      "0.3, 0,    1000, 1000",  // from zero the first sample is taken as it is
  })
  void smoothsWithTheWeightOfTheNewestSample(double weight, long first, long second, double expected) {
    ThroughputMeter m = new ThroughputMeter(weight, 0);
    m.sample(first, 1.0);
    assertEquals(expected, m.sample(first + second, 1.0), EPS);
    assertEquals(expected, m.rate(), EPS);
  }

  @Test
  void measuresFromTheCountAtTheStartAndPerSecond() {
    ThroughputMeter m = new ThroughputMeter(0.3, 5000);
    assertEquals(4000, m.sample(6000, 0.25), EPS, "1000 bytes in a quarter second");
  }

  @Test
  void noTimeNoRate() {
    ThroughputMeter m = new ThroughputMeter(0.3, 0);
    assertEquals(0, m.sample(1000, 0), EPS);
  }
}
