package dev.p2p.tracker;

import dev.p2p.protocol.Message.PeerInfo;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The tracker's registry: for each file ID, its manifest (fixed by the first registration) and
 * the peers that serve it. A peer is identified by the address it serves from (host and port);
 * each registration starts a timer that drops the peer unless it registers again within the TTL.
 * When a file's last peer is gone, the file is forgotten.
 */
public final class Registry extends AbstractBehavior<Registry.Command> {
  public sealed interface Command permits Register, Unregister, Query, Expire, Shutdown {}

  /** Adds (or refreshes) {@code peer} as a holder of {@code manifest.id()}. */
  public record Register(Manifest manifest, PeerInfo peer, ActorRef<RegisterResult> replyTo)
      implements Command {}

  /** Removes {@code peer} as a holder of {@code id}. */
  public record Unregister(FileId id, PeerInfo peer, ActorRef<RegisterResult> replyTo)
      implements Command {}

  public record Query(FileId id, ActorRef<QueryResult> replyTo) implements Command {}

  /** Stops the registry (its tracker server was unbound). */
  public enum Shutdown implements Command { INSTANCE }

  private record Expire(FileId id, String peerKey) implements Command {}

  /** {@code refusal} is empty when accepted; otherwise code CONFLICT or BUSY and a reason. */
  public record RegisterResult(FileId id, int peers, Optional<String> refusalCode, String reason) {
    public boolean accepted() {
      return refusalCode.isEmpty();
    }
  }

  public record QueryResult(FileId id, Optional<Manifest> manifest, List<PeerInfo> peers) {}

  private static final class Entry {
    final Manifest manifest;
    final Map<String, PeerInfo> peers = new LinkedHashMap<>();

    Entry(Manifest manifest) {
      this.manifest = manifest;
    }
  }

  private final TimerScheduler<Command> timers;
  private final Duration ttl;
  private final int maxPeersPerQuery;
  private final int maxPerHost;
  private final Map<FileId, Entry> files = new HashMap<>();
  private final Map<String, Integer> registrationsPerHost = new HashMap<>();
  private final Random random = new Random();
  private final PublishedFiles published;

  public static Behavior<Command> create(Duration ttl, int maxPeersPerQuery, int maxPerHost) {
    return create(ttl, maxPeersPerQuery, maxPerHost, new PublishedFiles(maxPeersPerQuery));
  }

  /**
   * A registry that also publishes every change to {@code published}, from which a tracker
   * server answers QUERY without asking this actor.
   */
  public static Behavior<Command> create(Duration ttl, int maxPeersPerQuery, int maxPerHost,
      PublishedFiles published) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(
        timers -> new Registry(ctx, timers, ttl, maxPeersPerQuery, maxPerHost, published)));
  }

  private Registry(ActorContext<Command> ctx, TimerScheduler<Command> timers, Duration ttl,
      int maxPeersPerQuery, int maxPerHost, PublishedFiles published) {
    super(ctx);
    this.timers = timers;
    this.ttl = ttl;
    this.maxPeersPerQuery = maxPeersPerQuery;
    this.maxPerHost = maxPerHost;
    this.published = published;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Register.class, this::onRegister)
        .onMessage(Unregister.class, this::onUnregister)
        .onMessage(Query.class, this::onQuery)
        .onMessage(Expire.class, this::onExpire)
        .onMessageEquals(Shutdown.INSTANCE, Behaviors::stopped)
        .build();
  }

  private static String key(PeerInfo p) {
    return p.host() + ":" + p.port();
  }

  private Behavior<Command> onRegister(Register r) {
    FileId id = r.manifest().id();
    Entry e = files.get(id);
    if (e != null && !sameContent(e.manifest, r.manifest())) {
      getContext().getLog().info("refused registration of {} by {}: metadata differs", id, key(r.peer()));
      r.replyTo().tell(new RegisterResult(id, e.peers.size(), Optional.of("CONFLICT"),
          "file " + id + " is already registered with a different size, chunk size or chunk hashes"));
      return this;
    }
    String k = key(r.peer());
    boolean known = e != null && e.peers.containsKey(k);
    if (!known && registrationsPerHost.getOrDefault(r.peer().host(), 0) >= maxPerHost) {
      r.replyTo().tell(new RegisterResult(id, e == null ? 0 : e.peers.size(), Optional.of("BUSY"),
          "too many registrations from " + r.peer().host() + " (limit " + maxPerHost + ")"));
      return this;
    }
    if (e == null) {
      e = new Entry(r.manifest());
      files.put(id, e);
    }
    PeerInfo before = e.peers.put(k, r.peer());
    if (!known) registrationsPerHost.merge(r.peer().host(), 1, Integer::sum);
    // Published before the reply: whoever saw the reply sees the change in a QUERY.
    if (!r.peer().equals(before)) publish(id, e);
    timers.startSingleTimer(id.hex() + "|" + k, new Expire(id, k), ttl);
    r.replyTo().tell(new RegisterResult(id, e.peers.size(), Optional.empty(), "registered"));
    return this;
  }

  private static boolean sameContent(Manifest a, Manifest b) {
    return a.size() == b.size() && a.chunkSize() == b.chunkSize()
        && a.chunkHashes().equals(b.chunkHashes());
  }

  private Behavior<Command> onUnregister(Unregister u) {
    remove(u.id(), key(u.peer()));
    timers.cancel(u.id().hex() + "|" + key(u.peer()));
    Entry e = files.get(u.id());
    u.replyTo().tell(new RegisterResult(u.id(), e == null ? 0 : e.peers.size(), Optional.empty(),
        "unregistered"));
    return this;
  }

  private Behavior<Command> onExpire(Expire x) {
    getContext().getLog().debug("peer {} of {} expired", x.peerKey(), x.id());
    remove(x.id(), x.peerKey());
    return this;
  }

  private void remove(FileId id, String peerKey) {
    Entry e = files.get(id);
    if (e == null) return;
    PeerInfo gone = e.peers.remove(peerKey);
    if (gone != null) {
      registrationsPerHost.computeIfPresent(gone.host(), (h, n) -> n > 1 ? n - 1 : null);
      publish(id, e);
    }
    if (e.peers.isEmpty()) files.remove(id);
  }

  private void publish(FileId id, Entry e) {
    published.publish(id, e.manifest, new ArrayList<>(e.peers.values()));
  }

  private Behavior<Command> onQuery(Query q) {
    Entry e = files.get(q.id());
    if (e == null) {
      q.replyTo().tell(new QueryResult(q.id(), Optional.empty(), List.of()));
      return this;
    }
    List<PeerInfo> peers = new ArrayList<>(e.peers.values());
    if (peers.size() > maxPeersPerQuery) {
      Collections.shuffle(peers, random);
      peers = peers.subList(0, maxPeersPerQuery);
    }
    q.replyTo().tell(new QueryResult(q.id(), Optional.of(e.manifest), List.copyOf(peers)));
    return this;
  }
}
