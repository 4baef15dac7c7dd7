package dev.p2p.net;

/**
 * What the client of a TLS connection accepts as the server's node ID, checked once the handshake
 * is done and before a frame is sent. A refusal throws {@link Transport.WrongPeer}, whose message
 * says who presented what.
 */
@FunctionalInterface
public interface Pin {
  /** Accepts {@code presented} (the server's node ID) or throws {@link Transport.WrongPeer}. */
  void check(String presented);

  /** Any node: for a server nothing is known about yet. */
  static Pin none() {
    return presented -> {};
  }

  /** Exactly {@code nodeId}, as the tracker listed it for the peer {@code who} (host:port). */
  static Pin exactly(String nodeId, String who) {
    return presented -> {
      if (!presented.equals(nodeId)) {
        throw new Transport.WrongPeer("peer " + who + " presented node ID " + Transport.shortId(presented)
            + ", expected " + Transport.shortId(nodeId) + ": refused");
      }
    };
  }
}
