package dev.p2p.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.p2p.tracker.PublishedFiles;
import org.apache.pekko.Done;
import dev.p2p.tracker.Registry;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The process's root: stable names, many nodes, and a node's end told to its facade. */
class GuardianTest {
  static final ActorTestKit testKit = ActorTestKit.create();
  static final ActorRef<Guardian.Command> guardian = testKit.spawn(Guardian.create(), "p2p");

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  /** Stands in for a node: stops on any message, or fails if the message says so. */
  static Behavior<PeerGuardian.Command> fakeNode() {
    return Behaviors.receiveMessage(m -> {
      if (m instanceof PeerGuardian.Publish) throw new IllegalStateException("a bug in the node");
      return Behaviors.stopped();
    });
  }

  ActorRef<PeerGuardian.Command> spawnPeer(String name, TestProbe<PeerGuardian.Report> reports) {
    TestProbe<ActorRef<PeerGuardian.Command>> spawned = testKit.createTestProbe();
    guardian.tell(new Guardian.SpawnPeer(name, fakeNode(), reports.getRef(), spawned.getRef()));
    return spawned.receiveMessage();
  }

  @Test
  void nodesGetStableNamesUnderTheGuardianAndASecondOnTheSameNameIsNumbered() {
    TestProbe<PeerGuardian.Report> reports = testKit.createTestProbe();
    ActorRef<PeerGuardian.Command> a = spawnPeer("peer-6001", reports);
    ActorRef<PeerGuardian.Command> b = spawnPeer("peer-6001", reports);
    assertEquals("/user/p2p/peer-6001", a.path().toStringWithoutAddress());
    assertEquals("/user/p2p/peer-6001-2", b.path().toStringWithoutAddress());
    a.tell(new PeerGuardian.Stop(testKit.<Done>createTestProbe().getRef()));
    b.tell(new PeerGuardian.Stop(testKit.<Done>createTestProbe().getRef()));
    reports.expectMessage(PeerGuardian.NodeStopped.INSTANCE);
    reports.expectMessage(PeerGuardian.NodeStopped.INSTANCE);
  }

  @Test
  void aNodeThatFailsIsStoppedAndItsFacadeIsTold() {
    TestProbe<PeerGuardian.Report> reports = testKit.createTestProbe();
    ActorRef<PeerGuardian.Command> node = spawnPeer("peer-6002", reports);
    TestProbe<Object> watcher = testKit.createTestProbe();
    node.tell(new PeerGuardian.Publish(null));
    reports.expectMessage(Duration.ofSeconds(5), PeerGuardian.NodeStopped.INSTANCE);
    watcher.expectTerminated(node, Duration.ofSeconds(5));
  }

  @Test
  void theTrackerIsNamedTracker() {
    TestProbe<ActorRef<Registry.Command>> spawned = testKit.createTestProbe();
    guardian.tell(new Guardian.SpawnTracker(
        Registry.create(Duration.ofMinutes(1), 100, new PublishedFiles(50)), spawned.getRef()));
    ActorRef<Registry.Command> registry = spawned.receiveMessage();
    assertEquals("/user/p2p/tracker", registry.path().toStringWithoutAddress());
    registry.tell(Registry.Shutdown.INSTANCE);
  }

  @Test
  void aSystemNotRootedInAGuardianGetsOneOnFirstUse() {
    assertEquals(Guardian.of(testKit.system()), Guardian.of(testKit.system()));
    assertEquals("/system/p2p", Guardian.of(testKit.system()).path().toStringWithoutAddress());
  }
}
