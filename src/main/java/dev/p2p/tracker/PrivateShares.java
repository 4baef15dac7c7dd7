package dev.p2p.tracker;

import dev.p2p.protocol.ErrorCode;
import dev.p2p.protocol.Message;
import dev.p2p.protocol.Message.PeerInfo;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import dev.p2p.storage.PeerAddress;
import dev.p2p.storage.ShareKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The tracker's private shares, kept apart from the public {@link Registry}: each is known by its
 * file ID and the SHA-256 of its lookup ({@code lookup_hash}), never by the secret or the lookup
 * itself. A share is found only by a QUERY whose {@code lookup} hashes to its {@code lookup_hash}
 * (compared in constant time); to everyone else it does not exist, and the tracker server answers
 * as it would for an unknown (or public) file. Only registrations with the same {@code
 * lookup_hash} join a share, so nobody can turn a private file public or add peers to it without
 * the secret.
 *
 * <p>A share ends when its {@code expires_at} passes or its owner (the client that registered it
 * first, by the connection's identity) revokes it; its key is then remembered ({@link
 * #TOMBSTONE_LIFETIME}), and its sharers' next REGISTER is refused with NOT_FOUND, so they stop.
 * With {@code max_downloads}, at most that many distinct clients (by connection identity) other
 * than its registrants are ever given its peers. Peers that stop re-registering are dropped after
 * the TTL, as in the registry. Thread-safe (every method is synchronized: private traffic is
 * small next to public QUERY, which never comes here).
 */
public final class PrivateShares {
  /**
   * How long a revoked or expired share's key is remembered, so that a sharer that was offline
   * when it ended cannot bring it back by registering again: a week covers a laptop closed over
   * a holiday; its peers stop at their first refused re-registration.
   */
  static final Duration TOMBSTONE_LIFETIME = Duration.ofDays(7);
  /** Tombstones kept at most (64-hex keys, about 200 bytes each: 20 MB); the oldest go first. */
  static final int MAX_TOMBSTONES = 100_000;

  private record Key(FileId id, String lookupHash) {}

  private record Holder(PeerInfo info, String client, long lastSeenMillis) {}

  private static final class Share {
    final Key key;
    final Manifest manifest;
    final String owner;
    final Long expiresAt;
    final Integer maxDownloads;
    final Map<PeerAddress, Holder> peers = new LinkedHashMap<>();
    final Set<String> served = new HashSet<>();

    Share(Key key, Manifest manifest, String owner, Long expiresAt, Integer maxDownloads) {
      this.key = key;
      this.manifest = manifest;
      this.owner = owner;
      this.expiresAt = expiresAt;
      this.maxDownloads = maxDownloads;
    }
  }

  private final Clock clock;
  private final Duration ttl;
  private final int maxPerHost;
  private final int maxPeersPerQuery;
  private final Map<FileId, List<Share>> shares = new HashMap<>();
  private final Map<String, Integer> perHost = new HashMap<>();
  private final LinkedHashMap<Key, Long> tombstones = new LinkedHashMap<>();
  private long lastSweepMillis;

  /**
   * Peers are dropped {@code ttl} after their last REGISTER, one host holds at most {@code
   * maxPerHost} registrations here, answers list at most {@code maxPeersPerQuery} peers; {@code
   * clock} tells the time (tests pass their own).
   */
  public PrivateShares(Clock clock, Duration ttl, int maxPerHost, int maxPeersPerQuery) {
    this.clock = clock;
    this.ttl = ttl;
    this.maxPerHost = maxPerHost;
    this.maxPeersPerQuery = maxPeersPerQuery;
    this.lastSweepMillis = clock.millis();
  }

  /**
   * A REGISTER with a {@code lookup_hash}, by {@code peer} (host from the connection) over a
   * connection whose client is {@code client}: REGISTERED, or an ERROR (CONFLICT for another
   * manifest, BUSY over the host's limit, NOT_FOUND once the share was revoked or has expired).
   */
  public synchronized Message register(Message.Register r, PeerInfo peer, String client) {
    long now = clock.millis();
    sweepIfDue(now);
    Key key = new Key(r.fileId(), r.lookupHash());
    if (tombstones.containsKey(key) || ShareKey.expired(r.expiresAt(), now)) {
      return new Message.Error(ErrorCode.NOT_FOUND,
          "this private share of file " + r.fileId() + " was revoked or has expired", r.fileId(), null);
    }
    Share s = find(r.fileId(), r.lookupHash()).orElse(null);
    // Every holder of the key has the owner's manifest (a downloader verified the whole file
    // against it): another one can only come from a key holder who lies.
    if (s != null && !s.manifest.variant().equals(r.manifest().variant())) {
      return new Message.Error(ErrorCode.CONFLICT, "file " + r.fileId()
          + " is already shared privately with a different size, chunk size or chunk hashes", r.fileId(), null);
    }
    PeerAddress at = peer.address();
    boolean known = s != null && s.peers.containsKey(at);
    if (!known && perHost.getOrDefault(at.host(), 0) >= maxPerHost) {
      return new Message.Error(ErrorCode.BUSY,
          "too many registrations from " + at.host() + " (limit " + maxPerHost + ")", r.fileId(), null);
    }
    if (s == null) {
      s = new Share(key, r.manifest(), client, r.expiresAt(), r.maxDownloads());
      shares.computeIfAbsent(r.fileId(), id -> new ArrayList<>()).add(s);
    }
    s.peers.put(at, new Holder(peer, client, now));
    if (!known) perHost.merge(at.host(), 1, Integer::sum);
    return new Message.Registered(r.fileId(), s.peers.size());
  }

  /**
   * The QUERY_RESULT for {@code lookup} of {@code id}, if it names a live share {@code client}
   * may use and whose manifest (its one variant) is not in {@code exclude}.
   */
  public synchronized Optional<Message> answer(FileId id, String lookup, String client, List<String> exclude) {
    return admit(id, lookup, client).filter(s -> !exclude.contains(s.manifest.variant()))
        .map(s -> Message.QueryResult.of(s.manifest, sample(s), 1));
  }

  /** The PEERS answer for {@code lookup} of {@code id}, on the same terms as {@link #answer}. */
  public synchronized Optional<Message> peers(FileId id, String lookup, String client) {
    return admit(id, lookup, client).map(s -> new Message.Peers(id, s.peers.size(), sample(s)));
  }

  /**
   * {@code peer} stops serving {@code id}: it leaves every private share of the file that
   * {@code client} registered it in (nobody else may withdraw it).
   */
  public synchronized void unregister(FileId id, PeerAddress peer, String client) {
    for (Share s : List.copyOf(shares.getOrDefault(id, List.of()))) {
      Holder h = s.peers.get(peer);
      if (h == null || !h.client().equals(client)) continue;
      s.peers.remove(peer);
      released(peer);
      if (s.peers.isEmpty()) drop(s);
    }
  }

  /**
   * The owner {@code client} revokes its private shares of {@code id}: REGISTERED with 0 peers,
   * or NOT_FOUND, as for a file never shared, when it owns none (so that nobody else learns a
   * private share exists).
   */
  public synchronized Message revoke(FileId id, String client) {
    int revoked = 0;
    for (Share s : List.copyOf(shares.getOrDefault(id, List.of()))) {
      if (!s.owner.equals(client)) continue;
      end(s);
      revoked++;
    }
    if (revoked == 0) {
      return new Message.Error(ErrorCode.NOT_FOUND, "no peer shares file " + id, id, null);
    }
    return new Message.Registered(id, 0);
  }

  /** The live share whose lookup hash is SHA-256({@code lookup}), if {@code client} may be told of it. */
  private Optional<Share> admit(FileId id, String lookup, String client) {
    if (lookup == null || !shares.containsKey(id)) return Optional.empty();
    long now = clock.millis();
    sweepIfDue(now);
    Optional<Share> found = find(id, ShareKey.hashOfLookup(lookup));
    if (found.isEmpty()) return Optional.empty();
    Share s = found.get();
    if (!live(s, now)) return Optional.empty();
    if (s.maxDownloads != null && !s.served.contains(client) && !registrant(s, client)) {
      if (s.served.size() >= s.maxDownloads) return Optional.empty();
      s.served.add(client);
    }
    return Optional.of(s);
  }

  private static boolean registrant(Share s, String client) {
    return s.owner.equals(client) || s.peers.values().stream().anyMatch(h -> h.client().equals(client));
  }

  /** Every share of {@code id} is compared (constant time each): no early exit on a prefix. */
  private Optional<Share> find(FileId id, String lookupHash) {
    Share match = null;
    for (Share s : shares.getOrDefault(id, List.of())) {
      if (ShareKey.sameHash(s.key.lookupHash(), lookupHash)) match = s;
    }
    return Optional.ofNullable(match);
  }

  /**
   * Whether {@code s} is still a share at {@code now}: an expired one is ended, its lapsed peers
   * are dropped, and one with no peer left is forgotten.
   */
  private boolean live(Share s, long now) {
    if (ShareKey.expired(s.expiresAt, now)) {
      end(s);
      return false;
    }
    dropStale(s, now);
    if (!s.peers.isEmpty()) return true;
    drop(s);
    return false;
  }

  private List<PeerInfo> sample(Share s) {
    List<PeerInfo> all = new ArrayList<>();
    s.peers.values().forEach(h -> all.add(h.info()));
    return PublishedFiles.sample(all, maxPeersPerQuery);
  }

  /** Revoked or expired: forgotten, and its key refused from now on. */
  private void end(Share s) {
    tombstones.put(s.key, clock.millis() + TOMBSTONE_LIFETIME.toMillis());
    if (tombstones.size() > MAX_TOMBSTONES) {
      Iterator<Key> oldest = tombstones.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
    s.peers.keySet().forEach(this::released);
    s.peers.clear();
    drop(s);
  }

  private void drop(Share s) {
    List<Share> list = shares.get(s.key.id());
    if (list == null) return;
    list.remove(s);
    if (list.isEmpty()) shares.remove(s.key.id());
  }

  private void dropStale(Share s, long now) {
    for (Iterator<Map.Entry<PeerAddress, Holder>> it = s.peers.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<PeerAddress, Holder> e = it.next();
      if (e.getValue().lastSeenMillis() + ttl.toMillis() <= now) {
        it.remove();
        released(e.getKey());
      }
    }
  }

  private void released(PeerAddress peer) {
    perHost.computeIfPresent(peer.host(), (h, n) -> n > 1 ? n - 1 : null);
  }

  /** Once per TTL: drops lapsed peers, expired shares and old tombstones, so memory stays bounded. */
  private void sweepIfDue(long now) {
    if (now - lastSweepMillis < ttl.toMillis()) return;
    lastSweepMillis = now;
    for (List<Share> list : List.copyOf(shares.values())) {
      for (Share s : List.copyOf(list)) live(s, now);
    }
    tombstones.values().removeIf(until -> until <= now);
  }
}
