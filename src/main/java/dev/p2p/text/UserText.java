package dev.p2p.text;

import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one home of text meant for a person: a failure as one line (never a stack trace). The CLI,
 * the window, the logs and the wire's ERROR reasons all go through here.
 */
public final class UserText {
  private static final int MAX_LINE = 300;

  private UserText() {}

  /** Peels the wrappers futures and streams put around a failure. */
  public static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException
        || t instanceof UncheckedIOException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** A throwable as one line for logs and ERROR replies (blanks folded, at most 300 characters). */
  public static String oneLine(Throwable e) {
    Throwable t = unwrap(e);
    String m = t.getMessage();
    if (m == null || m.isBlank()) m = t.getClass().getSimpleName();
    m = m.replaceAll("\\s+", " ");
    return m.length() > MAX_LINE ? m.substring(0, MAX_LINE) + "..." : m;
  }
}
