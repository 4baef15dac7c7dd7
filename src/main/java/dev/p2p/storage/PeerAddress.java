package dev.p2p.storage;

/**
 * Where a peer's chunk server listens: a host (name or IP literal) and a TCP port. Written
 * {@code host:port}, or {@code [v6]:port} for an IPv6 literal; this is also the key under which a
 * download and the tracker know a peer.
 */
public record PeerAddress(String host, int port) {
  public PeerAddress {
    if (host == null || host.isBlank()) throw new IllegalArgumentException("peer host is empty");
    if (port < 0 || port > 65535) throw new IllegalArgumentException("peer port out of range: " + port);
  }

  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
