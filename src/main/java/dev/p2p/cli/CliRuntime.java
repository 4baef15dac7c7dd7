package dev.p2p.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.p2p.app.AppSettings;
import dev.p2p.app.P2pSystem;
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
