package dev.p2p.gui.main;

import dev.p2p.storage.FileId;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What the download bar accepts as a file ID, and what it says otherwise. */
class IdValidationTest {
  static final String HEX = "0123456789abcdef".repeat(4);

  @ParameterizedTest
  @ValueSource(strings = {
      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
      "0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF",
      "  0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef  ",
      "\t0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n",
  })
  void acceptsSixtyFourHexCharactersUpperCaseAndSurroundingBlanks(String text) {
    assertEquals("", FileId.problem(text));
    assertEquals("", DownloadBarViewModel.problem(text, "/tmp"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde  | Not a file ID: it has 64 hex characters, this has 63.
      0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0| Not a file ID: it has 64 hex characters, this has 65.
      abc                                                               | Not a file ID: it has 64 hex characters, this has 3.
      0123456789abcdeg0123456789abcdef0123456789abcdef0123456789abcdef  | Not a file ID: it may contain only 0-9 and a-f, but has 'g' at position 16.
      0123456789abcdef 0123456789abcdef                                 | Not a file ID: it may contain only 0-9 and a-f, but has a space at position 17.
      report.pdf                                                        | Not a file ID: it may contain only 0-9 and a-f, but has 'r' at position 1.
      """)
  void explainsWhatIsWrong(String text, String message) {
    assertEquals(message, FileId.problem(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   "})
  void asksForAnIdWhenTheFieldIsEmpty(String text) {
    assertEquals("Paste the ID of the file to download (64 hex characters).", FileId.problem(text));
  }

  @org.junit.jupiter.api.Test
  void nullIsTreatedAsEmpty() {
    assertEquals("Paste the ID of the file to download (64 hex characters).", FileId.problem(null));
  }
}
