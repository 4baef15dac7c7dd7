package dev.p2p.storage;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Set;

/**
 * Turns a remote file name, which is only a hint, into a name that stays inside the download
 * folder: directories are stripped, control characters, {@code ..} and reserved names replaced.
 */
public final class SafeNames {
  private static final Set<String> RESERVED =
      Set.of("con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7",
          "com8", "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9");

  /**
   * Names are limited in UTF-8 bytes (255 on ext4, APFS, NTFS...), not chars; 200 leaves room for
   * a reserved-name prefix and the " (n)" of {@link #freeName}.
   */
  private static final int MAX_NAME_BYTES = 200;

  private SafeNames() {}

  /** Whether {@code name} is a plain file name already: {@link #sanitize} leaves it as it is. */
  public static boolean isPlain(String name) {
    return sanitize(name, "").equals(name);
  }

  /** A plain file name derived from {@code hint}; falls back to {@code fallback} when nothing is left. */
  public static String sanitize(String hint, String fallback) {
    String s = hint == null ? "" : hint;
    int slash = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
    s = s.substring(slash + 1);
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints().forEach(c -> {
      boolean bad = c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == ':' || c == '*'
          || c == '?' || c == '"' || c == '<' || c == '>' || c == '|' || isBidiControl(c);
      b.appendCodePoint(bad ? '_' : c);
    });
    s = keepTail(b.toString(), MAX_NAME_BYTES).strip();
    while (s.startsWith(".")) s = s.substring(1);  // no "..", no hidden files, no "."
    while (s.endsWith(".") || s.endsWith(" ")) s = s.substring(0, s.length() - 1);
    String stem = s.contains(".") ? s.substring(0, s.indexOf('.')) : s;
    if (RESERVED.contains(stem.toLowerCase(Locale.ROOT))) s = "_" + s;
    return s.isEmpty() ? fallback : s;
  }

  /** The longest tail of {@code s} (where the extension is) of at most {@code max} UTF-8 bytes. */
  private static String keepTail(String s, int max) {
    int bytes = 0;
    int start = s.length();
    while (start > 0) {
      int cp = s.codePointBefore(start);
      int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (bytes + n > max) break;
      bytes += n;
      start -= Character.charCount(cp);
    }
    return s.substring(start);
  }

  /**
   * Characters that reorder how a name is displayed: with U+202E, "invoice<U+202E>fdp.exe" shows
   * as "invoiceexe.pdf".
   */
  private static boolean isBidiControl(int c) {
    return c == 0x061c || c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e)
        || (c >= 0x2066 && c <= 0x2069);
  }

  /**
   * A path in {@code dir} for {@code name} that does not exist yet (not even as a dangling link):
   * {@code name}, else {@code stem (1).ext}, {@code stem (2).ext}, ...
   */
  public static Path freeName(Path dir, String name) {
    Path p = resolveInside(dir, name);
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    String ext = dot > 0 ? name.substring(dot) : "";
    for (int i = 1; Files.exists(p, LinkOption.NOFOLLOW_LINKS); i++) {
      p = resolveInside(dir, stem + " (" + i + ")" + ext);
    }
    return p;
  }

  /**
   * Gives the finished, verified file {@code part} its final name in {@code dir}: {@code name}
   * (already safe) or the next free one, never replacing a file. A hard link, which fails if
   * someone takes the name meanwhile (then the next free name is tried), after which the partial
   * name goes (best effort: the file is in place either way); where the file system has no hard
   * links (FAT, exFAT, some network shares) a move to a name still free.
   */
  public static Path placeFinished(Path dir, String name, Path part) throws IOException {
    while (true) {
      Path target = freeName(dir, name);
      try {
        Files.createLink(target, part);
      } catch (FileAlreadyExistsException raced) {
        continue;
      } catch (UnsupportedOperationException | IOException noLinks) {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) continue;
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
      }
      try {
        Files.delete(part);
      } catch (IOException stale) {
        // a second name of the same, complete content: harmless, and the download succeeded
      }
      return target;
    }
  }

  /** Resolves a plain name in {@code dir}, refusing anything that would land elsewhere. */
  public static Path resolveInside(Path dir, String name) {
    Path base = dir.toAbsolutePath().normalize();
    Path p = base.resolve(name).normalize();
    if (!p.getParent().equals(base)) {
      throw new IllegalArgumentException("file name escapes the download folder: " + name);
    }
    return p;
  }
}
