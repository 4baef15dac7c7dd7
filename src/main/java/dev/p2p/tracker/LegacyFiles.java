package dev.p2p.tracker;

import dev.p2p.protocol.Message.PeerInfo;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The files the original program's peers registered here (REGISTER, ANNOUNCE started): by their
 * 16-hex short ID (lowercase), each with the name and chunk count its first registrant gave and
 * its registrants. They carry no size and no hashes, so nothing about them can be checked; they
 * are listed, never merged into our manifests.
 *
 * <p>The original re-registers only at its start and has no TTL, so an entry stays until its
 * registrant withdraws it (UNREGISTER, ANNOUNCE stopped). Bounded instead: at most {@code
 * maxPerHost} entries (file, peer) from one host (more are refused), and at most {@code
 * maxEntries} in all, beyond which the entry registered longest ago is dropped. A registrant is
 * its host (the connection's) and its {@code peer_id}: a second registration of both moves the
 * entry to the new port and makes it the newest; only the same host may withdraw it. Thread-safe:
 * the connections of a tracker call it concurrently.
 */
public final class LegacyFiles {
  /**
   * Default of {@code maxEntries}: up to about 1 KiB each at the longest name and peer ID (two map
   * entries, a peer, its name and ID strings), so about 100 MiB of heap at the very most, reached
   * only by some hundred hosts at their cap ({@link #MAX_PER_HOST}); typical entries are a few
   * hundred bytes.
   */
  public static final int MAX_ENTRIES = 100_000;

  /**
   * Default of {@code maxPerHost}: an original peer registers each file it shares once; a
   * thousand shares from one address is already more than a person picks by hand.
   */
  public static final int MAX_PER_HOST = 1_000;

  /** One file as listed: its short ID, name, chunk count (0: unknown) and registrants, oldest first. */
  public record Listed(String shortId, String filename, int numChunks, List<PeerInfo> peers) {}

  private record Key(String shortId, String host, String peerId) {}

  private static final class Entry {
    String filename;
    int numChunks;
    final Map<Key, PeerInfo> peers = new LinkedHashMap<>();

    Entry(String filename, int numChunks) {
      this.filename = filename;
      this.numChunks = numChunks;
    }
  }

  private final int maxEntries;
  private final int maxPerHost;
  private final Map<String, Entry> files = new HashMap<>();
  /** Every registrant, in the order of its last registration: the first is dropped first. */
  private final LinkedHashMap<Key, Boolean> age = new LinkedHashMap<>();
  private final Map<String, Integer> perHost = new HashMap<>();

  public LegacyFiles() {
    this(MAX_ENTRIES, MAX_PER_HOST);
  }

  public LegacyFiles(int maxEntries, int maxPerHost) {
    this.maxEntries = maxEntries;
    this.maxPerHost = maxPerHost;
  }

  /**
   * Registers {@code peer} (its host the connection's) for {@code shortId}. A new file takes
   * {@code filename} and {@code numChunks}; a known one keeps its own, unless it had no chunk
   * count (an ANNOUNCE started without one). Empty if done, else why not (the host's cap).
   */
  public synchronized Optional<String> register(String shortId, String filename, int numChunks,
      PeerInfo peer) {
    Key key = new Key(shortId, peer.host(), peer.peerId());
    boolean known = age.remove(key) != null;
    if (!known && perHost.getOrDefault(peer.host(), 0) >= maxPerHost) {
      return Optional.of("too many registrations from " + peer.host() + " (limit " + maxPerHost + ")");
    }
    if (!known && age.size() >= maxEntries) dropOldest();
    Entry e = files.computeIfAbsent(shortId, id -> new Entry(filename, numChunks));
    if (e.numChunks == 0 && numChunks > 0) {
      e.filename = filename;
      e.numChunks = numChunks;
    }
    e.peers.remove(key);
    e.peers.put(key, peer);
    age.put(key, Boolean.TRUE);
    if (!known) perHost.merge(peer.host(), 1, Integer::sum);
    return Optional.empty();
  }

  /** Withdraws the entry of {@code peerId} at {@code host} for {@code shortId}; false if none. */
  public synchronized boolean unregister(String shortId, String host, String peerId) {
    Key key = new Key(shortId, host, peerId);
    if (age.remove(key) == null) return false;
    forget(key);
    return true;
  }

  /** The file registered under {@code shortId}, if any. */
  public synchronized Optional<Listed> get(String shortId) {
    Entry e = files.get(shortId);
    return e == null ? Optional.empty() : Optional.of(listed(shortId, e));
  }

  /** Calls {@code each} with every file whose name contains {@code term} ({@link NameSearch#matches}). */
  public synchronized void forEachMatching(String term, Consumer<Listed> each) {
    for (Map.Entry<String, Entry> f : files.entrySet()) {
      if (NameSearch.matches(f.getValue().filename, term)) each.accept(listed(f.getKey(), f.getValue()));
    }
  }

  /** Registrants held, over all files. */
  public synchronized int size() {
    return age.size();
  }

  private void dropOldest() {
    Iterator<Key> it = age.keySet().iterator();
    Key oldest = it.next();
    it.remove();
    forget(oldest);
  }

  /** Takes {@code key}, already out of {@link #age}, out of its file and its host's count. */
  private void forget(Key key) {
    Entry e = files.get(key.shortId());
    if (e != null) {
      e.peers.remove(key);
      if (e.peers.isEmpty()) files.remove(key.shortId());
    }
    perHost.computeIfPresent(key.host(), (h, n) -> n > 1 ? n - 1 : null);
  }

  private static Listed listed(String shortId, Entry e) {
    return new Listed(shortId, e.filename, e.numChunks, List.copyOf(e.peers.values()));
  }
}
