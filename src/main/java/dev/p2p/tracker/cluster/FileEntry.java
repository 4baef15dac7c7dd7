package dev.p2p.tracker.cluster;

import dev.p2p.protocol.Codec;
import dev.p2p.protocol.ErrorCode;
import dev.p2p.protocol.Message;
import dev.p2p.protocol.ProtocolException;
import dev.p2p.storage.FileId;
import dev.p2p.storage.PeerAddress;
import dev.p2p.tracker.FileVariants;
import dev.p2p.tracker.PublishedFiles;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.util.ByteString;

/**
 * The sharded registry entry of one file (entity ID = the 64-hex file ID): the same {@link
 * FileVariants} rules as the single-process registry, a TTL timer per peer, and a one-file {@link
 * PublishedFiles} view whose encoded answers are reused until the file changes. It passivates
 * itself when its last peer leaves (sharding's own passivation is off: a file lives while it is
 * registered). The per-host registration cap is not here: each front-end enforces it for the
 * registrations it forwards ({@link LocalRegistrations}).
 *
 * <p>Every answer is the encoded frame body the front-end sends to its peer, so nothing but bytes
 * and strings crosses the cluster; a REGISTER arrives as its wire body and is decoded strictly.
 */
public final class FileEntry extends AbstractBehavior<FileEntry.Command> {
  public static final EntityTypeKey<Command> KEY = EntityTypeKey.create(Command.class, "file");

  public sealed interface Command extends CborSerializable
      permits Register, Unregister, Query, QueryPeers, Expire {}

  /**
   * {@code register}: the body of a REGISTER whose peer ID and host the front-end has set.
   * {@code lifeMillis}: how long the entry lives, 0 for the TTL (a peer's own registration); a
   * front-end's re-sent copy gives what is left of it, and never shortens a later registration.
   */
  public record Register(byte[] register, String owner, long lifeMillis, ActorRef<Answer> replyTo)
      implements Command {}

  public record Unregister(String host, int port, String owner, ActorRef<Answer> replyTo) implements Command {}

  public record Query(List<String> exclude, ActorRef<Answer> replyTo) implements Command {}

  /** {@code variant} null: the best one. */
  public record QueryPeers(String variant, ActorRef<Answer> replyTo) implements Command {}

  /** Local only: a peer's TTL ran out. */
  private record Expire(PeerAddress peer) implements Command {}

  /** An encoded reply frame body; {@code accepted}: a write that was made. */
  public record Answer(byte[] body, boolean accepted) implements CborSerializable {
    public ByteString frame() {
      return ByteString.fromArrayUnsafe(body);
    }
  }

  private final FileId id;
  private final FileVariants file;
  private final PublishedFiles view;
  private final Duration ttl;
  private final TimerScheduler<Command> timers;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  /** When each peer's entry expires (System.nanoTime()), so that a re-sent copy only extends it. */
  private final Map<PeerAddress, Long> expiresAt = new HashMap<>();

  public static Behavior<Command> create(String entityId, ActorRef<ClusterSharding.ShardCommand> shard,
      Duration ttl, int maxPeersPerQuery) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
        new FileEntry(ctx, timers, shard, new FileId(entityId), ttl, maxPeersPerQuery)));
  }

  private FileEntry(ActorContext<Command> ctx, TimerScheduler<Command> timers,
      ActorRef<ClusterSharding.ShardCommand> shard, FileId id, Duration ttl, int maxPeersPerQuery) {
    super(ctx);
    this.timers = timers;
    this.shard = shard;
    this.id = id;
    this.file = new FileVariants(id);
    this.view = new PublishedFiles(maxPeersPerQuery);
    this.ttl = ttl;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Register.class, this::onRegister)
        .onMessage(Unregister.class, this::onUnregister)
        .onMessage(Query.class, q -> answer(q.replyTo(), view.answer(id, q.exclude())))
        .onMessage(QueryPeers.class, q -> answer(q.replyTo(), view.peers(id, q.variant())))
        .onMessage(Expire.class, this::onExpire)
        .build();
  }

  private Behavior<Command> onRegister(Register r) {
    Message.Register m;
    try {
      Message decoded = Codec.decode(ByteString.fromArrayUnsafe(r.register()));
      if (!(decoded instanceof Message.Register reg) || !reg.fileId().equals(id)) {
        throw new ProtocolException("not a REGISTER of " + id);
      }
      m = reg;
    } catch (RuntimeException e) {
      // Only a front-end of this cluster sends it; a bad one is a bug there, not a peer's fault.
      getContext().getLog().warn("dropped a bad registration of {}: {}", id, e.getMessage());
      return answer(r.replyTo(), error(ErrorCode.BAD_REQUEST, "bad registration"));
    }
    Message.PeerInfo peer = new Message.PeerInfo(m.peerId(), m.host(), m.port());
    FileVariants.Outcome o = file.register(m.manifest(), peer, r.owner());
    if (o.refusal().isPresent()) {
      getContext().getLog().info("refused registration of {} by {}: {}", id, peer.address(),
          o.refusal().get().reason());
      r.replyTo().tell(new Answer(error(o.refusal().get()).toArrayUnsafe(), false));
      return passivateIfEmpty();
    }
    if (o.changed()) file.publishTo(view);
    long life = r.lifeMillis() > 0 ? Math.min(r.lifeMillis(), ttl.toMillis()) : ttl.toMillis();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(life);
    Long before = expiresAt.get(peer.address());
    if (before == null || before - deadline < 0) {
      expiresAt.put(peer.address(), deadline);
      timers.startSingleTimer(peer.address(), new Expire(peer.address()), Duration.ofMillis(life));
    }
    r.replyTo().tell(new Answer(Codec.encode(new Message.Registered(id, file.peers())).toArrayUnsafe(), true));
    return this;
  }

  private Behavior<Command> onUnregister(Unregister u) {
    PeerAddress at = new PeerAddress(u.host(), u.port());
    Optional<FileVariants.Refusal> no = file.mayWithdraw(at, u.owner());
    if (no.isPresent()) {
      u.replyTo().tell(new Answer(error(no.get()).toArrayUnsafe(), false));
      return this;
    }
    timers.cancel(at);
    remove(at);
    u.replyTo().tell(new Answer(Codec.encode(new Message.Registered(id, file.peers())).toArrayUnsafe(), true));
    return passivateIfEmpty();
  }

  private Behavior<Command> onExpire(Expire x) {
    remove(x.peer());
    return passivateIfEmpty();
  }

  private void remove(PeerAddress at) {
    expiresAt.remove(at);
    if (file.remove(at).isPresent()) file.publishTo(view);
  }

  /**
   * A file without peers asks its shard to stop it: messages arriving meanwhile are buffered by
   * the shard and start a fresh entry. (One already in this mailbox when the shard stops it is
   * lost; the peer registers again within its re-announce interval.)
   */
  private Behavior<Command> passivateIfEmpty() {
    if (file.isEmpty()) shard.tell(new ClusterSharding.Passivate<>(getContext().getSelf()));
    return this;
  }

  private Behavior<Command> answer(ActorRef<Answer> replyTo, ByteString body) {
    replyTo.tell(new Answer(body.toArrayUnsafe(), false));
    return this;
  }

  private ByteString error(FileVariants.Refusal r) {
    return error(r.code(), r.reason());
  }

  private ByteString error(ErrorCode code, String reason) {
    return Codec.encode(new Message.Error(code, reason, id, null));
  }
}
