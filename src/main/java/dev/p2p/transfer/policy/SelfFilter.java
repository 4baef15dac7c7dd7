package dev.p2p.transfer.policy;

import dev.p2p.storage.PeerAddress;

/**
 * Recognises this node in the tracker's peer list, so a download never connects to itself: by
 * its own port, under its own peer ID or on its own host, where any {@code 127.*} address counts as the same
 * loopback host (the tracker may list us under another loopback address than we bound).
 */
public record SelfFilter(String nodeId, String host, int port) {
  public boolean isSelf(String peerId, PeerAddress peer) {
    // The peer ID alone is not enough: processes of one user share the node identity, so a
    // sharer on this machine has our ID, but another port.
    return peer.port() == port && (peerId.equals(nodeId) || peer.host().equals(host)
        || peer.host().startsWith("127.") && host.startsWith("127."));
  }
}
