package dev.p2p.transfer;

import dev.p2p.peer.PeerConnection;
import dev.p2p.protocol.Access;
import dev.p2p.protocol.Message;
import dev.p2p.protocol.Message.PeerInfo;
import dev.p2p.storage.Manifest;
import dev.p2p.storage.PartialFile;
import dev.p2p.storage.PeerAddress;
import dev.p2p.transfer.Download.ConnectionEnded;
import java.net.InetSocketAddress;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Opens the peer connections of one {@link Downloading} phase, as its children: one per usable
 * peer, each watched (its end comes back as {@link ConnectionEnded}). Used on the actor's thread.
 */
final class Connector {
  private final DownloadContext c;
  private final PeerSet peers;
  private final Manifest manifest;
  private final PartialFile file;
  private final ActorRef<PeerConnection.HaveUpdate> haveAdapter;
  /** Names the connections apart ("peer-N"): a child's name is unique among its siblings. */
  private int seq;

  Connector(DownloadContext c, PeerSet peers, Manifest manifest, PartialFile file,
      ActorRef<PeerConnection.HaveUpdate> haveAdapter) {
    this.c = c;
    this.peers = peers;
    this.manifest = manifest;
    this.file = file;
    this.haveAdapter = haveAdapter;
  }

  /**
   * Connects to each of {@code infos} that may join (not ourselves, not banned, not waiting),
   * while the download has fewer than its most peers (p2p.max-peers-per-download).
   */
  void connect(List<PeerInfo> infos) {
    long now = c.now();
    for (PeerInfo info : infos) {
      if (full()) return;
      if (!peers.mayJoin(info, now)) continue;
      peers.listed(info);
      peers.joined(info.address(), open(info.address(), true));
    }
  }

  /** Whether the download has as many peers as it may: it connects to no more. */
  boolean full() {
    return peers.size() >= c.settings().maxPeers();
  }

  /**
   * A connection to {@code a} that asks what it has. With {@code hello} it says HELLO first: a
   * peer that predates HELLO then answers BAD_REQUEST instead of HAVE, and is asked again without.
   * For a private share it proves first that it holds the key, for this connection from us to
   * that peer (the node ID the tracker or its HELLO named, which TLS makes it prove).
   */
  ActorRef<PeerConnection.Command> open(PeerAddress a, boolean hello) {
    ActorRef<PeerConnection.Command> conn = c.actor().spawn(c.deps().connections().create(a,
        peers.nodeId(a), new InetSocketAddress(a.host(), a.port()), c.id(), manifest.numChunks(), haveAdapter),
        "peer-" + (seq++));
    c.actor().watchWith(conn, new ConnectionEnded(a, conn));
    c.deps().privacy().ifPresent(p -> { // in plaintext nobody proves an ID: both are empty
      String self = c.deps().library().nodeId();
      conn.tell(new PeerConnection.Notify(new Access(c.id(),
          p.key().proof(self.isEmpty() ? "" : peers.nodeId(a), self, c.id()))));
    });
    if (hello) {
      conn.tell(new PeerConnection.Notify(Message.Hello.of(c.id(), c.settings().nodeId(),
          c.settings().selfPort(), manifest.numChunks(), file.have())));
    }
    conn.tell(PeerConnection.RequestHave.INSTANCE);
    return conn;
  }
}
