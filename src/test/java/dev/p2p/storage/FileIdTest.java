package dev.p2p.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileIdTest {
  private static final String EMPTY = TestFiles.EMPTY_SHA256;

  @Test
  void parseAcceptsUpperCaseAndReturnsLowerCase() {
    assertEquals(EMPTY, FileId.parse(EMPTY.toUpperCase()).hex());
  }

  @Test
  void parseTrimsSurroundingWhitespace() {
    assertEquals(EMPTY, FileId.parse("  \t" + EMPTY + "\n").hex());
  }

  @Test
  void parseRejects63Characters() {
    var e = assertThrows(IllegalArgumentException.class, () -> FileId.parse(EMPTY.substring(1)));
    assertTrue(e.getMessage().contains("expected 64 hex characters"), e.getMessage());
  }

  @Test
  void parseRejects65Characters() {
    var e = assertThrows(IllegalArgumentException.class, () -> FileId.parse(EMPTY + "0"));
    assertTrue(e.getMessage().contains("expected 64 hex characters"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"g", "-", " ", "x"})
  void parseRejectsNonHexAndQuotesTheInput(String bad) {
    String text = bad + EMPTY.substring(1);
    var e = assertThrows(IllegalArgumentException.class, () -> FileId.parse(text));
    assertTrue(e.getMessage().startsWith("not a file ID"), e.getMessage());
    assertTrue(e.getMessage().contains(text.strip()), e.getMessage());
  }

  @Test
  void parseRejectsMissingAndEmptyInput() {
    assertThrows(IllegalArgumentException.class, () -> FileId.parse(null));
    assertThrows(IllegalArgumentException.class, () -> FileId.parse("   "));
  }

  @Test
  void parseDoesNotEchoHugeInputs() {
    var e = assertThrows(IllegalArgumentException.class, () -> FileId.parse("z".repeat(10_000)));
    assertTrue(e.getMessage().contains("10000 characters"), e.getMessage());
    assertTrue(e.getMessage().length() < 200, "message stays one short line");
  }

  @Test
  void constructorIsStrictAboutCase() {
    assertThrows(IllegalArgumentException.class, () -> new FileId(EMPTY.toUpperCase()));
    assertFalse(FileId.isValid(EMPTY.toUpperCase()));
    assertTrue(FileId.isValid(EMPTY));
  }

  @Test
  void shortHexIsTheFirstEightCharacters() {
    assertEquals("e3b0c442", new FileId(EMPTY).shortHex());
    assertEquals(EMPTY, new FileId(EMPTY).toString());
  }

  @Test
  void anOriginalStyleIdIsSixteenAsciiHexCharactersInEitherCase() {
    assertTrue(FileId.isLegacyId("0123456789abcdef"));
    assertTrue(FileId.isLegacyId("0123456789ABCDEF"));
    assertFalse(FileId.isLegacyId("0123456789abcde"));
    assertFalse(FileId.isLegacyId("0123456789abcdeg"));
    assertFalse(FileId.isLegacyId("\u0663123456789abcdef".substring(0, 16)), "an Arabic-Indic digit is no hex digit");
  }
}
