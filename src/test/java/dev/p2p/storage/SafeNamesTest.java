package dev.p2p.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SafeNamesTest {
  private static final String FALLBACK = "fallback-id";

  @TempDir Path dir;

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("report.pdf", "report.pdf"),
        Arguments.of("../../etc/passwd", "passwd"),
        Arguments.of("/abs/x.txt", "x.txt"),
        Arguments.of("a\\b\\c.txt", "c.txt"),
        Arguments.of("..\\..\\windows\\win.ini", "win.ini"),
        Arguments.of("C:\\Users\\x\\notes.txt", "notes.txt"),
        Arguments.of("C:notes.txt", "C_notes.txt"),
        Arguments.of("..", FALLBACK),
        Arguments.of(".", FALLBACK),
        Arguments.of("", FALLBACK),
        Arguments.of(null, FALLBACK),
        Arguments.of("dir/", FALLBACK),
        Arguments.of("   ", FALLBACK),
        Arguments.of(".hidden", "hidden"),
        Arguments.of("trailing. . ", "trailing"),
        Arguments.of("a\u0000b.txt", "a_b.txt"),
        Arguments.of("tab\there\nnew\rline.txt", "tab_here_new_line.txt"),
        Arguments.of("bell\u0007\u007f\u0085.txt", "bell___.txt"),
        Arguments.of("a:b*c?d\"e<f>g|h.txt", "a_b_c_d_e_f_g_h.txt"),
        Arguments.of("CON", "_CON"),
        Arguments.of("nul.txt", "_nul.txt"),
        Arguments.of("com1.tar.gz", "_com1.tar.gz"),
        Arguments.of("LPT9", "_LPT9"),
        Arguments.of("console.txt", "console.txt"),
        Arguments.of("invoice\u202Efdp.exe", "invoice_fdp.exe"),
        Arguments.of("caf\u00e9 \u65e5\u672c.txt", "caf\u00e9 \u65e5\u672c.txt"));
  }

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @MethodSource("cases")
  void sanitizeGivesAPlainNameInsideTheFolder(String hint, String expected) throws IOException {
    String name = SafeNames.sanitize(hint, FALLBACK);
    assertEquals(expected, name);
    Path p = SafeNames.resolveInside(dir, name);
    assertEquals(dir.toAbsolutePath().normalize(), p.getParent());
    Files.createFile(p); // really usable as a file name here
    assertTrue(Files.isRegularFile(p));
  }

  @Test
  void veryLongNameIsShortenedKeepingTheExtension() throws IOException {
    String name = SafeNames.sanitize("a".repeat(10_000) + ".txt", FALLBACK);
    assertTrue(name.endsWith(".txt"), name);
    assertTrue(name.length() <= 255, "length " + name.length());
    Files.createFile(SafeNames.resolveInside(dir, name));
  }

  @Test
  void veryLongMultiByteNameFitsTheFileSystemLimitInBytes() throws IOException {
    // 300 CJK characters are 900 bytes of UTF-8; most file systems allow 255 bytes per name.
    String name = SafeNames.sanitize("\u65e5".repeat(300) + ".txt", FALLBACK);
    assertTrue(name.getBytes(StandardCharsets.UTF_8).length <= 255,
        name.getBytes(StandardCharsets.UTF_8).length + " bytes");
    assertTrue(name.endsWith(".txt"), name);
    Files.createFile(SafeNames.resolveInside(dir, name));
    // and room is left for the " (n)" a duplicate gets
    Files.createFile(SafeNames.freeName(dir, name));
  }

  @Test
  void shorteningNeverSplitsASurrogatePair() {
    String emoji = "\ud83d\ude00"; // one code point, two chars, four UTF-8 bytes
    String name = SafeNames.sanitize(emoji.repeat(150) + "x", FALLBACK);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isHighSurrogate(c)) {
        assertTrue(i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1)));
        i++;
      } else {
        assertFalse(Character.isLowSurrogate(c), "lone low surrogate at " + i);
      }
    }
  }

  @Test
  void otherBidiControlsAreReplacedToo() {
    for (char c : new char[] {'\u202A', '\u202B', '\u202C', '\u202D', '\u2066', '\u2067',
        '\u2068', '\u2069', '\u200E', '\u200F', '\u061C'}) {
      assertEquals("a_b.txt", SafeNames.sanitize("a" + c + "b.txt", FALLBACK),
          String.format("U+%04X", (int) c));
    }
  }

  @Test
  void resolveInsideRefusesNamesThatLeaveTheFolder() {
    for (String bad : new String[] {"..", "../x", "a/b", "/etc/passwd", ""}) {
      var e = assertThrows(IllegalArgumentException.class, () -> SafeNames.resolveInside(dir, bad),
          bad);
      assertTrue(e.getMessage().contains("escapes the download folder"), e.getMessage());
    }
  }

  @Test
  void freeNamePicksTheNameItselfWhenFree() {
    assertEquals(dir.resolve("a.txt").toAbsolutePath(), SafeNames.freeName(dir, "a.txt"));
  }

  @Test
  void freeNameNumbersDuplicatesBeforeTheExtension() throws IOException {
    Files.createFile(dir.resolve("a.txt"));
    Files.createFile(dir.resolve("a (1).txt"));
    assertEquals(dir.resolve("a (2).txt").toAbsolutePath(), SafeNames.freeName(dir, "a.txt"));
  }

  @Test
  void freeNameNumbersNamesWithoutExtension() throws IOException {
    Files.createFile(dir.resolve("README"));
    assertEquals(dir.resolve("README (1)").toAbsolutePath(), SafeNames.freeName(dir, "README"));
  }

  @Test
  void freeNameTreatsADanglingSymlinkAsTaken() throws IOException {
    Files.createSymbolicLink(dir.resolve("a.txt"), dir.resolve("nowhere"));
    assertEquals(dir.resolve("a (1).txt").toAbsolutePath(), SafeNames.freeName(dir, "a.txt"));
  }
}
