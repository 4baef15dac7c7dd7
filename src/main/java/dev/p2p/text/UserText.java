package dev.p2p.text;

import java.io.UncheckedIOException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one home of text meant for a person about a failure: one line, never a stack trace. The
 * CLI, the window, the logs and the wire's ERROR reasons all go through here. Each form first
 * peels the wrappers that futures and streams put around the failure ({@link #unwrap}).
 */
public final class UserText {
  private static final int MAX_LINE = 300;

  private UserText() {}

  /**
   * Peels {@link CompletionException} and {@link ExecutionException}, and an {@link
   * UncheckedIOException} that adds no words of its own (built from its cause alone); a wrapper
   * that says something ("could not save settings to ...") is what the user should read.
   */
  public static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while (t != null && t.getCause() != null && (t instanceof CompletionException
        || t instanceof ExecutionException
        || t instanceof UncheckedIOException && Objects.equals(t.getMessage(), t.getCause().toString()))) {
      t = t.getCause();
    }
    return t;
  }

  /**
   * A failure as one line for the terminal, logs and ERROR replies: blanks (newlines too) folded,
   * at most 300 characters; the exception's simple class name when it has no message.
   */
  public static String oneLine(Throwable e) {
    Throwable t = unwrap(e);
    String m = message(t);
    return fold(m == null || m.isBlank() ? t.getClass().getSimpleName() : m);
  }

  /**
   * The message of {@code t}, in words where the JDK gives none: a file system failure's message
   * is the bare path when the operating system gave no reason ("/srv/x.part" for a permission
   * denied), so the kind of failure is named after it.
   */
  private static String message(Throwable t) {
    if (!(t instanceof FileSystemException f) || f.getReason() != null || f.getFile() == null) {
      return t.getMessage();
    }
    String why = t instanceof AccessDeniedException ? "permission denied"
        : t instanceof NoSuchFileException ? "no such file or folder"
        : t instanceof FileAlreadyExistsException ? "already exists"
        : t instanceof NotDirectoryException ? "not a folder"
        : t instanceof DirectoryNotEmptyException ? "folder not empty"
        : null;
    return why == null ? t.getMessage() : t.getMessage() + ": " + why;
  }

  /**
   * A failure as the window shows it: the first line of its message only (the rest is detail a
   * dialog has no room for), "unexpected error (NullPointerException)" when it has none.
   */
  public static String firstLine(Throwable e) {
    Throwable t = unwrap(e);
    if (t == null) return "unknown error";
    String m = message(t);
    if (m == null || m.isBlank()) return "unexpected error (" + t.getClass().getSimpleName() + ")";
    return m.strip().lines().findFirst().orElse("");
  }

  /**
   * The innermost message in the cause chain, as one line: the low-level reason ("Connection
   * refused") that layers of stream and socket wrappers repeat or hide.
   */
  public static String rootReason(Throwable e) {
    String reason = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      // The JDK's message of an unknown host is the bare name: say what is wrong with it.
      if (t instanceof UnknownHostException) reason = "unknown host " + t.getMessage() + ": the name does not resolve";
      else if (t.getMessage() != null) reason = message(t);
    }
    return reason == null ? oneLine(e) : fold(reason);
  }

  private static String fold(String m) {
    String line = m.replaceAll("\\s+", " ");
    return line.length() > MAX_LINE ? line.substring(0, MAX_LINE) + "..." : line;
  }

  /**
   * {@code name} (from the network: anyone may register any name) with every control, format
   * (bidirectional overrides, zero-width) and separator character shown as '?', so that a name
   * cannot move the cursor, hide text or break a row into two.
   */
  public static String printable(String name) {
    StringBuilder b = new StringBuilder(name.length());
    name.codePoints().forEach(c -> {
      int t = Character.getType(c);
      boolean bad = t == Character.CONTROL || t == Character.FORMAT || t == Character.LINE_SEPARATOR
          || t == Character.PARAGRAPH_SEPARATOR || t == Character.SURROGATE || t == Character.UNASSIGNED;
      b.appendCodePoint(bad ? '?' : c);
    });
    return b.toString();
  }
}
