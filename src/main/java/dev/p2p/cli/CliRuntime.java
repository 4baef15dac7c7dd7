package dev.p2p.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.p2p.app.AppSettings;
import dev.p2p.app.NodeState;
import dev.p2p.app.P2pSystem;
import dev.p2p.storage.ManifestCache;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;

/**
 * The configuration (file, system properties, then command-line flags) and the actor system,
 * rooted in the process's guardian ({@link P2pSystem}).
 */
final class CliRuntime {
  /** How long an exiting {@code get} gives its node to send its UNREGISTERs (not to hear back). */
  static final long LEAVE_CAP_MS = 50;

  /** How long an exiting {@code get} waits for its actor system to end. */
  static final long TERMINATE_CAP_MS = 300;

  /** The actor system's name: the same in every process, as the nodes of a cluster need. */
  static final String SYSTEM_NAME = "p2p";

  private static volatile boolean halt;

  final Config config;
  final AppSettings settings;
  final ActorSystem<?> system;

  CliRuntime(Map<String, Object> overrides) {
    this(overrides, UnaryOperator.identity());
  }

  /** {@code finish} completes the configuration (a tracker's cluster settings) before the system starts. */
  CliRuntime(Map<String, Object> overrides, UnaryOperator<Config> finish) {
    this.config = finish.apply(ConfigFactory.parseMap(overrides).withFallback(ConfigFactory.load()));
    this.settings = AppSettings.create(config);
    this.system = P2pSystem.create(SYSTEM_NAME, config);
  }

  private NodeState state;

  /**
   * The verified-manifest cache: table {@code manifests} of the node's state, {@code state.db} in
   * {@code p2p.state-dir} (an empty folder setting turns it off), shared with the process's node.
   */
  synchronized ManifestCache manifestCache() {
    if (state == null) state = NodeState.open(settings, system.dispatchers().lookup(DispatcherSelector.blocking()));
    return state.manifests();
  }

  /**
   * Ends the process soon after {@code stopping} (a node's stop, already under way): waits at most
   * {@link #LEAVE_CAP_MS} for it (the UNREGISTERs are sent by then; their answers do not matter:
   * the tracker forgets a peer that stops re-registering within its TTL), then at most
   * {@link #TERMINATE_CAP_MS} for the actor system, and has {@link Main#main} halt the JVM without
   * its shutdown hooks. The system is terminated first because JDK 17's exit waits up to 300 ms
   * for threads in native code (Pekko's selector in epoll_wait): measured 360 ms from the printed
   * result to the exit without it, 110-190 ms with it. {@link Main#run} returns as usual.
   */
  void leaveQuickly(CompletionStage<Void> stopping) {
    try {
      stopping.toCompletableFuture().get(LEAVE_CAP_MS, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      // still unregistering: the TTL covers it
    }
    terminate(TERMINATE_CAP_MS);
    halt = true;
  }

  /** Whether a command asked to end the process without the shutdown hooks. */
  static boolean haltRequested() {
    return halt;
  }

  void terminate() {
    terminate(TimeUnit.SECONDS.toMillis(10));
  }

  /** Terminates the actor system and waits at most {@code capMs} for it to end. */
  private void terminate(long capMs) {
    synchronized (this) {
      if (state != null) state.close(); // committed already: this only lets go of the file
    }
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(capMs, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      // exiting anyway
    }
  }

  /** Blocks until the actor system ends (SIGINT/SIGTERM run its coordinated shutdown). */
  void awaitTermination() {
    system.getWhenTerminated().toCompletableFuture().join();
  }
}
