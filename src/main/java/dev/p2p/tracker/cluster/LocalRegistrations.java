package dev.p2p.tracker.cluster;

import dev.p2p.storage.FileId;
import dev.p2p.storage.PeerAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What one front-end's own clients registered through it and have not withdrawn, each until its
 * TTL would run out: the copy it sends again when the cluster's membership changes (an entity
 * on a lost node comes back empty elsewhere, and its peers would otherwise stay unfindable until
 * their next re-announce), and the count behind the per-host registration cap, which in a cluster
 * holds per front-end node. Thread-safe (the connections of a server call it concurrently);
 * expired entries are dropped as they are met (the map is kept in order of expiry).
 */
public final class LocalRegistrations {
  /** A registration to send again: the REGISTER body as forwarded and the node that owns it. */
  public record Entry(FileId id, PeerAddress peer, byte[] register, String owner, long expiresAtNanos) {}

  private record Key(FileId id, PeerAddress peer) {}

  private final long ttlNanos;
  private final LongSupplier clock;
  private final Map<Key, Entry> entries = new LinkedHashMap<>();
  private final Map<String, Integer> perHost = new HashMap<>();

  /** Entries live {@code ttlNanos} after their last registration; {@code clock} gives nanoseconds. */
  public LocalRegistrations(long ttlNanos, LongSupplier clock) {
    this.ttlNanos = ttlNanos;
    this.clock = clock;
  }

  /** Whether a new registration from {@code peer} of {@code id} would exceed {@code maxPerHost}. */
  public synchronized boolean atCap(FileId id, PeerAddress peer, int maxPerHost) {
    purge();
    return !entries.containsKey(new Key(id, peer)) && perHost.getOrDefault(peer.host(), 0) >= maxPerHost;
  }

  /** An accepted registration (a new one or a refresh). */
  public synchronized void registered(FileId id, PeerAddress peer, byte[] register, String owner) {
    Key k = new Key(id, peer);
    // Removed and put back: the map stays in order of expiry (one TTL for all), so that a purge
    // stops at the first live entry.
    Entry before = entries.remove(k);
    entries.put(k, new Entry(id, peer, register, owner, clock.getAsLong() + ttlNanos));
    if (before == null) perHost.merge(peer.host(), 1, Integer::sum);
  }

  /** An accepted withdrawal. */
  public synchronized void unregistered(FileId id, PeerAddress peer) {
    if (entries.remove(new Key(id, peer)) != null) release(peer.host());
  }

  /** The live entries, oldest first: what to send again. */
  public synchronized List<Entry> live() {
    purge();
    return new ArrayList<>(entries.values());
  }

  public synchronized int size() {
    purge();
    return entries.size();
  }

  private void purge() {
    long now = clock.getAsLong();
    for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
      Entry e = it.next();
      if (e.expiresAtNanos() - now > 0) return;
      it.remove();
      release(e.peer().host());
    }
  }

  private void release(String host) {
    perHost.computeIfPresent(host, (h, n) -> n > 1 ? n - 1 : null);
  }
}
