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
    return start(system, system, base);
  }

  /**
   * As {@link #start(ActorSystem, Config)}, the tracker in {@code trackerSystem} and the peers in
   * {@code system}: a tracker apart from a thousand peers in one process has threads of its own,
   * as it would on its own machine, rather than a place in the queue behind all their work.
   */
  public static LocalSwarm start(ActorSystem<?> trackerSystem, ActorSystem<?> system, Config base) {
    // Nodes of one swarm in one process stand for separate machines: each gets a fresh
    // identity, not the user's (p2p.state-dir = "").
    Config c = ConfigFactory.parseMap(Map.of("p2p.tracker.port", 0, "p2p.state-dir", "")).withFallback(base);
    LocalTracker t = LocalTracker.start(trackerSystem, AppSettings.create(c)).toCompletableFuture().join();
    Config peers = ConfigFactory.parseMap(Map.of(
            "p2p.tracker.port", t.address().getPort(), "p2p.peer.port", 0, "p2p.state-dir", ""))
        .withFallback(base);
    return new LocalSwarm(system, peers, t);
  }

  /**
   * Peer connections the downloaders of {@link #crowdSettings} hold in all, at most: each is two
   * file descriptors in this one process (both ends), under a hard limit of some 20000 here.
   */
  static final int CONNECTION_BUDGET = 6000;

  /**
   * Settings for {@code peers} downloaders in this one process, over the defaults. Every peer
   * connects from 127.0.0.1, so the per-address caps of the tracker and the chunk servers are
   * lifted. The rest keeps one peer's work small enough for a thousand to share two cores: each
   * connection and each tracker request is a TLS handshake (most of the CPU at 100 peers), so a
   * download keeps to at most 30 peers (fewer under the connection budget: 6 at 1000), gets as
   * many from a query, and re-registers every minute (the tracker keeps a peer 3 minutes) rather
   * than every 20 s; 8 chunks in flight per download, not 32, bound the memory.
   */
  public static Map<String, Object> crowdSettings(int peers, int chunkSize) {
    int conns = Math.max(512, peers * 60);
    int perDownload = Math.max(4, Math.min(30, CONNECTION_BUDGET / peers));
    return Map.of(
        "p2p.chunk-size", chunkSize,
        "p2p.max-connections", conns, "p2p.max-connections-per-ip", conns,
        "p2p.tracker.max-registrations-per-ip", conns,
        "p2p.tracker.max-peers-per-query", perDownload,
        "p2p.max-peers-per-download", perDownload,
        "p2p.parallelism", 8,
        "p2p.peer.reannounce-interval", "60s",
        "p2p.tracker.peer-ttl", "180s");
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

  /**
   * A peer for each of {@code downloadDirs}, all started at once (a thousand one after the other
   * took most of a minute), in the same order.
   */
  public List<LocalPeer> addPeers(List<Path> downloadDirs) {
    List<CompletableFuture<LocalPeer>> starting = new ArrayList<>();
    for (Path d : downloadDirs) {
      starting.add(LocalPeer.start(system, peerSettings(d, Map.of())).toCompletableFuture());
    }
    List<LocalPeer> started = starting.stream().map(CompletableFuture::join).toList();
    synchronized (nodes) {
      nodes.addAll(started);
    }
    return started;
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
