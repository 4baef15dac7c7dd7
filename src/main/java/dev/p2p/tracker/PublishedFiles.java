package dev.p2p.tracker;

import dev.p2p.protocol.Codec;
import dev.p2p.protocol.ErrorCode;
import dev.p2p.protocol.Message;
import dev.p2p.protocol.Message.PeerInfo;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.pekko.util.ByteString;

/**
 * What the {@link Registry} actor last published for each file: an immutable entry (manifest and
 * peers) that it replaces after every change. The actor is the only writer; the tracker server
 * reads it from its connection streams to answer QUERY without a round trip through the actor's
 * mailbox. A reader sees each file either before or after a change, never half of one.
 */
public final class PublishedFiles {
  private final ConcurrentHashMap<FileId, Entry> files = new ConcurrentHashMap<>();
  private final int maxPeersPerQuery;

  public PublishedFiles(int maxPeersPerQuery) {
    this.maxPeersPerQuery = maxPeersPerQuery;
  }

  /** One file as published: never changed after construction, except its encoding cache. */
  static final class Entry {
    final Manifest manifest;
    final List<PeerInfo> peers;
    /** The QUERY_RESULT body, when every peer fits in one answer; made on first use. */
    private volatile ByteString encoded;
    /** The same for PEERS. */
    private volatile ByteString encodedPeers;

    Entry(Manifest manifest, List<PeerInfo> peers) {
      this.manifest = manifest;
      this.peers = List.copyOf(peers);
    }
  }

  /** Called by the registry only: the file's state after a change (no peers: forgotten). */
  void publish(FileId id, Manifest manifest, List<PeerInfo> peers) {
    if (peers.isEmpty()) files.remove(id);
    else files.put(id, new Entry(manifest, peers));
  }

  /**
   * The encoded body of the answer to QUERY {@code id}: QUERY_RESULT with the manifest and up to
   * max-peers-per-query peers (chosen at random when there are more), or ERROR NOT_FOUND.
   */
  public ByteString answer(FileId id) {
    Entry e = files.get(id);
    if (e == null) return notFound(id);
    if (e.peers.size() > maxPeersPerQuery) {
      return Codec.encode(Message.QueryResult.of(e.manifest, sample(e.peers)));
    }
    ByteString b = e.encoded;
    if (b == null) {
      // Benign race: two readers may both encode; both results are equal.
      b = Codec.encode(Message.QueryResult.of(e.manifest, e.peers));
      e.encoded = b;
    }
    return b;
  }

  /**
   * The encoded body of the answer to QUERY_PEERS {@code id}: PEERS with the same choice of peers
   * as {@link #answer} and the total registered, or ERROR NOT_FOUND.
   */
  public ByteString peers(FileId id) {
    Entry e = files.get(id);
    if (e == null) return notFound(id);
    int total = e.peers.size();
    if (total > maxPeersPerQuery) return Codec.encode(new Message.Peers(id, total, sample(e.peers)));
    ByteString b = e.encodedPeers;
    if (b == null) {
      b = Codec.encode(new Message.Peers(id, total, e.peers));
      e.encodedPeers = b;
    }
    return b;
  }

  private static ByteString notFound(FileId id) {
    return Codec.encode(new Message.Error(ErrorCode.NOT_FOUND, "no peer shares file " + id, id, null));
  }

  /** A random choice of max-peers-per-query of {@code peers}, which has more than that. */
  private List<PeerInfo> sample(List<PeerInfo> peers) {
    List<PeerInfo> some = new ArrayList<>(peers);
    Collections.shuffle(some, ThreadLocalRandom.current());
    return List.copyOf(some.subList(0, maxPeersPerQuery));
  }
}
