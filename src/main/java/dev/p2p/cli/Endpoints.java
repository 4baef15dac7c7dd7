package dev.p2p.cli;

import dev.p2p.app.ops.OpsEndpoint;
import dev.p2p.text.UserText;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** What the CLI says of a node's or tracker's metrics endpoint (app.ops.Operating). */
final class Endpoints {
  private Endpoints() {}

  /**
   * Says where the endpoint listens when the user asked for a port (--metrics-port,
   * p2p.metrics-port), and in one line when it could not be bound: the node runs on without it.
   * Binding goes on in the background: a {@code get} does not wait for it.
   */
  static void report(CompletionStage<Optional<OpsEndpoint>> starting, CliRuntime rt) {
    boolean asked = rt.config.getInt("p2p.metrics-port") > 0;
    starting.whenComplete((e, t) -> {
      if (t != null) {
        System.err.println("note: no metrics endpoint: cannot listen on " + rt.config.getString("p2p.metrics-host")
            + ":" + rt.config.getInt("p2p.metrics-port") + " (" + UserText.rootReason(t) + "); running without it");
      } else if (asked) {
        e.ifPresent(ep -> System.err.println("metrics on http://" + ep.address().getHostString() + ":"
            + ep.address().getPort() + "/metrics"));
      }
    });
  }
}
