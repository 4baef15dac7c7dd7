package dev.p2p.text;

import java.net.BindException;
import java.util.Optional;

/**
 * A listening socket that could not be bound, in words for the terminal. The node and tracker
 * report it with Pekko's wording and the Java class inside ("Bind failed because of
 * java.net.BindException: [/127.0.0.1:6000] Address already in use"); a newcomer should read
 * what happened and what to do instead.
 */
public final class BindFailure {
  private BindFailure() {}

  /** The {@link BindException} somewhere in the cause chain of {@code t}, if there is one. */
  public static Optional<BindException> in(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof BindException b) return Optional.of(b);
    }
    return Optional.empty();
  }

  /** Whether {@code t} is a bind failure because another process holds the port. */
  public static boolean portInUse(Throwable t) {
    return in(t).map(BindFailure::inUse).orElse(false);
  }

  /** Whether {@code b} says another process holds the port. */
  public static boolean inUse(BindException b) {
    // The JDK's text for EADDRINUSE ("Address already in use", on Windows "...: bind").
    String m = b.getMessage();
    return m != null && m.contains("in use");
  }

  /**
   * One line about {@code t} when it is a bind failure on {@code host:port}: {@code who} names the
   * likely holder of a busy port ("another p2p node", "another tracker").
   */
  public static Optional<String> describe(Throwable t, String host, int port, String who) {
    return in(t).map(b -> {
      String where = "cannot listen on " + host + ":" + port + ": ";
      if (inUse(b)) return where + "the port is in use (" + who + "?); choose another with --port";
      return where + reason(b) + "; check --host and --port";
    });
  }

  /**
   * The JDK's reason without the "[/127.0.0.1:6000] " that Pekko puts before it (the address is
   * said already), e.g. "Cannot assign requested address" for a --host not on this machine.
   */
  public static String reason(BindException b) {
    String m = b.getMessage() == null ? "" : b.getMessage().strip();
    if (m.startsWith("[")) {
      int end = m.indexOf(']');
      if (end > 0) m = m.substring(end + 1).strip();
    }
    return m.isEmpty() ? "the address cannot be bound" : m;
  }
}
