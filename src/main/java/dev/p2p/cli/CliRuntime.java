package dev.p2p.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.p2p.app.AppSettings;
import dev.p2p.app.LocalPeer;
import dev.p2p.app.P2pSystem;
import dev.p2p.storage.ManifestCache;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The configuration (file, system properties, then command-line flags) and the actor system,
 * rooted in the process's guardian ({@link P2pSystem}).
 */
final class CliRuntime {
  final Config config;
  final AppSettings settings;
  final ActorSystem<?> system;

  CliRuntime(Map<String, Object> overrides) {
    this.config = ConfigFactory.parseMap(overrides).withFallback(ConfigFactory.load());
    this.settings = AppSettings.create(config);
    this.system = P2pSystem.create("p2p", config);
  }

  /** How long an exiting {@code get} gives its node to send its UNREGISTERs (not to hear back). */
  static final long LEAVE_CAP_MS = 50;

  private static volatile boolean halt;

  /** The verified-manifest cache ({@code p2p.manifest-cache}; an empty path turns it off). */
  ManifestCache manifestCache() {
    String dir = config.hasPath("p2p.manifest-cache") ? config.getString("p2p.manifest-cache") : "";
    return dir.isBlank() ? ManifestCache.none() : ManifestCache.in(Path.of(dir));
  }

  /**
   * Stops {@code node} without waiting for the tracker's answers or the actor system's
   * coordinated shutdown, and has {@link Main#main} end the process at once: the result is
   * printed and on disk, and the tracker forgets a peer that stops re-registering within its TTL.
   * Used where exit time counts (a {@code get} that is done); {@link Main#run} returns as usual.
   */
  void leaveQuickly(LocalPeer node) {
    try {
      node.stop().toCompletableFuture().get(LEAVE_CAP_MS, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      // the unregistration goes on until the process ends; the TTL covers the rest
    }
    halt = true;
  }

  /** Whether a command asked to end the process without the shutdown hooks. */
  static boolean haltRequested() {
    return halt;
  }

  void terminate() {
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // exiting anyway
    }
  }

  /** Blocks until the actor system ends (SIGINT/SIGTERM run its coordinated shutdown). */
  void awaitTermination() {
    system.getWhenTerminated().toCompletableFuture().join();
  }
}
