package dev.p2p.storage;

import java.util.Locale;

/**
 * The identity of a file: the SHA-256 of its whole content as 64 lowercase hex characters, the
 * same string {@code sha256sum} prints. Example: {@code
 * e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855} is the empty file.
 */
public record FileId(String hex) {
  public FileId {
    if (!isValid(hex)) {
      throw new IllegalArgumentException("file ID must be 64 lowercase hex characters (SHA-256)");
    }
  }

  /** Parses user input: surrounding blanks are ignored and upper-case hex is accepted. */
  public static FileId parse(String text) {
    if (text == null) throw new IllegalArgumentException("file ID is missing");
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (!isValid(t)) {
      throw new IllegalArgumentException(
          "not a file ID: expected 64 hex characters (the SHA-256 of the file), got "
              + (t.length() > 80 ? t.length() + " characters" : "'" + t + "'"));
    }
    return new FileId(t);
  }

  /**
   * Why {@code text} is not a file ID, or "" if it is one. Surrounding blanks are ignored and
   * upper-case hex is accepted, as {@link #parse} does.
   */
  public static String problem(String text) {
    String t = text == null ? "" : text.strip();
    if (t.isEmpty()) return "Paste the ID of the file to download (64 hex characters).";
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (Character.digit(c, 16) < 0) {
        String shown = Character.isWhitespace(c) ? "a space" : "'" + c + "'";
        return "Not a file ID: it may contain only 0-9 and a-f, but has " + shown + " at position "
            + (i + 1) + ".";
      }
    }
    if (t.length() != 64) {
      return "Not a file ID: it has 64 hex characters, this has " + t.length() + ".";
    }
    return "";
  }

  /** 64 lowercase hex characters. A loop, not a regex: every decoded message checks its IDs. */
  public static boolean isValid(String text) {
    if (text == null || text.length() != 64) return false;
    for (int i = 0; i < 64; i++) {
      char c = text.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) return false;
    }
    return true;
  }

  /** The first 8 hex characters, for logs and temporary file names. */
  public String shortHex() {
    return hex.substring(0, 8);
  }

  /**
   * The original Python program's ID of this file: the first 16 hex characters (64 bits) of the
   * SHA-256. Enough to look a file up, too short to prove one: see docs/protocol.md.
   */
  public String legacyId() {
    return hex.substring(0, 16);
  }

  /** True if {@code text} is an original-style ID: exactly 16 hex characters, either case. */
  public static boolean isLegacyId(String text) {
    if (text == null || text.length() != 16) return false;
    for (int i = 0; i < 16; i++) {
      // ASCII only: Character.digit would also take other scripts' digits, such as U+0663.
      char c = text.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) return false;
    }
    return true;
  }

  @Override
  public String toString() {
    return hex;
  }
}
