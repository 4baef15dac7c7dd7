package dev.p2p.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The original-protocol flags refuse what they cannot do in one line, before starting anything. */
class LegacyOptionsTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "share f.bin --wire seed --private|error: --wire seed shares publicly and hashes: no --private, --expires, --max-downloads or --id",
      "share f.bin --wire seed --expires 1h|error: --wire seed shares publicly and hashes: no --private, --expires, --max-downloads or --id",
      "share f.bin --wire bittorrent|error: --wire must be p2p or seed, not 'bittorrent'",
      "get 0123456789ABCDEF --seed|error: --seed needs the full 64-hex ID; 'p2p share --wire seed' serves the original's peers"})
  void refusesInOneLine(String args, String error) {
    Captured r = Captured.run(args.split(" "));
    assertEquals(1, r.code());
    assertEquals(error, r.err().strip());
    assertEquals("", r.out());
  }
}
