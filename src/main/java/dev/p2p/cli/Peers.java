package dev.p2p.cli;

import com.typesafe.config.ConfigFactory;
import dev.p2p.app.AppSettings;
import dev.p2p.app.LocalPeer;
import java.util.Map;
import java.util.concurrent.CompletionException;

/** Starting a peer node from the CLI, with the fallback to a free port. */
final class Peers {
  private Peers() {}

  /**
   * Starts a node. If the configured port is busy and the user did not ask for it explicitly,
   * a free port is used instead (and said on stderr): two sharers on one machine just work.
   */
  static LocalPeer start(CliRuntime rt, boolean portExplicit) {
    try {
      return LocalPeer.start(rt.system, rt.settings).toCompletableFuture().join();
    } catch (CompletionException e) {
      if (portExplicit || rt.settings.peerPort() == 0) throw e;
      AppSettings any = AppSettings.create(ConfigFactory.parseMap(Map.of("p2p.peer.port", 0))
          .withFallback(rt.config));
      LocalPeer n = LocalPeer.start(rt.system, any).toCompletableFuture().join();
      System.err.println("note: port " + rt.settings.peerPort() + " is busy; serving on port "
          + n.address().getPort() + " instead");
      return n;
    }
  }
}
