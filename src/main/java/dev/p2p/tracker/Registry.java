package dev.p2p.tracker;

import dev.p2p.protocol.ErrorCode;
import dev.p2p.protocol.Message.PeerInfo;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import dev.p2p.storage.PeerAddress;
import java.time.Duration;
import dev.p2p.protocol.Message;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The tracker's registry: for each file ID, its variants (competing manifests, named by {@link
 * Manifest#variant}) and the peers that serve each. A file ID is only the SHA-256 of the file,
 * so anyone may register a wrong manifest for it; the first registration therefore fixes
 * nothing: a peer whose manifest differs from those held joins (or starts) its own variant, up to
 * {@link #MAX_VARIANTS} per file, and downloaders that find a variant wrong ask for the next.
 * Variants are ranked by how many distinct hosts serve them, then by age (see docs/security.md,
 * "Manifest poisoning"). A peer is identified by the address it serves from (host and port) and
 * belongs to one variant of a file at a time; each registration starts a timer that drops the
 * peer unless it registers again within the TTL. A variant goes with its last peer, a file with
 * its last variant.
 *
 * <p>The registry is the only writer of a {@link PublishedFiles} view, which it updates after
 * every change and before it replies; QUERY is answered from that view, not by this actor.
 */
public final class Registry extends AbstractBehavior<Registry.Command> {
  /**
   * Most variants held per file: as many as a QUERY can exclude, so that a downloader can always
   * rule out every one it found wrong. A new variant beyond it is refused with BUSY.
   */
  public static final int MAX_VARIANTS = Message.MAX_EXCLUDE;

  public sealed interface Command permits Register, Unregister, Expire, Shutdown {}

  /** Adds (or refreshes) {@code peer} as a holder of {@code manifest.id()}. */
  public record Register(Manifest manifest, PeerInfo peer, String owner,
      ActorRef<RegisterResult> replyTo) implements Command {
    /** A registration that proves nothing ({@code owner} ""): a plaintext connection's. */
    public Register(Manifest manifest, PeerInfo peer, ActorRef<RegisterResult> replyTo) {
      this(manifest, peer, "", replyTo);
    }
  }

  /** Removes the peer serving from {@code peer} as a holder of {@code id}. */
  public record Unregister(FileId id, PeerAddress peer, String owner,
      ActorRef<RegisterResult> replyTo) implements Command {
    public Unregister(FileId id, PeerAddress peer, ActorRef<RegisterResult> replyTo) {
      this(id, peer, "", replyTo);
    }
  }

  /** Stops the registry (its tracker server was unbound). */
  public enum Shutdown implements Command { INSTANCE }

  /** The timer that drops {@code peer} as a holder of {@code id}; also its timer key. */
  private record Expire(ExpiryKey key) implements Command {}

  private record ExpiryKey(FileId id, PeerAddress peer) {}

  /** The answer to {@link Register} and {@link Unregister}: {@code peers} holders of the file. */
  public sealed interface RegisterResult permits Accepted, Refused {
    FileId id();

    int peers();
  }

  /** The change is made (an unregistration of an unknown peer is accepted too). */
  public record Accepted(FileId id, int peers) implements RegisterResult {}

  /** Nothing changed: {@code code} is BUSY or FORBIDDEN and {@code reason} says why. */
  public record Refused(FileId id, int peers, ErrorCode code, String reason)
      implements RegisterResult {}

  /** One registration: a record of its own so that what else a peer proves can join it. */
  /**
   * A peer of a variant and the node ID that registered it ("" when its connection proved none):
   * only that node may replace or withdraw the entry.
   */
  private record Registrant(PeerInfo peer, String owner) {
    boolean ownedByAnotherThan(String node) {
      return !owner.isEmpty() && !owner.equals(node);
    }
  }

  /** One manifest of a file and the peers that registered it. */
  private static final class Variant {
    final Manifest manifest;
    final String digest;
    /** When it appeared, as a registry-wide sequence number: the older of two equals ranks first. */
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

  /** One file: its variants in the order they appeared. */
  private static final class Entry {
    final List<Variant> variants = new ArrayList<>();

    Variant holding(PeerAddress a) {
      for (Variant v : variants) {
        if (v.registrants.containsKey(a)) return v;
      }
      return null;
    }

    Variant named(String digest) {
      for (Variant v : variants) {
        if (v.digest.equals(digest)) return v;
      }
      return null;
    }

    int peers() {
      int n = 0;
      for (Variant v : variants) n += v.registrants.size();
      return n;
    }
  }

  private final TimerScheduler<Command> timers;
  private final Duration ttl;
  private final int maxPerHost;
  private final Map<FileId, Entry> files = new HashMap<>();
  private final Map<String, Integer> registrationsPerHost = new HashMap<>();
  private final PublishedFiles published;
  private long variantsCreated;

  /**
   * A registry that drops a peer {@code ttl} after its last registration, accepts at most {@code
   * maxPerHost} registrations (over all files) from one host, and publishes every change to
   * {@code published}.
   */
  public static Behavior<Command> create(Duration ttl, int maxPerHost, PublishedFiles published) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(
        timers -> new Registry(ctx, timers, ttl, maxPerHost, published)));
  }

  private Registry(ActorContext<Command> ctx, TimerScheduler<Command> timers, Duration ttl,
      int maxPerHost, PublishedFiles published) {
    super(ctx);
    this.timers = timers;
    this.ttl = ttl;
    this.maxPerHost = maxPerHost;
    this.published = published;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Register.class, this::onRegister)
        .onMessage(Unregister.class, this::onUnregister)
        .onMessage(Expire.class, this::onExpire)
        .onMessageEquals(Shutdown.INSTANCE, Behaviors::stopped)
        .build();
  }

  private Behavior<Command> onRegister(Register r) {
    FileId id = r.manifest().id();
    PeerAddress at = r.peer().address();
    Entry e = files.computeIfAbsent(id, k -> new Entry());
    String digest = r.manifest().variant();
    Variant current = e.holding(at);
    Variant target = e.named(digest);
    if (current != null && current.registrants.get(at).ownedByAnotherThan(r.owner())) {
      getContext().getLog().info("refused registration of {} by {}: the entry belongs to another node", id, at);
      return refuse(r, id, e, ErrorCode.FORBIDDEN, notYours(id, at));
    }
    if (current == null && registrationsPerHost.getOrDefault(at.host(), 0) >= maxPerHost) {
      return refuse(r, id, e, ErrorCode.BUSY, "too many registrations from " + at.host() + " (limit " + maxPerHost + ")");
    }
    // A peer that alone held its variant and moves to a new one frees the slot it takes.
    boolean freesOne = current != null && current.registrants.size() == 1;
    if (target == null && e.variants.size() >= MAX_VARIANTS && !freesOne) {
      getContext().getLog().info("refused registration of {} by {}: {} variants already", id, at,
          MAX_VARIANTS);
      return refuse(r, id, e, ErrorCode.BUSY, "file " + id + " already has " + MAX_VARIANTS
          + " competing manifests (the limit); try again later");
    }
    if (current != null && current != target) leave(e, current, at);
    if (target == null) {
      target = new Variant(r.manifest(), digest, variantsCreated++);
      e.variants.add(target);
      if (e.variants.size() > 1) {
        getContext().getLog().info("{} now has {} competing manifests (a new one from {})", id,
            e.variants.size(), at);
      }
    }
    Registrant before = target.registrants.put(at, new Registrant(r.peer(), r.owner()));
    if (current == null) registrationsPerHost.merge(at.host(), 1, Integer::sum);
    // Published before the reply: whoever saw the reply sees the change in a QUERY.
    if (before == null || !before.peer().equals(r.peer())) publish(id, e);
    ExpiryKey key = new ExpiryKey(id, at);
    timers.startSingleTimer(key, new Expire(key), ttl);
    r.replyTo().tell(new Accepted(id, e.peers()));
    return this;
  }

  private Behavior<Command> refuse(Register r, FileId id, Entry e, ErrorCode code, String reason) {
    if (e.variants.isEmpty()) files.remove(id);
    r.replyTo().tell(new Refused(id, e.peers(), code, reason));
    return this;
  }

  private static String notYours(FileId id, PeerAddress at) {
    return "the entry " + at + " of file " + id + " was registered by another node; only it may change it";
  }

  /** Takes {@code at} out of {@code v}; a variant without peers goes. */
  private static void leave(Entry e, Variant v, PeerAddress at) {
    v.registrants.remove(at);
    if (v.registrants.isEmpty()) e.variants.remove(v);
  }

  private Behavior<Command> onUnregister(Unregister u) {
    Entry known = files.get(u.id());
    Variant holding = known == null ? null : known.holding(u.peer());
    if (holding != null && holding.registrants.get(u.peer()).ownedByAnotherThan(u.owner())) {
      getContext().getLog().info("refused unregistration of {} at {}: the entry belongs to another node",
          u.id(), u.peer());
      u.replyTo().tell(new Refused(u.id(), known.peers(), ErrorCode.FORBIDDEN, notYours(u.id(), u.peer())));
      return this;
    }
    ExpiryKey key = new ExpiryKey(u.id(), u.peer());
    remove(key);
    timers.cancel(key);
    Entry e = files.get(u.id());
    u.replyTo().tell(new Accepted(u.id(), e == null ? 0 : e.peers()));
    return this;
  }

  private Behavior<Command> onExpire(Expire x) {
    getContext().getLog().debug("peer {} of {} expired", x.key().peer(), x.key().id());
    remove(x.key());
    return this;
  }

  private void remove(ExpiryKey key) {
    Entry e = files.get(key.id());
    if (e == null) return;
    Variant v = e.holding(key.peer());
    if (v == null) return;
    Registrant gone = v.registrants.get(key.peer());
    leave(e, v, key.peer());
    registrationsPerHost.computeIfPresent(gone.peer().host(), (h, n) -> n > 1 ? n - 1 : null);
    publish(key.id(), e);
    if (e.variants.isEmpty()) files.remove(key.id());
  }

  private void publish(FileId id, Entry e) {
    List<Variant> ranked = new ArrayList<>(e.variants);
    if (ranked.size() > 1) ranked.sort(RANK);
    List<PublishedFiles.Variant> out = new ArrayList<>(ranked.size());
    for (Variant v : ranked) {
      List<PeerInfo> peers = new ArrayList<>(v.registrants.size());
      for (Registrant g : v.registrants.values()) peers.add(g.peer());
      out.add(new PublishedFiles.Variant(v.manifest, v.digest, peers, ranked.size()));
    }
    published.publish(id, out);
  }
}
