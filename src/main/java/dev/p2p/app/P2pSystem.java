package dev.p2p.app;

import com.typesafe.config.Config;
import dev.p2p.tracker.cluster.TrackerCluster;
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

  /**
   * The configuration for a tracker's system named {@code name}: {@code loaded} as it is, unless
   * {@code p2p.tracker.cluster.join} lists seed nodes; then {@code loaded} with the cluster
   * settings of a tracker node at {@code p2p.tracker.cluster.host:port} (see {@link LocalTracker}).
   */
  public static Config trackerConfig(String name, Config loaded) {
    var join = loaded.getStringList("p2p.tracker.cluster.join");
    if (join.isEmpty()) return loaded;
    return TrackerCluster.config(loaded, name, loaded.getString("p2p.tracker.cluster.host"),
        loaded.getInt("p2p.tracker.cluster.port"), join);
  }
}
