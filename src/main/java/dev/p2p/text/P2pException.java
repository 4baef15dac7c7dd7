package dev.p2p.text;

/**
 * A failure whose message is one line meant for the user (no stack trace needed), and its
 * {@link Kind}: what happened, for scripts (the CLI's exit code, README's table).
 */
public class P2pException extends RuntimeException {
  /** What kind of failure, and the exit code the CLI gives it (2 is picocli's usage error). */
  public enum Kind {
    /** Anything else (a cancel, a refusal, an internal error). */
    FAILED(1),
    /** The tracker knows no such (public) file. */
    NOT_FOUND(3),
    /** No peer could deliver: none listed, every one failed, or all stalled. */
    NO_PEERS(4),
    /** The data does not match its ID: every manifest the tracker had was wrong. */
    INTEGRITY(5),
    /** The download folder or a file cannot be read or written (permission, disk full). */
    DISK(6),
    /** No tracker answered. */
    TRACKER_UNREACHABLE(7);

    private final int exitCode;

    Kind(int exitCode) {
      this.exitCode = exitCode;
    }

    public int exitCode() {
      return exitCode;
    }
  }

  private final Kind kind;

  public P2pException(String message) {
    this(Kind.FAILED, message);
  }

  public P2pException(String message, Throwable cause) {
    this(Kind.FAILED, message, cause);
  }

  public P2pException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public P2pException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
