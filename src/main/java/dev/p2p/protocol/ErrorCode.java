package dev.p2p.protocol;

/**
 * Why a peer or tracker refused a request, as the {@code code} of an {@link Message.Error}. On the
 * wire each code is its name as a JSON string ({@code "NOT_FOUND"}); any other string is a
 * protocol violation, so a decoded ERROR always carries one of these.
 */
public enum ErrorCode {
  /** The file is not known here (tracker: no peer shares it; peer: not served). */
  NOT_FOUND,
  /** The peer serves the file but cannot send this chunk. */
  NO_CHUNK,
  /**
   * The request contradicts what is known. For public files no node sends it any more (a tracker
   * keeps competing manifests of one file ID as variants); a tracker still refuses with it a
   * private share's REGISTER whose manifest is not the one its owner registered.
   */
  CONFLICT,
  /** The request broke the protocol; the connection is closed after this ERROR. */
  BAD_REQUEST,
  /** Too many connections or registrations: try again later. */
  BUSY,
  /**
   * The tracker entry belongs to another node (over TLS, the one whose certificate registered
   * it): only that node may replace or withdraw it.
   */
  FORBIDDEN,
  /** The server failed on its side; the connection is closed after this ERROR. */
  INTERNAL;

  /** The code named {@code text}, exactly as on the wire. */
  static ErrorCode parse(String text) {
    if (text == null || text.isEmpty()) throw new IllegalArgumentException("code is missing");
    for (ErrorCode c : values()) {
      if (c.name().equals(text)) return c;
    }
    throw new IllegalArgumentException("unknown error code '"
        + (text.length() > 32 ? text.substring(0, 32) + "..." : text) + "'");
  }
}
