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
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Gives the node or the tracker of a CLI process its {@link OpsEndpoint}, as configured:
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
   * The node's endpoint, closed (and its status file deleted) when its actor system begins to
   * shut down; empty when none is configured. Fails when the configured port cannot be bound.
   */
  public static CompletionStage<Optional<OpsEndpoint>> node(ActorSystem<?> system, AppSettings s, LocalPeer peer) {
    Optional<Where> w = where(system.settings().config(), s);
    if (w.isEmpty()) return CompletableFuture.completedFuture(Optional.empty());
    StatusBoard board = new StatusBoard();
    peer.subscribe(board::on); // for the node's life: it ends with the actor system
    Meters.process().gauge("p2p.node.transfers.active", "downloads not yet ended", board, StatusBoard::active);
    long pid = ProcessHandle.current().pid();
    Supplier<NodeStatus> status = () -> new NodeStatus("node", pid, text(peer.address()), peer.peerId(),
        peer.tracker(), 0, 0, board.transfers(), board.peers());
    return OpsEndpoint.start(system, w.get().host(), w.get().port(), "node", status, RunFiles.in(s.stateDir()))
        .thenApply(e -> closedAtShutdown(system, e));
  }

  /** The tracker's endpoint, closed as the node's is; empty when none is configured. */
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
        .thenApply(e -> closedAtShutdown(system, e));
  }

  private static String text(InetSocketAddress a) {
    return a.getHostString() + ":" + a.getPort();
  }

  /**
   * Closes {@code e} (deleting its status file) in the first phase of the actor system's
   * shutdown: before the node stops or the tracker unbinds. A CLI process has one node or tracker
   * and ends its actor system when it ends (a {@code get} that halts the JVM terminates the
   * system first; Ctrl-C and SIGTERM run the shutdown too). Closing twice does nothing.
   */
  private static Optional<OpsEndpoint> closedAtShutdown(ActorSystem<?> system, OpsEndpoint e) {
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
    shutdown.addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "p2p-ops-endpoint", () -> {
      e.close();
      return CompletableFuture.completedFuture(Done.getInstance());
    });
    if (shutdown.getShutdownReason().isPresent()) e.close(); // began before the task was added
    return Optional.of(e);
  }
}
