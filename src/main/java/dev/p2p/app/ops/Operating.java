package dev.p2p.app.ops;

import com.typesafe.config.Config;
import dev.p2p.app.AppSettings;
import dev.p2p.app.LocalPeer;
import dev.p2p.app.LocalTracker;
import dev.p2p.metrics.Meters;
import dev.p2p.tracker.PublishedFiles;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Gives a node or a tracker started by the CLI its {@link OpsEndpoint}, as configured:
 *
 * <ul>
 *   <li>{@code p2p.metrics-port} above 0: on {@code p2p.metrics-host}:that port (for Prometheus);
 *   <li>else, with {@code p2p.status-endpoint} on and a state folder: on a free port of
 *       127.0.0.1, for {@code p2p status} only;
 *   <li>else none.
 * </ul>
 *
 * With a state folder the endpoint's status file is written ({@link RunFiles}). Each process has
 * at most one node or tracker with an endpoint: {@code demo} and {@code simulate} do not call this.
 */
public final class Operating {
  private Operating() {}

  /** Where an endpoint binds, read from {@code p2p.metrics-*} and {@code p2p.status-endpoint}. */
  record Where(String host, int port) {}

  static Optional<Where> where(Config c, AppSettings s) {
    int port = c.getInt("p2p.metrics-port");
    if (port > 0) return Optional.of(new Where(c.getString("p2p.metrics-host"), port));
    if (c.getBoolean("p2p.status-endpoint") && !s.stateDir().isBlank()) return Optional.of(new Where("127.0.0.1", 0));
    return Optional.empty();
  }

  /**
   * The node's endpoint, closed (and its status file deleted) when the node begins to stop;
   * empty when none is configured. Fails when the configured port cannot be bound.
   */
  public static CompletionStage<Optional<OpsEndpoint>> node(ActorSystem<?> system, AppSettings s, LocalPeer peer) {
    Optional<Where> w = where(system.settings().config(), s);
    if (w.isEmpty()) return CompletableFuture.completedFuture(Optional.empty());
    StatusBoard board = new StatusBoard();
    AutoCloseable subscription = peer.subscribe(board::on);
    Meters.process().gauge("p2p.node.transfers.active", "downloads not yet ended", board, StatusBoard::active);
    long pid = ProcessHandle.current().pid();
    Supplier<NodeStatus> status = () -> new NodeStatus("node", pid, text(peer.address()), peer.peerId(),
        peer.tracker(), 0, 0, board.transfers(), board.peers());
    return OpsEndpoint.start(system, w.get().host(), w.get().port(), "node", status, RunFiles.in(s.stateDir()))
        .thenApply(e -> {
          peer.onStop(() -> {
            e.close();
            closeQuietly(subscription);
          });
          return Optional.of(e);
        });
  }

  /** The tracker's endpoint, closed when the JVM exits; empty when none is configured. */
  public static CompletionStage<Optional<OpsEndpoint>> tracker(ActorSystem<?> system, AppSettings s,
      LocalTracker tracker) {
    Optional<Where> w = where(system.settings().config(), s);
    if (w.isEmpty()) return CompletableFuture.completedFuture(Optional.empty());
    long pid = ProcessHandle.current().pid();
    Optional<PublishedFiles> published = tracker.published();
    Supplier<NodeStatus> status = () -> new NodeStatus("tracker", pid, text(tracker.address()), "", "",
        published.map(PublishedFiles::fileCount).orElse(0), published.map(PublishedFiles::registrationCount).orElse(0L),
        List.of(), List.of());
    return OpsEndpoint.start(system, w.get().host(), w.get().port(), "tracker", status, RunFiles.in(s.stateDir()))
        .thenApply(e -> {
          // A tracker runs until the process is told to stop, and then the hooks run.
          Runtime.getRuntime().addShutdownHook(new Thread(e::close, "p2p-status-file"));
          return Optional.of(e);
        });
  }

  private static String text(InetSocketAddress a) {
    return a.getHostString() + ":" + a.getPort();
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // the node is stopping: its subscription ends with it anyway
    }
  }
}
