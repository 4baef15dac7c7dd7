package dev.p2p.transfer.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestWindowTest {
  @ParameterizedTest(name = "rate {0} B/s, {1} chunks, chunk {2}, depth {3} -> {4}")
  @CsvSource({
      // rate, delivered, chunkSize, depth, window
      "0,       0,  1024, 8,  2", // nothing known yet: the minimum
      "0,       5,  1024, 8,  2", // delivered but idle: 1 + 0, raised to the minimum
      "1,       0,  1024, 8,  2", // a trickle: 1 + ceil(1/1024) = 2
      "2048,    1,  1024, 8,  3", // two chunks a second: 1 + 2
      "2049,    1,  1024, 8,  4", // a byte more rounds up
      "1000000, 9,  1024, 8,  8", // fast: capped by the pipeline depth
      "1000000, 9,  1024, 1,  2", // the minimum wins over a depth below it
  })
  void coversAboutOneSecondOfThePeersRateWithinTheBounds(double rate, int delivered,
      int chunkSize, int depth, int expected) {
    assertEquals(expected, RequestWindow.forRate(rate, delivered, chunkSize, depth));
  }
}
