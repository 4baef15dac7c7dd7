package dev.p2p.cli;

import dev.p2p.text.BindFailure;
import dev.p2p.app.LocalTracker;
import dev.p2p.app.P2pSystem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import dev.p2p.app.ops.Operating;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "tracker", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Run a tracker until stopped (Ctrl-C, SIGTERM); with --join, as a node of a "
        + "tracker cluster.")
final class TrackerCommand implements Callable<Integer> {
  @Option(names = "--port", paramLabel = "P", description = "Port (default: p2p.tracker.port, 5000).")
  Integer port;

  @Option(names = "--host", paramLabel = "IP", description = "Address to bind (default: p2p.tracker.host, 127.0.0.1).")
  String host;

  @Option(names = "--join", paramLabel = "H1:C1,H2:C2,...", split = ",",
      description = "Be a node of the tracker cluster with these seed nodes (cluster addresses; "
          + "the same list on every node; default: p2p.tracker.cluster.join, none = a "
          + "single-process tracker).")
  List<String> join;

  @Option(names = "--cluster-port", paramLabel = "C",
      description = "This node's cluster port (default: p2p.tracker.cluster.port, 17356).")
  Integer clusterPort;

  @Option(names = "--cluster-host", paramLabel = "IP",
      description = "Address the cluster port binds to: a private one, never the open internet "
          + "(default: p2p.tracker.cluster.host, 127.0.0.1).")
  String clusterHost;

  @Mixin MetricsOption metrics = new MetricsOption();

  @Override
  public Integer call() {
    Map<String, Object> o = new LinkedHashMap<>();
    metrics.addTo(o);
    if (port != null) o.put("p2p.tracker.port", NodeOptions.parsePort(String.valueOf(port), "--port"));
    if (host != null) o.put("p2p.tracker.host", host);
    if (join != null) {
      List<String> seeds = new ArrayList<>();
      for (String s : join) seeds.add(NodeOptions.address(s, "--join").toString());
      o.put("p2p.tracker.cluster.join", seeds);
    }
    if (clusterPort != null) {
      o.put("p2p.tracker.cluster.port", NodeOptions.parsePort(String.valueOf(clusterPort), "--cluster-port"));
    }
    if (clusterHost != null) o.put("p2p.tracker.cluster.host", clusterHost);
    CliRuntime rt = new CliRuntime(o, c -> P2pSystem.trackerConfig(CliRuntime.SYSTEM_NAME, c));
    try {
      LocalTracker t = LocalTracker.start(rt.system, rt.settings).toCompletableFuture().join();
      System.err.println("tracker listening on " + t.address().getHostString() + ":" + t.address().getPort()
          + " (" + t.transportDescription() + ")");
      Endpoints.report(Operating.tracker(rt.system, rt.settings, t), rt);
      t.clusterUp().ifPresent(up -> {
        String self = rt.config.getString("p2p.tracker.cluster.host") + ":" + rt.config.getInt("p2p.tracker.cluster.port");
        System.err.println("cluster node " + self + " joining " + String.join(",",
            rt.config.getStringList("p2p.tracker.cluster.join")));
        up.thenRun(() -> System.err.println("cluster node " + self + " is up"));
      });
    } catch (RuntimeException e) {
      rt.terminate();
      // A busy port is one line naming the address, not Pekko's wording with the Java class.
      throw BindFailure.describe(e, rt.settings.trackerHost(), rt.settings.trackerPort(),
          "another tracker").<RuntimeException>map(m -> new IllegalStateException(m, e)).orElse(e);
    }
    rt.awaitTermination();
    return 0;
  }
}
