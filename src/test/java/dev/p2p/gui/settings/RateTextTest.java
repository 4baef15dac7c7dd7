package dev.p2p.gui.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RateTextTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      ''          | 0
      unlimited   | 0
      ' Unlimited'| 0
      0           | 0
      2500000     | 2500000
      500K        | 512000
      2M          | 2097152
      2MiB        | 2097152
      1G          | 1073741824
      """)
  void readsSpeedsAsTheConfigDoes(String text, long bytes) {
    assertEquals(bytes, RateText.parse(text, "Upload limit"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      fast                              | Upload limit must be bytes per second like 500K or 2M, or unlimited, not 'fast'.
      -1                                | Upload limit must be bytes per second like 500K or 2M, or unlimited, not '-1'.
      2P                                | Upload limit must be from 0 to 1T, not '2P'.
      123456789012345678901234567890123 | Upload limit is too long.
      """)
  void explainsWhatIsNotASpeed(String text, String message) {
    assertEquals(message, assertThrows(IllegalArgumentException.class,
        () -> RateText.parse(text, "Upload limit")).getMessage());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      0         | unlimited
      512000    | 500K
      2097152   | 2M
      2500000   | 2500000
      """)
  void writesWhatItReads(long bytes, String text) {
    assertEquals(text, RateText.format(bytes));
    assertEquals(bytes, RateText.parse(text, "x"));
  }
}
