package dev.p2p.text;

/** A failure whose message is one line meant for the user (no stack trace needed). */
public class P2pException extends RuntimeException {
  public P2pException(String message) {
    super(message);
  }

  public P2pException(String message, Throwable cause) {
    super(message, cause);
  }
}
