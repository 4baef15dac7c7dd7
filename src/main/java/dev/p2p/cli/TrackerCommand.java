package dev.p2p.cli;

import dev.p2p.app.LocalTracker;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "tracker", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Run a tracker until stopped (Ctrl-C, SIGTERM).")
final class TrackerCommand implements Callable<Integer> {
  @Option(names = "--port", paramLabel = "P", description = "Port (default: p2p.tracker.port, 5000).")
  Integer port;

  @Option(names = "--host", paramLabel = "IP", description = "Address to bind (default: p2p.tracker.host, 127.0.0.1).")
  String host;

  @Override
  public Integer call() {
    Map<String, Object> o = new LinkedHashMap<>();
    if (port != null) o.put("p2p.tracker.port", NodeOptions.parsePort(String.valueOf(port), "--port"));
    if (host != null) o.put("p2p.tracker.host", host);
    CliRuntime rt = new CliRuntime(o);
    try {
      LocalTracker t = LocalTracker.start(rt.system, rt.settings).toCompletableFuture().join();
      System.err.println("tracker listening on " + t.address().getHostString() + ":" + t.address().getPort()
          + " (" + t.transportDescription() + ")");
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
