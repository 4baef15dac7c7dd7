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
 * What the {@link Registry} actor last published for each file: its variants (competing
 * manifests, best first, each with its own peers), immutable, replaced as a whole after every
 * change. The actor is the only writer; the tracker server reads it from its connection streams
 * to answer QUERY and QUERY_PEERS without a round trip through the actor's mailbox. A reader sees
 * each file either before or after a change, never half of one.
 */
public final class PublishedFiles {
  private final ConcurrentHashMap<FileId, List<Variant>> files = new ConcurrentHashMap<>();
  private final int maxPeersPerQuery;

  public PublishedFiles(int maxPeersPerQuery) {
    this.maxPeersPerQuery = maxPeersPerQuery;
  }

  /**
   * One variant of a file as published: its manifest, the manifest's {@link Manifest#variant}
   * name and its peers. Never changed after construction, except its encoding caches (a change
   * to the file publishes new variants, so a cached answer's count of variants stays true).
   */
  static final class Variant {
    final Manifest manifest;
    final String digest;
    final List<PeerInfo> peers;
    /** The QUERY_RESULT body, when every peer fits in one answer; made on first use. */
    private volatile ByteString encoded;
    /** The same for PEERS. */
    private volatile ByteString encodedPeers;

    Variant(Manifest manifest, String digest, List<PeerInfo> peers) {
      this.manifest = manifest;
      this.digest = digest;
      this.peers = List.copyOf(peers);
    }
  }

  /** Called by the registry only: the file's variants after a change, best first (none: forgotten). */
  void publish(FileId id, List<Variant> variants) {
    if (variants.isEmpty()) files.remove(id);
    else files.put(id, List.copyOf(variants));
  }

  /** The answer to a QUERY without exclusions: that of the file's best variant. */
  public ByteString answer(FileId id) {
    return answer(id, List.of());
  }

  /**
   * The encoded body of the answer to QUERY {@code id}: QUERY_RESULT with the manifest of the
   * best variant not named in {@code exclude} and up to max-peers-per-query of its peers (chosen
   * at random when there are more), or ERROR NOT_FOUND.
   */
  public ByteString answer(FileId id, List<String> exclude) {
    List<Variant> vs = files.get(id);
    if (vs == null) return notFound(id, "no peer shares file " + id);
    // The common case, one variant and nothing excluded, costs no more than before variants.
    Variant v = exclude.isEmpty() ? vs.get(0) : firstNotIn(vs, exclude);
    if (v == null) {
      return notFound(id, "the tracker holds no manifest of file " + id + " besides the "
          + exclude.size() + " excluded");
    }
    if (v.peers.size() > maxPeersPerQuery) {
      return Codec.encode(Message.QueryResult.of(v.manifest, sample(v.peers), vs.size()));
    }
    ByteString b = v.encoded;
    if (b == null) {
      // Benign race: two readers may both encode; both results are equal.
      b = Codec.encode(Message.QueryResult.of(v.manifest, v.peers, vs.size()));
      v.encoded = b;
    }
    return b;
  }

  /**
   * The encoded body of the answer to QUERY_PEERS {@code id}: PEERS with the same choice of peers
   * as {@link #answer}, from the variant named {@code variant} (null: the best one), and the total
   * registered for that variant; or ERROR NOT_FOUND.
   */
  public ByteString peers(FileId id, String variant) {
    List<Variant> vs = files.get(id);
    if (vs == null) return notFound(id, "no peer shares file " + id);
    Variant v = variant == null ? vs.get(0) : named(vs, variant);
    if (v == null) return notFound(id, "no peer shares manifest " + variant + " of file " + id);
    int total = v.peers.size();
    if (total > maxPeersPerQuery) return Codec.encode(new Message.Peers(id, total, sample(v.peers)));
    ByteString b = v.encodedPeers;
    if (b == null) {
      b = Codec.encode(new Message.Peers(id, total, v.peers));
      v.encodedPeers = b;
    }
    return b;
  }

  private static Variant firstNotIn(List<Variant> vs, List<String> exclude) {
    for (Variant v : vs) {
      if (!exclude.contains(v.digest)) return v;
    }
    return null;
  }

  private static Variant named(List<Variant> vs, String digest) {
    for (Variant v : vs) {
      if (v.digest.equals(digest)) return v;
    }
    return null;
  }

  private static ByteString notFound(FileId id, String reason) {
    return Codec.encode(new Message.Error(ErrorCode.NOT_FOUND, reason, id, null));
  }

  /** A random choice of max-peers-per-query of {@code peers}, which has more than that. */
  private List<PeerInfo> sample(List<PeerInfo> peers) {
    return sample(peers, maxPeersPerQuery);
  }

  /** {@code peers} when at most {@code max}, else a random choice of {@code max} of them. */
  static List<PeerInfo> sample(List<PeerInfo> peers, int max) {
    if (peers.size() <= max) return peers;
    List<PeerInfo> some = new ArrayList<>(peers);
    Collections.shuffle(some, ThreadLocalRandom.current());
    return List.copyOf(some.subList(0, max));
  }
}
