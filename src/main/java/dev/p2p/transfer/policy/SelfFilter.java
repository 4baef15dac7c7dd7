package dev.p2p.transfer.policy;

import dev.p2p.storage.PeerAddress;

/**
 * Recognises this node in the tracker's peer list, so a download never connects to itself: by
 * peer ID, or by its own port on its own host, where any {@code 127.*} address counts as the same
 * loopback host (the tracker may list us under another loopback address than we bound).
 */
public record SelfFilter(String nodeId, String host, int port) {
  public boolean isSelf(String peerId, PeerAddress peer) {
    return peerId.equals(nodeId) || (peer.port() == port && (peer.host().equals(host)
        || peer.host().startsWith("127.") && host.startsWith("127.")));
  }
}
