package dev.p2p.text;

/**
 * An address typed by a person: {@code host:port}, or {@code [ipv6]:port} (an IPv6 literal must
 * be in brackets, since its colons would hide the port). Parsing throws {@link Invalid}, which
 * says what is wrong in a {@link Invalid.Reason}, so that each caller words it for its own users
 * (a command-line flag, a form field). {@link #toString()} writes the form {@link #parse} reads.
 */
public record HostPort(String host, int port) {
  /** The highest TCP port. */
  public static final int MAX_PORT = 65535;

  /**
   * Parses {@code host:port} or {@code [ipv6]:port} (blanks around it ignored), the port in
   * {@code minPort..65535}.
   */
  public static HostPort parse(String text, int minPort) throws Invalid {
    String t = text == null ? "" : text.strip();
    if (t.isEmpty()) throw new Invalid(Invalid.Reason.EMPTY, t);
    String host;
    String port;
    if (t.startsWith("[")) {
      int end = t.indexOf(']');
      if (end < 0 || end + 1 >= t.length() || t.charAt(end + 1) != ':') {
        throw new Invalid(Invalid.Reason.BAD_BRACKETS, t);
      }
      host = t.substring(1, end);
      port = t.substring(end + 2);
    } else {
      int colon = t.lastIndexOf(':');
      if (colon < 0) throw new Invalid(Invalid.Reason.NO_PORT, t);
      host = t.substring(0, colon);
      port = t.substring(colon + 1);
      if (host.indexOf(':') >= 0) throw new Invalid(Invalid.Reason.IPV6_WITHOUT_BRACKETS, t);
    }
    if (host.isEmpty()) throw new Invalid(Invalid.Reason.EMPTY_HOST, t);
    if (host.chars().anyMatch(Character::isWhitespace)) throw new Invalid(Invalid.Reason.SPACE_IN_HOST, t);
    return new HostPort(host, port(port, minPort));
  }

  /** Parses a TCP port in {@code minPort..65535} (blanks around it ignored). */
  public static int port(String text, int minPort) throws Invalid {
    String t = text == null ? "" : text.strip();
    int port;
    try {
      port = Integer.parseInt(t);
    } catch (NumberFormatException e) {
      throw new Invalid(Invalid.Reason.PORT_NOT_A_NUMBER, t);
    }
    if (port < minPort || port > MAX_PORT) throw new Invalid(Invalid.Reason.PORT_OUT_OF_RANGE, t);
    return port;
  }

  /** {@code host:port}, {@code [::1]:port} for an IPv6 literal. */
  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  /** Text that is not an address or a port; {@link #text()} is the part at fault (stripped). */
  public static final class Invalid extends IllegalArgumentException {
    /** What is wrong: a caller turns it into its own sentence. */
    public enum Reason {
      EMPTY, NO_PORT, BAD_BRACKETS, IPV6_WITHOUT_BRACKETS, EMPTY_HOST, SPACE_IN_HOST,
      PORT_NOT_A_NUMBER, PORT_OUT_OF_RANGE;

      /** Whether the port alone is at fault (the host part was fine). */
      public boolean isPort() {
        return this == PORT_NOT_A_NUMBER || this == PORT_OUT_OF_RANGE;
      }
    }

    private final Reason reason;
    private final String text;

    Invalid(Reason reason, String text) {
      super(reason + ": '" + text + "'");
      this.reason = reason;
      this.text = text;
    }

    public Reason reason() {
      return reason;
    }

    /** The whole address for a shape problem, the port text for a port problem. */
    public String text() {
      return text;
    }
  }
}
