package dev.p2p.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnitsTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      0                | 0 B
      12               | 12 B
      1023             | 1023 B
      1024             | 1.0 KiB
      1572864          | 1.5 MiB
      2147483648       | 2.0 GiB
      1610612736       | 1.5 GiB
      1099511627776    | 1.0 TiB
      1125899906842624 | 1024.0 TiB
      -1               | ''
      """)
  void bytesInBinaryUnits(long bytes, String text) {
    assertEquals(text, Units.bytes(bytes));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      0        | ''
      NaN      | ''
      -5       | ''
      512      | 512 B/s
      10485760 | 10.0 MiB/s
      """)
  void speedIsEmptyWhenNothingMoves(double bytesPerSecond, String text) {
    assertEquals(text, Units.speed(bytesPerSecond));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      100                 | 10  | 10s
      1000                | 10  | 1m 40s
      100000              | 10  | 2h 46m
      9223372036854775807 | 1   | > 99h
      100                 | 0   | ''
      0                   | 10  | ''
      101                 | 10  | 11s
      """)
  void etaInSecondsMinutesHours(long remaining, double bytesPerSecond, String text) {
    assertEquals(text, Units.eta(remaining, bytesPerSecond));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      0    | 0s       | 0 s
      42   | 42s      | 42 s
      59   | 59s      | 59 s
      60   | 1m 00s   | 1 min 00 s
      185  | 3m 05s   | 3 min 05 s
      3599 | 59m 59s  | 59 min 59 s
      3720 | 1h 02m   | 1 h 02 min
      """)
  void durationCompactForTheWindowSpacedForTheTerminal(long seconds, String compact, String spaced) {
    assertEquals(compact, Units.compactDuration(seconds));
    assertEquals(spaced, Units.spacedDuration(seconds));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      0.2   | 1 s
      59.5  | 60 s
      185.9 | 3 min 05 s
      """)
  void terminalRoundsUpUnderAMinuteOnly(double seconds, String text) {
    assertEquals(text, Units.spacedDuration(seconds));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      123      | 123
      ' 64K '  | 65536
      64M      | 67108864
      1G       | 1073741824
      2GiB     | 2147483648
      512KB    | 524288
      1.5k     | 1536
      1T       | 1099511627776
      10B      | 10
      """)
  void parsesSizesInPowersOf1024(String text, long bytes) {
    assertEquals(bytes, Units.parseSize(text));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"''", "-1", "lots", "NaN", "1X", "K"})
  void explainsANonSizeWithExamples(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Units.parseSize(text));
    assertEquals("not a size: '" + text + "' (examples: 1048576, 64K, 64M, 1G)", e.getMessage());
  }
}
