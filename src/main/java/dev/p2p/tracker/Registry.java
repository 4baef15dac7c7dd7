package dev.p2p.tracker;

import dev.p2p.protocol.ErrorCode;
import dev.p2p.protocol.Message.PeerInfo;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import dev.p2p.storage.PeerAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
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
 *
 * <p>The registry is the only writer of a {@link PublishedFiles} view, which it updates after
 * every change and before it replies; QUERY is answered from that view, not by this actor.
 */
public final class Registry extends AbstractBehavior<Registry.Command> {
  public sealed interface Command permits Register, Unregister, Expire, Shutdown {}

  /** Adds (or refreshes) {@code peer} as a holder of {@code manifest.id()}. */
  public record Register(Manifest manifest, PeerInfo peer, ActorRef<RegisterResult> replyTo)
      implements Command {}

  /** Removes the peer serving from {@code peer} as a holder of {@code id}. */
  public record Unregister(FileId id, PeerAddress peer, ActorRef<RegisterResult> replyTo)
      implements Command {}

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

  /** Nothing changed: {@code code} is CONFLICT or BUSY and {@code reason} says why. */
  public record Refused(FileId id, int peers, ErrorCode code, String reason)
      implements RegisterResult {}

  private static final class Entry {
    final Manifest manifest;
    final Map<PeerAddress, PeerInfo> peers = new LinkedHashMap<>();

    Entry(Manifest manifest) {
      this.manifest = manifest;
    }
  }

  private final TimerScheduler<Command> timers;
  private final Duration ttl;
  private final int maxPerHost;
  private final Map<FileId, Entry> files = new HashMap<>();
  private final Map<String, Integer> registrationsPerHost = new HashMap<>();
  private final PublishedFiles published;

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
    Entry e = files.get(id);
    if (e != null && !sameContent(e.manifest, r.manifest())) {
      getContext().getLog().info("refused registration of {} by {}: metadata differs", id, at);
      r.replyTo().tell(new Refused(id, e.peers.size(), ErrorCode.CONFLICT,
          "file " + id + " is already registered with a different size, chunk size or chunk hashes"));
      return this;
    }
    boolean known = e != null && e.peers.containsKey(at);
    if (!known && registrationsPerHost.getOrDefault(at.host(), 0) >= maxPerHost) {
      r.replyTo().tell(new Refused(id, e == null ? 0 : e.peers.size(), ErrorCode.BUSY,
          "too many registrations from " + at.host() + " (limit " + maxPerHost + ")"));
      return this;
    }
    if (e == null) {
      e = new Entry(r.manifest());
      files.put(id, e);
    }
    PeerInfo before = e.peers.put(at, r.peer());
    if (!known) registrationsPerHost.merge(at.host(), 1, Integer::sum);
    // Published before the reply: whoever saw the reply sees the change in a QUERY.
    if (!r.peer().equals(before)) publish(id, e);
    ExpiryKey key = new ExpiryKey(id, at);
    timers.startSingleTimer(key, new Expire(key), ttl);
    r.replyTo().tell(new Accepted(id, e.peers.size()));
    return this;
  }

  static boolean sameContent(Manifest a, Manifest b) {
    return a.size() == b.size() && a.chunkSize() == b.chunkSize()
        && a.chunkHashes().equals(b.chunkHashes());
  }

  private Behavior<Command> onUnregister(Unregister u) {
    ExpiryKey key = new ExpiryKey(u.id(), u.peer());
    remove(key);
    timers.cancel(key);
    Entry e = files.get(u.id());
    u.replyTo().tell(new Accepted(u.id(), e == null ? 0 : e.peers.size()));
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
    PeerInfo gone = e.peers.remove(key.peer());
    if (gone != null) {
      registrationsPerHost.computeIfPresent(gone.host(), (h, n) -> n > 1 ? n - 1 : null);
      publish(key.id(), e);
    }
    if (e.peers.isEmpty()) files.remove(key.id());
  }

  private void publish(FileId id, Entry e) {
    published.publish(id, e.manifest, new ArrayList<>(e.peers.values()));
  }
}
