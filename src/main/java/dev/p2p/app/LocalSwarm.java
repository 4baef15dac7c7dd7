package dev.p2p.app;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * A tracker and any number of peer nodes in one actor system, all on loopback with free ports:
 * what {@code demo}, {@code simulate} and the integration tests run.
 */
public final class LocalSwarm implements AutoCloseable {
  private final ActorSystem<?> system;
  private final Config config;
  private final LocalTracker tracker;
  private final List<LocalPeer> nodes = new ArrayList<>();

  private LocalSwarm(ActorSystem<?> system, Config config, LocalTracker tracker) {
    this.system = system;
    this.config = config;
    this.tracker = tracker;
  }

  /** Starts a tracker on a free port of {@code p2p.tracker.host}. */
  public static LocalSwarm start(ActorSystem<?> system, Config base) {
    // Nodes of one swarm in one process stand for separate machines: each gets a fresh
    // identity, not the user's (p2p.state-dir = "").
    Config c = ConfigFactory.parseMap(Map.of("p2p.tracker.port", 0, "p2p.state-dir", "")).withFallback(base);
    LocalTracker t = LocalTracker.start(system, AppSettings.create(c)).toCompletableFuture().join();
    Config peers = ConfigFactory.parseMap(Map.of(
            "p2p.tracker.port", t.address().getPort(), "p2p.peer.port", 0, "p2p.state-dir", ""))
        .withFallback(base);
    return new LocalSwarm(system, peers, t);
  }

  public LocalTracker tracker() {
    return tracker;
  }

  /** Settings of the next peer: the swarm's tracker, a free port, these overrides on top. */
  public AppSettings peerSettings(Path downloadDir, Map<String, ?> overrides) {
    Map<String, Object> m = new HashMap<>(overrides);
    m.put("p2p.download-dir", downloadDir.toString());
    return AppSettings.create(ConfigFactory.parseMap(m).withFallback(config));
  }

  public LocalPeer addPeer(Path downloadDir) {
    return addPeer(downloadDir, Map.of());
  }

  public LocalPeer addPeer(Path downloadDir, Map<String, ?> overrides) {
    LocalPeer n = LocalPeer.start(system, peerSettings(downloadDir, overrides)).toCompletableFuture().join();
    synchronized (nodes) {
      nodes.add(n);
    }
    return n;
  }

  /** Stops every node (bounded wait) and the tracker. */
  @Override
  public void close() {
    List<CompletableFuture<Void>> all = new ArrayList<>();
    synchronized (nodes) {
      for (LocalPeer n : nodes) all.add(n.stop().toCompletableFuture());
    }
    try {
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
          .get(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS);
      tracker.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // best effort: the actor system's termination ends whatever is left
    }
  }
}
