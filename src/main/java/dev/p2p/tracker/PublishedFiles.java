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
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.apache.pekko.util.ByteString;

/**
 * What the {@link Registry} actor last published for each file: its variants (competing
 * manifests, best first, each with its own peers), immutable, replaced as a whole after every
 * change. The actor is the only writer; the tracker server reads it from its connection streams
 * to answer QUERY and QUERY_PEERS without a round trip through the actor's mailbox. A reader sees
 * each file either before or after a change, never half of one.
 *
 * <p>Beside it: an index of the files by the original program's 16-hex ID (the start of the file
 * ID), kept as files appear and go, and the {@link LegacyFiles} that the original's peers
 * registered; both are read by the original's protocol ({@link LegacyTracker}) and by SEARCH.
 */
public final class PublishedFiles {
  private final ConcurrentHashMap<FileId, List<Variant>> files = new ConcurrentHashMap<>();
  /** Short ID to the files with that ID, oldest first (two differ only by a 64-bit collision). */
  private final ConcurrentHashMap<String, List<FileId>> byLegacyId = new ConcurrentHashMap<>();
  private final int maxPeersPerQuery;
  private final LegacyFiles legacy;
  private final SearchBudget searches = new SearchBudget();

  public PublishedFiles(int maxPeersPerQuery) {
    this(maxPeersPerQuery, new LegacyFiles());
  }

  /** With {@code legacy} holding the original's registrations (its own limits). */
  public PublishedFiles(int maxPeersPerQuery, LegacyFiles legacy) {
    this.maxPeersPerQuery = maxPeersPerQuery;
    this.legacy = legacy;
  }

  /** What the original program's peers registered here. */
  public LegacyFiles legacy() {
    return legacy;
  }

  public int maxPeersPerQuery() {
    return maxPeersPerQuery;
  }

  /** Files with at least one public registration now (the tracker's metrics). */
  public int fileCount() {
    return files.size();
  }

  /** (file, peer) registrations now, over every variant: one walk of the files, at a scrape. */
  public long registrationCount() {
    long n = 0;
    for (List<Variant> vs : files.values()) {
      for (Variant v : vs) n += v.peers.size();
    }
    return n;
  }

  /**
   * The best variant of a file as the original's protocol and SEARCH show it: its manifest, up
   * to max-peers-per-query of its peers, how many peers it has and how many of them are seeders.
   */
  record Listing(Manifest manifest, List<PeerInfo> peers, int total, int seeders) {}

  /**
   * One variant of a file as published: its manifest, the manifest's {@link Manifest#variant}
   * name and its peers. Never changed after construction, except its encoding caches (a change
   * to the file publishes new variants, so a cached answer's count of variants stays true).
   */
  static final class Variant {
    final Manifest manifest;
    final String digest;
    final List<PeerInfo> peers;
    /** How many of {@code peers} have the whole file. */
    final int seeders;
    /** The QUERY_RESULT body, when every peer fits in one answer; made on first use. */
    private volatile ByteString encoded;
    /** The same for PEERS. */
    private volatile ByteString encodedPeers;

    Variant(Manifest manifest, String digest, List<PeerInfo> peers, int seeders) {
      this.manifest = manifest;
      this.digest = digest;
      this.peers = List.copyOf(peers);
      this.seeders = seeders;
    }
  }

  /** Called by the registry only: the file's variants after a change, best first (none: forgotten). */
  void publish(FileId id, List<Variant> variants) {
    // The short-ID index changes only when a file appears or goes, not on a refresh.
    if (variants.isEmpty()) {
      if (files.remove(id) != null) {
        byLegacyId.computeIfPresent(id.legacyId(), (k, ids) -> ids.size() == 1 ? null : without(ids, id));
      }
    } else if (files.put(id, List.copyOf(variants)) == null) {
      byLegacyId.merge(id.legacyId(), List.of(id), PublishedFiles::joined);
    }
  }

  private static List<FileId> joined(List<FileId> a, List<FileId> b) {
    List<FileId> all = new ArrayList<>(a);
    all.addAll(b);
    return List.copyOf(all);
  }

  private static List<FileId> without(List<FileId> ids, FileId id) {
    List<FileId> rest = new ArrayList<>(ids);
    rest.remove(id);
    return List.copyOf(rest);
  }

  /**
   * The best variant of the oldest public file whose 16-hex ID is {@code shortId} (lowercase),
   * if any. (Two files share one only by a 64-bit collision, which only whoever made both files
   * can arrange: the oldest keeps the short ID.)
   */
  Optional<Listing> byLegacyId(String shortId) {
    List<FileId> ids = byLegacyId.get(shortId);
    if (ids == null) return Optional.empty();
    for (FileId id : ids) {
      List<Variant> vs = files.get(id);
      if (vs != null) return Optional.of(listing(vs.get(0)));
    }
    return Optional.empty();
  }

  /** Takes one name search from this tracker's budget ({@link SearchBudget}); false: refuse it. */
  boolean admitSearch() {
    return searches.tryTake();
  }

  /**
   * Calls {@code each} with the best variant of every public file whose name contains {@code
   * term} ({@link NameSearch#matches}), in no particular order.
   */
  void forEachMatching(String term, Consumer<Listing> each) {
    for (List<Variant> vs : files.values()) {
      Variant best = vs.get(0);
      if (NameSearch.matches(best.manifest.name(), term)) each.accept(listing(best));
    }
  }

  private Listing listing(Variant v) {
    return new Listing(v.manifest, sample(v.peers), v.peers.size(), v.seeders);
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
