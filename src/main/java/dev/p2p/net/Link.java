package dev.p2p.net;

import java.net.InetSocketAddress;

/**
 * The far end of an accepted connection: the address it comes from and, over TLS, the node ID its
 * certificate proves ({@link NodeIdentity#fingerprint}); empty on a plaintext connection, where
 * the far end has proven nothing.
 */
public record Link(InetSocketAddress remote, String nodeId) {
  /** A plaintext connection from {@code remote}. */
  public static Link plaintext(InetSocketAddress remote) {
    return new Link(remote, "");
  }

  /** Whether the far end proved a node ID (the connection is TLS). */
  public boolean authenticated() {
    return !nodeId.isEmpty();
  }

  /** The remote IP address as text. */
  public String host() {
    return remote.getAddress().getHostAddress();
  }
}
