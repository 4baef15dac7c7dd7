package dev.p2p.transfer.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestWindowTest {
  @ParameterizedTest(name = "rate {0} B/s, {1} chunks, chunk {2}, depth {3} -> {4}")
  @CsvSource({
      // rate, delivered, chunkSize, depth, window
      "0,        0,  1024,   32, 4",  // nothing known yet: the initial window
      "0,        0,  1024,   3,  3",  // ...within the pipeline depth
      "0,        5,  1024,   32, 2",  // delivered but idle: 0, raised to the minimum
      "1,        0,  1024,   32, 2",  // a trickle: ceil(0.5/1024) = 1, raised to the minimum
      "6144,     1,  1024,   32, 3",  // six chunks a second: half a second of them
      "6145,     1,  1024,   32, 4",  // a byte more rounds up
      "1000000,  9,  1024,   8,  8",  // fast: capped by the pipeline depth
      "1e9,      9,  262144, 64, 32", // 1 GB/s of 256 KiB chunks: capped at 8 MiB
      "1e9,      9,  1048576, 64, 8", // 1 MiB chunks: the same 8 MiB
      "1e9,      9,  16777216, 64, 2", // 16 MiB chunks: the minimum wins over the byte cap
      "1000000,  9,  1024,   1,  2",  // the minimum wins over a depth below it
  })
  void coversHalfASecondOfThePeersRateWithinTheBounds(double rate, int delivered,
      int chunkSize, int depth, int expected) {
    assertEquals(expected, RequestWindow.forRate(rate, delivered, chunkSize, depth));
  }
}
