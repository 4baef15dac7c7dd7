package dev.p2p.tracker;

import dev.p2p.protocol.ErrorCode;
import dev.p2p.protocol.Message;
import dev.p2p.protocol.Message.PeerInfo;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import dev.p2p.storage.PeerAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the tracker holds for one file ID: its variants (competing manifests, named by {@link
 * Manifest#variant}) in the order they appeared, each with the peers that registered it and the
 * node ID that owns each entry. Plain state with the registration rules and no timers or actor:
 * the single-process {@link Registry} keeps one per file in a map, a cluster's sharded entity
 * keeps exactly one; both start and cancel the TTL timers themselves.
 *
 * <p>The rules (docs/security.md, "Manifest poisoning"): a peer belongs to one variant at a time;
 * a manifest that differs from those held joins or starts its own variant, up to {@link
 * #MAX_VARIANTS}; an entry registered over TLS may be replaced or withdrawn only by the node that
 * registered it; variants rank by distinct hosts, then age; a variant goes with its last peer.
 * Not thread-safe: one actor owns it.
 */
public final class FileVariants {
  /**
   * Most variants held per file: as many as a QUERY can exclude, so that a downloader can always
   * rule out every one it found wrong. A new variant beyond it is refused with BUSY.
   */
  public static final int MAX_VARIANTS = Message.MAX_EXCLUDE;

  /** The outcome of {@link #register}: {@code refusal} empty when the change was made. */
  public record Outcome(Optional<Refusal> refusal, boolean newEntry, boolean changed) {}

  /** Why nothing changed: BUSY or FORBIDDEN and a sentence for the peer. */
  public record Refusal(ErrorCode code, String reason) {}

  /**
   * A peer of a variant, the node ID that registered it ("" when its connection proved none) and
   * whether it has the whole file (a seeder: its REGISTER had no partial flag).
   */
  private record Registrant(PeerInfo peer, String owner, boolean seeder) {
    boolean ownedByAnotherThan(String node) {
      return !owner.isEmpty() && !owner.equals(node);
    }
  }

  private static final class Variant {
    final Manifest manifest;
    final String digest;
    /** When it appeared, in this file's sequence: the older of two equals ranks first. */
    final long since;
    final Map<PeerAddress, Registrant> registrants = new LinkedHashMap<>();

    Variant(Manifest manifest, String digest, long since) {
      this.manifest = manifest;
      this.digest = digest;
      this.since = since;
    }

    /** Ranks by hosts, not addresses: one host's many ports count once. */
    int distinctHosts() {
      Set<String> hosts = new HashSet<>();
      for (PeerAddress a : registrants.keySet()) hosts.add(a.host());
      return hosts.size();
    }
  }

  /** Best first: served from the most distinct hosts, then the oldest. */
  private static final Comparator<Variant> RANK =
      Comparator.comparingInt(Variant::distinctHosts).reversed().thenComparingLong(v -> v.since);

  private final FileId id;
  private final List<Variant> variants = new ArrayList<>();
  private long variantsCreated;

  public FileVariants(FileId id) {
    this.id = id;
  }

  /**
   * Adds or refreshes {@code peer} (registered by node {@code owner}, "" if none proved) as a
   * holder of {@code manifest}. {@code newEntry}: the peer held no entry of this file before (it
   * counts against its host's cap, which the caller checks with {@link #holds} first); {@code
   * changed}: what a QUERY answers changed.
   */
  public Outcome register(Manifest manifest, PeerInfo peer, String owner) {
    return register(manifest, peer, owner, true);
  }

  /** As {@link #register(Manifest, PeerInfo, String)}, from a {@code seeder} or a partial holder. */
  public Outcome register(Manifest manifest, PeerInfo peer, String owner, boolean seeder) {
    PeerAddress at = peer.address();
    Variant current = holding(at);
    // A peer's refresh (every re-announce interval) names the manifest it holds already: compare
    // it, rather than hash all its chunk hashes again to name it.
    String digest = current != null && sameContent(current.manifest, manifest)
        ? current.digest : manifest.variant();
    Variant target = named(digest);
    if (current != null && current.registrants.get(at).ownedByAnotherThan(owner)) {
      return refused(ErrorCode.FORBIDDEN, notYours(at));
    }
    // A peer that alone held its variant and moves to a new one frees the slot it takes.
    boolean freesOne = current != null && current.registrants.size() == 1;
    if (target == null && variants.size() >= MAX_VARIANTS && !freesOne) {
      return refused(ErrorCode.BUSY, "file " + id + " already has " + MAX_VARIANTS
          + " competing manifests (the limit); try again later");
    }
    if (current != null && current != target) leave(current, at);
    if (target == null) {
      target = new Variant(manifest, digest, variantsCreated++);
      variants.add(target);
    }
    Registrant before = target.registrants.put(at, new Registrant(peer, owner, seeder));
    return new Outcome(Optional.empty(), current == null,
        before == null || !before.peer().equals(peer) || before.seeder() != seeder);
  }

  private static boolean sameContent(Manifest a, Manifest b) {
    return a.size() == b.size() && a.chunkSize() == b.chunkSize() && a.chunkHashes().equals(b.chunkHashes());
  }

  private static Outcome refused(ErrorCode code, String reason) {
    return new Outcome(Optional.of(new Refusal(code, reason)), false, false);
  }

  /** Whether node {@code owner} may withdraw the entry at {@code at} (true if there is none). */
  public Optional<Refusal> mayWithdraw(PeerAddress at, String owner) {
    Variant v = holding(at);
    if (v != null && v.registrants.get(at).ownedByAnotherThan(owner)) {
      return Optional.of(new Refusal(ErrorCode.FORBIDDEN, notYours(at)));
    }
    return Optional.empty();
  }

  /** Takes the entry at {@code at} out (expired or withdrawn); the peer it held, if any. */
  public Optional<PeerInfo> remove(PeerAddress at) {
    Variant v = holding(at);
    if (v == null) return Optional.empty();
    Registrant gone = v.registrants.get(at);
    leave(v, at);
    return Optional.of(gone.peer());
  }

  /** Whether the peer serving from {@code at} holds an entry of this file. */
  public boolean holds(PeerAddress at) {
    return holding(at) != null;
  }

  public int peers() {
    int n = 0;
    for (Variant v : variants) n += v.registrants.size();
    return n;
  }

  public int variantCount() {
    return variants.size();
  }

  public boolean isEmpty() {
    return variants.isEmpty();
  }

  /** Publishes the current variants, best first (none: the file is forgotten), to {@code view}. */
  public void publishTo(PublishedFiles view) {
    List<Variant> ranked = new ArrayList<>(variants);
    if (ranked.size() > 1) ranked.sort(RANK);
    List<PublishedFiles.Variant> out = new ArrayList<>(ranked.size());
    for (Variant v : ranked) {
      // Seeders first: a query's random choice of peers takes one of them (PublishedFiles.sample).
      List<PeerInfo> peers = new ArrayList<>(v.registrants.size());
      List<PeerInfo> partial = new ArrayList<>();
      for (Registrant g : v.registrants.values()) {
        (g.seeder() ? peers : partial).add(g.peer());
      }
      int seeders = peers.size();
      peers.addAll(partial);
      out.add(new PublishedFiles.Variant(v.manifest, v.digest, peers, seeders));
    }
    view.publish(id, out);
  }

  private Variant holding(PeerAddress a) {
    for (Variant v : variants) {
      if (v.registrants.containsKey(a)) return v;
    }
    return null;
  }

  private Variant named(String digest) {
    for (Variant v : variants) {
      if (v.digest.equals(digest)) return v;
    }
    return null;
  }

  /** Takes {@code at} out of {@code v}; a variant without peers goes. */
  private void leave(Variant v, PeerAddress at) {
    v.registrants.remove(at);
    if (v.registrants.isEmpty()) variants.remove(v);
  }

  private String notYours(PeerAddress at) {
    return "the entry " + at + " of file " + id + " was registered by another node; only it may change it";
  }
}
