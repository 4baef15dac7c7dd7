package dev.p2p.tracker.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.p2p.app.AppSettings;
import dev.p2p.app.LocalTracker;
import dev.p2p.app.P2pSystem;
import dev.p2p.protocol.Message;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import dev.p2p.testing.Wire;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three tracker nodes, each its own actor system with its own cluster and TCP addresses
 * (127.0.0.1, .2, .3, ports chosen by the OS), in one JVM, joined into one cluster with the
 * shipped cluster settings (tracker-cluster.conf). Peers are raw TLS sockets.
 */
class TrackerClusterIT {
  /** The documented bound (docs/protocol.md, "Clustered tracker") on a file's blackout after a crash. */
  static final Duration FAILOVER_BOUND = Duration.ofSeconds(15);

  final List<ActorSystem<?>> systems = new ArrayList<>();
  final List<LocalTracker> trackers = new ArrayList<>();

  @BeforeEach
  void formCluster() throws Exception {
    for (int i = 1; i <= 3; i++) {
      String host = "127.0.0." + i;
      Config base = ConfigFactory.parseMap(Map.of("p2p.tracker.host", host, "p2p.tracker.port", 0,
              // terminate() below is a crash: no leaving, no hand-off (as kill -9)
              "pekko.coordinated-shutdown.run-by-actor-system-terminate", "off"))
          .withFallback(ConfigFactory.load("application-test"));
      Config config = TrackerCluster.config(base, "p2p", host, 0, List.of());
      ActorSystem<?> system = P2pSystem.create("p2p", config);
      systems.add(system);
      trackers.add(LocalTracker.start(system, AppSettings.create(config)).toCompletableFuture().get(10, TimeUnit.SECONDS));
    }
    var first = Cluster.get(systems.get(0)).selfMember().address();
    for (ActorSystem<?> s : systems) Cluster.get(s).manager().tell(Join.create(first));
    for (LocalTracker t : trackers) t.clusterUp().orElseThrow().toCompletableFuture().get(20, TimeUnit.SECONDS);
    TestProbe<Object> probe = TestProbe.create(systems.get(0));
    probe.awaitAssert(Duration.ofSeconds(20), () -> {
      for (ActorSystem<?> s : systems) {
        int up = 0;
        for (var m : Cluster.get(s).state().getMembers()) if (m.status() == MemberStatus.up()) up++;
        assertEquals(3, up);
      }
      return null;
    });
  }

  @AfterEach
  void stop() throws Exception {
    for (ActorSystem<?> s : systems) s.terminate();
    for (ActorSystem<?> s : systems) s.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @Test
  void aRegistrationThroughOneNodeIsAnsweredThroughAnother() throws Exception {
    Manifest file = randomFile();
    assertInstanceOf(Message.Registered.class, request(0, Message.Register.of(file, "x", "127.0.0.9", 6001)));

    Message answer = request(2, new Message.Query(file.id()));
    Message.QueryResult r = assertInstanceOf(Message.QueryResult.class, answer);
    assertEquals(file, r.manifest());
    assertEquals(List.of(6001), r.peers().stream().map(Message.PeerInfo::port).toList());
    assertEquals(Wire.CLIENT.identity().orElseThrow().nodeId(), r.peers().get(0).peerId());
    Message.Peers peers = assertInstanceOf(Message.Peers.class, request(1, new Message.QueryPeers(file.id())));
    assertEquals(1, peers.total());

    // Withdrawn through a third node by the node that registered it: gone everywhere.
    assertInstanceOf(Message.Registered.class, request(1, new Message.Unregister(file.id(), "x", 6001)));
    assertInstanceOf(Message.Error.class, request(2, new Message.Query(file.id())));
  }

  @Test
  void aFileWhoseShardWasOnACrashedNodeIsFoundAgainWithinTheBound() throws Exception {
    List<Manifest> files = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      Manifest f = randomFile();
      files.add(f);
      assertInstanceOf(Message.Registered.class, request(0, Message.Register.of(f, "x", "127.0.0.9", 6001)));
    }
    Set<String> onB = entitiesOn(systems.get(1));
    List<Manifest> lost = files.stream().filter(f -> onB.contains(f.id().hex())).toList();
    assertFalse(lost.isEmpty(), "least-shard allocation spreads 30 files over 3 nodes");

    long crashed = System.nanoTime();
    systems.get(1).terminate();
    systems.get(1).getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
    TestProbe<Object> probe = TestProbe.create(systems.get(0));
    // Found again through node C without any peer re-registering: node A re-sent them. Until
    // then a QUERY is answered NOT_FOUND (the entry restarted empty) or BUSY (lost in flight).
    probe.awaitAssert(FAILOVER_BOUND, Duration.ofMillis(250), () -> {
      for (Manifest f : lost) {
        assertInstanceOf(Message.QueryResult.class, request(2, new Message.Query(f.id())), f.id().shortHex());
      }
      return null;
    });
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - crashed);
    System.err.println("failover: " + lost.size() + " files on the crashed node found again after " + ms + " ms");
    for (Manifest f : files) assertInstanceOf(Message.QueryResult.class, request(0, new Message.Query(f.id())));
    assertTrue(ms < FAILOVER_BOUND.toMillis(), ms + " ms");
  }

  /** The file IDs whose entities run on {@code system}. */
  static Set<String> entitiesOn(ActorSystem<?> system) {
    TestProbe<ShardRegion.CurrentShardRegionState> probe = TestProbe.create(system);
    ClusterSharding.get(system).shardState().tell(new GetShardRegionState(FileEntry.KEY, probe.getRef()));
    Set<String> ids = new HashSet<>();
    for (ShardRegion.ShardState s : probe.receiveMessage(Duration.ofSeconds(10)).getShards()) ids.addAll(s.getEntityIds());
    return ids;
  }

  /** One request on a fresh TLS connection to node {@code i}'s TCP port, and its reply. */
  Message request(int i, Message m) {
    InetSocketAddress at = trackers.get(i).address();
    try (Socket s = Wire.connect(at)) {
      // Longer than the cluster's ask timeout (2 s), after which the node closes the connection.
      s.setSoTimeout(3000);
      Wire.send(s, m);
      return Wire.readFrame(s.getInputStream(), 1_000_000);
    } catch (IOException e) {
      throw new AssertionError("node " + i + " at " + at + ": " + e, e);
    }
  }

  static Manifest randomFile() {
    byte[] b = new byte[32];
    ThreadLocalRandom.current().nextBytes(b);
    StringBuilder hex = new StringBuilder();
    for (byte x : b) hex.append(String.format("%02x", x));
    return new Manifest(new FileId(hex.toString()), "f.bin", 2000, 1024, List.of("1".repeat(64), "2".repeat(64)));
  }
}
