package dev.p2p.protocol;

/** Bad input from the network: the message says what was wrong, in one line. */
public final class ProtocolException extends RuntimeException {
  public ProtocolException(String message) {
    super(message);
  }

  public ProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
