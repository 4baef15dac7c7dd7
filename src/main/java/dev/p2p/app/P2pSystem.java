package dev.p2p.app;

import com.typesafe.config.Config;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Starts a process's actor system, rooted in its {@link Guardian}, for the command line and the
 * window (which start nodes and trackers through {@link LocalPeer} and {@link LocalTracker}, never
 * by addressing the guardian themselves).
 */
public final class P2pSystem {
  private P2pSystem() {}

  public static ActorSystem<?> create(String name, Config config) {
    return Guardian.system(name, config);
  }
}
