package dev.p2p.tracker.cluster;

import java.time.Duration;
import dev.p2p.storage.FileId;
import dev.p2p.storage.PeerAddress;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.SelfUp;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * Sends a front-end's {@link LocalRegistrations} to their entities again whenever a member joins
 * or is removed: after a node loss the shards it held start empty on the survivors, and after a
 * join some shards move to the newcomer, empty too. It sends in rounds {@link #ROUNDS} after the
 * event (messages to a shard being moved are buffered by sharding and delivered on its new
 * node). Also completes {@code up} when this node is Up.
 *
 * <p>A withdrawal accepted through any node is told to every member's reseeder ({@link Forget},
 * addressed by its path {@link #NAME} on each member: the members are known at once, whereas a
 * receptionist listing takes gossip rounds), so that no node sends a withdrawn registration again.
 */
final class Reseeder {
  /**
   * When to send after a membership event. Not at once: this node's shard region may learn of a
   * removal after this actor does, and would still send to the dead node (measured: a round at
   * once was lost). Every 500 ms from 500 ms (down-removal-margin, after which the removed
   * node's shards are allocated again) to 4 s, as the regions and the coordinator catch up at their own
   * pace: a file is unfindable at most half a second after its shard is back (a round costs one
   * message per registration); 12 s: sharding rebalances every 10 s (rebalance-interval), so a
   * shard moved to a newcomer after a join is there by then.
   */
  static final List<Duration> ROUNDS = rounds();

  private static List<Duration> rounds() {
    List<Duration> r = new ArrayList<>();
    for (long ms = 500; ms <= 4000; ms += 500) r.add(Duration.ofMillis(ms));
    r.add(Duration.ofSeconds(12));
    return List.copyOf(r);
  }

  /** Its name under /system on every node. */
  static final String NAME = "tracker-reseeder";

  sealed interface Command {}

  /** Sent by this node's backend: an accepted UNREGISTER of {@code peer} for {@code id}. */
  record Withdrawn(FileId id, PeerAddress peer) implements Command {}

  /** Between nodes: drop the registration of {@code host:port} for file {@code id} (64 hex). */
  public record Forget(String id, String host, int port) implements Command, CborSerializable {}

  private record Membership(ClusterEvent.MemberEvent event) implements Command {}

  private record Up(SelfUp up) implements Command {}

  /** Round {@code n} of {@link #ROUNDS} is due; also its timer key. */
  private record Round(int n) implements Command {}

  private enum Ignored implements Command { INSTANCE }

  private Reseeder() {}

  static Behavior<Command> create(ClusterSharding sharding, LocalRegistrations local,
      CompletableFuture<Void> up) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      Cluster cluster = Cluster.get(ctx.getSystem());
      cluster.subscriptions().tell(Subscribe.create(
          ctx.messageAdapter(ClusterEvent.MemberEvent.class, Membership::new), ClusterEvent.MemberEvent.class));
      cluster.subscriptions().tell(Subscribe.create(ctx.messageAdapter(SelfUp.class, Up::new), SelfUp.class));
      ActorRef<FileEntry.Answer> ignore = ctx.messageAdapter(FileEntry.Answer.class, a -> Ignored.INSTANCE);

      Runnable resend = () -> {
        var entries = local.live();
        if (!entries.isEmpty()) ctx.getLog().info("re-sending {} registrations made through this node", entries.size());
        long now = System.nanoTime();
        for (LocalRegistrations.Entry e : entries) {
          long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(e.expiresAtNanos() - now));
          sharding.entityRefFor(FileEntry.KEY, e.id().hex())
              .tell(new FileEntry.Register(e.register(), e.owner(), left, ignore));
        }
      };
      return Behaviors.receive(Command.class)
          .onMessage(Up.class, u -> {
            up.complete(null);
            return Behaviors.same();
          })
          .onMessage(Membership.class, m -> {
            if (m.event() instanceof ClusterEvent.MemberUp || m.event() instanceof ClusterEvent.MemberRemoved) {
              ctx.getLog().info("cluster membership: {}", m.event());
              // A later event restarts the rounds (same keys).
              for (int n = 0; n < ROUNDS.size(); n++) timers.startSingleTimer(new Round(n), new Round(n), ROUNDS.get(n));
            }
            return Behaviors.same();
          })
          .onMessage(Round.class, r -> {
            resend.run();
            return Behaviors.same();
          })
          .onMessage(Withdrawn.class, w -> {
            local.unregistered(w.id(), w.peer());
            Forget f = new Forget(w.id().hex(), w.peer().host(), w.peer().port());
            for (Member m : cluster.state().getMembers()) {
              if (m.equals(cluster.selfMember())) continue;
              Adapter.toClassic(ctx.getSystem()).actorSelection(m.address() + "/system/" + NAME)
                  .tell(f, Adapter.toClassic(ctx.getSelf()));
            }
            return Behaviors.same();
          })
          .onMessage(Forget.class, f -> {
            local.unregistered(new FileId(f.id()), new PeerAddress(f.host(), f.port()));
            return Behaviors.same();
          })
          .onMessageEquals(Ignored.INSTANCE, Behaviors::same)
          .build();
    }));
  }
}
