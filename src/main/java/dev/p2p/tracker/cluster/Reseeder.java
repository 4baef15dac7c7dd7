package dev.p2p.tracker.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
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

  sealed interface Command {}

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
        for (LocalRegistrations.Entry e : entries) {
          sharding.entityRefFor(FileEntry.KEY, e.id().hex())
              .tell(new FileEntry.Register(e.register(), e.owner(), ignore));
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
          .onMessageEquals(Ignored.INSTANCE, Behaviors::same)
          .build();
    }));
  }
}
