package dev.p2p.transfer.policy;

import dev.p2p.storage.PeerAddress;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Recognises this node in the tracker's peer list, so a download never connects to itself: by
 * its own port, on its own host (where any {@code 127.*} address counts as the same loopback
 * host: the tracker may list us under another loopback address than we bound) or under its own
 * peer ID at another address of this machine.
 *
 * <p>The peer ID alone is not enough, with the port or without: processes of one user share the
 * node identity, so a sharer on this machine has our ID on another port, and so do the user's
 * other machines, containers and network namespaces that share the home folder, on the same
 * port at another address (a swarm of namespaces on one host was never downloaded from because
 * of it).
 */
public record SelfFilter(String nodeId, String host, int port, Predicate<String> local) {
  /** A dotted-quad IPv4 literal, every part 0-255 (anything else would go to DNS). */
  private static final Pattern IPV4 =
      Pattern.compile("((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)");

  /** This node, bound at {@code host:port}; "local" means an address of this machine's interfaces. */
  public SelfFilter(String nodeId, String host, int port) {
    this(nodeId, host, port, SelfFilter::isLocalAddress);
  }

  public boolean isSelf(String peerId, PeerAddress peer) {
    if (peer.port() != port) return false;
    return peer.host().equals(host) || peer.host().startsWith("127.") && host.startsWith("127.")
        || peerId.equals(nodeId) && local.test(peer.host());
  }

  /**
   * Whether {@code host} (an IP literal) is an address of this machine: a wildcard, loopback, or
   * one of its interfaces' (in this network namespace). Names are never resolved: false.
   */
  static boolean isLocalAddress(String host) {
    // Bracketed, a string with ':' is parsed as IPv6 or refused, never resolved; isSelf runs on
    // the download's actor, where a lookup would block it.
    String literal = IPV4.matcher(host).matches() ? host
        : host.indexOf(':') < 0 ? null : host.startsWith("[") ? host : "[" + host + "]";
    if (literal == null) return false;
    try {
      InetAddress a = InetAddress.getByName(literal);
      return a.isAnyLocalAddress() || a.isLoopbackAddress() || NetworkInterface.getByInetAddress(a) != null;
    } catch (IOException e) {
      return false;
    }
  }
}
