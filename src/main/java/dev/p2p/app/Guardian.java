package dev.p2p.app;

import com.typesafe.config.Config;
import dev.p2p.tracker.Registry;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The root of a process's actors: it spawns every peer node ({@link PeerGuardian}, named
 * {@code peer-<port>}) and every tracker ({@link Registry}, named {@code tracker}) with a stable
 * name, declares their supervision and watches them. Many nodes may live under one guardian (tests
 * and {@code simulate}); a second child asking for a name still in use (a node on the same port
 * still stopping) gets {@code -2}, {@code -3}, … appended. When a node ends, for whatever reason,
 * its facade is told ({@link PeerGuardian.NodeStopped}) so that its calls fail at once instead of
 * timing out.
 */
public final class Guardian extends AbstractBehavior<Guardian.Command> {
  public sealed interface Command permits SpawnPeer, SpawnTracker, PeerEnded, TrackerEnded {}

  /** Starts a node; {@code reports} is its facade's channel for outcomes and the node's end. */
  public record SpawnPeer(String name, Behavior<PeerGuardian.Command> node,
      ActorRef<PeerGuardian.Report> reports, ActorRef<ActorRef<PeerGuardian.Command>> replyTo)
      implements Command {}

  public record SpawnTracker(Behavior<Registry.Command> registry,
      ActorRef<ActorRef<Registry.Command>> replyTo) implements Command {}

  private record PeerEnded(String name, ActorRef<PeerGuardian.Report> reports) implements Command {}

  private record TrackerEnded(String name) implements Command {}

  /** The process's actor system, rooted in a guardian (see {@link P2pSystem}). */
  static ActorSystem<Command> system(String name, Config config) {
    ActorSystem<Command> system = ActorSystem.create(create(), name, config);
    Host.ID.apply(system).set(system);
    return system;
  }

  /**
   * The guardian of {@code system}: its root if it was made by {@link #system}, else (a test kit's
   * system, whose root is the kit's own) one guardian spawned beside that root on first use.
   */
  public static ActorRef<Command> of(ActorSystem<?> system) {
    return Host.ID.apply(system).get(system);
  }

  public static Behavior<Command> create() {
    return Behaviors.setup(Guardian::new);
  }

  private Guardian(ActorContext<Command> ctx) {
    super(ctx);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(SpawnPeer.class, this::onSpawnPeer)
        .onMessage(SpawnTracker.class, this::onSpawnTracker)
        .onMessage(PeerEnded.class, this::onPeerEnded)
        .onMessage(TrackerEnded.class, this::onTrackerEnded)
        .build();
  }

  private Behavior<Command> onSpawnPeer(SpawnPeer s) {
    String name = freeName(s.name());
    // A node that fails is not restarted: its files, downloads and registrations would be lost
    // silently. It stops; its facade learns it through PeerEnded and refuses further calls.
    ActorRef<PeerGuardian.Command> ref = getContext().spawn(
        Behaviors.supervise(s.node()).onFailure(SupervisorStrategy.stop()), name);
    getContext().watchWith(ref, new PeerEnded(name, s.reports()));
    s.replyTo().tell(ref);
    return this;
  }

  private Behavior<Command> onSpawnTracker(SpawnTracker s) {
    String name = freeName("tracker");
    ActorRef<Registry.Command> ref = getContext().spawn(
        Behaviors.supervise(s.registry()).onFailure(SupervisorStrategy.stop()), name);
    getContext().watchWith(ref, new TrackerEnded(name));
    s.replyTo().tell(ref);
    return this;
  }

  private Behavior<Command> onPeerEnded(PeerEnded e) {
    getContext().getLog().debug("node {} ended", e.name());
    e.reports().tell(PeerGuardian.NodeStopped.INSTANCE);
    return this;
  }

  private Behavior<Command> onTrackerEnded(TrackerEnded e) {
    getContext().getLog().debug("tracker {} ended", e.name());
    return this;
  }

  private String freeName(String base) {
    if (getContext().getChild(base).isEmpty()) return base;
    int n = 2;
    while (getContext().getChild(base + "-" + n).isPresent()) n++;
    return base + "-" + n;
  }

  /** Where an actor system keeps its guardian. */
  static final class Host implements Extension {
    static final ExtensionId<Host> ID = new ExtensionId<>() {
      @Override
      public Host createExtension(ActorSystem<?> system) {
        return new Host();
      }
    };

    private ActorRef<Command> guardian;

    synchronized void set(ActorRef<Command> root) {
      guardian = root;
    }

    synchronized ActorRef<Command> get(ActorSystem<?> system) {
      if (guardian == null) guardian = system.systemActorOf(create(), "p2p", Props.empty());
      return guardian;
    }
  }
}
