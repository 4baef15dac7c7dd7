package dev.p2p.tracker;

import dev.p2p.protocol.ErrorCode;
import dev.p2p.protocol.Message.PeerInfo;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import dev.p2p.storage.PeerAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The single-process tracker's registry: for each file ID, its {@link FileVariants} (competing
 * manifests, each with the peers that serve it and who owns each entry; the rules are there). A
 * file ID is only the SHA-256 of the file, so anyone may register a wrong manifest for it; the
 * first registration therefore fixes nothing (see docs/security.md, "Manifest poisoning"). Each
 * registration starts a timer that drops the peer unless it registers again within the TTL; a
 * file goes with its last variant. On top of the per-file rules it caps the registrations held
 * for one host over all files.
 *
 * <p>The registry is the only writer of a {@link PublishedFiles} view, which it updates after
 * every change and before it replies; QUERY is answered from that view, not by this actor.
 */
public final class Registry extends AbstractBehavior<Registry.Command> {
  /** See {@link FileVariants#MAX_VARIANTS}. */
  public static final int MAX_VARIANTS = FileVariants.MAX_VARIANTS;

  public sealed interface Command permits Register, Unregister, Expire, Shutdown {}

  /**
   * Adds (or refreshes) {@code peer} as a holder of {@code manifest.id()}: all of it if {@code
   * seeder}, else part of it (a downloader that serves what it has).
   */
  public record Register(Manifest manifest, PeerInfo peer, String owner, boolean seeder,
      ActorRef<RegisterResult> replyTo) implements Command {
    /** A seeder's registration, owned by {@code owner}. */
    public Register(Manifest manifest, PeerInfo peer, String owner, ActorRef<RegisterResult> replyTo) {
      this(manifest, peer, owner, true, replyTo);
    }

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

  private final TimerScheduler<Command> timers;
  private final Duration ttl;
  private final int maxPerHost;
  private final Map<FileId, FileVariants> files = new HashMap<>();
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
    FileVariants e = files.computeIfAbsent(id, FileVariants::new);
    if (!e.holds(at) && registrationsPerHost.getOrDefault(at.host(), 0) >= maxPerHost) {
      return refuse(r, id, e, new FileVariants.Refusal(ErrorCode.BUSY,
          "too many registrations from " + at.host() + " (limit " + maxPerHost + ")"));
    }
    int variantsBefore = e.variantCount();
    FileVariants.Outcome o = e.register(r.manifest(), r.peer(), r.owner(), r.seeder());
    if (o.refusal().isPresent()) return refuse(r, id, e, o.refusal().get());
    if (e.variantCount() > Math.max(1, variantsBefore)) {
      getContext().getLog().info("{} now has {} competing manifests (a new one from {})", id,
          e.variantCount(), at);
    }
    if (o.newEntry()) registrationsPerHost.merge(at.host(), 1, Integer::sum);
    // Published before the reply: whoever saw the reply sees the change in a QUERY.
    if (o.changed()) e.publishTo(published);
    ExpiryKey key = new ExpiryKey(id, at);
    timers.startSingleTimer(key, new Expire(key), ttl);
    r.replyTo().tell(new Accepted(id, e.peers()));
    return this;
  }

  private Behavior<Command> refuse(Register r, FileId id, FileVariants e, FileVariants.Refusal why) {
    getContext().getLog().info("refused registration of {} by {}: {}", id, r.peer().address(), why.reason());
    if (e.isEmpty()) files.remove(id);
    r.replyTo().tell(new Refused(id, e.peers(), why.code(), why.reason()));
    return this;
  }

  private Behavior<Command> onUnregister(Unregister u) {
    FileVariants known = files.get(u.id());
    Optional<FileVariants.Refusal> no = known == null ? Optional.empty()
        : known.mayWithdraw(u.peer(), u.owner());
    if (no.isPresent()) {
      getContext().getLog().info("refused unregistration of {} at {}: the entry belongs to another node",
          u.id(), u.peer());
      u.replyTo().tell(new Refused(u.id(), known.peers(), no.get().code(), no.get().reason()));
      return this;
    }
    ExpiryKey key = new ExpiryKey(u.id(), u.peer());
    remove(key);
    timers.cancel(key);
    FileVariants e = files.get(u.id());
    u.replyTo().tell(new Accepted(u.id(), e == null ? 0 : e.peers()));
    return this;
  }

  private Behavior<Command> onExpire(Expire x) {
    getContext().getLog().debug("peer {} of {} expired", x.key().peer(), x.key().id());
    remove(x.key());
    return this;
  }

  private void remove(ExpiryKey key) {
    FileVariants e = files.get(key.id());
    if (e == null) return;
    Optional<PeerInfo> gone = e.remove(key.peer());
    if (gone.isEmpty()) return;
    registrationsPerHost.computeIfPresent(gone.get().host(), (h, n) -> n > 1 ? n - 1 : null);
    e.publishTo(published);
    if (e.isEmpty()) files.remove(key.id());
  }
}
