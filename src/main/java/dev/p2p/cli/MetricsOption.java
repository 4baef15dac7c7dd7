package dev.p2p.cli;

import java.util.Map;
import picocli.CommandLine.Option;

/** The {@code --metrics-port} flag of the commands that run a node or a tracker (a picocli mixin). */
final class MetricsOption {
  @Option(names = "--metrics-port", paramLabel = "P",
      description = "Serve Prometheus metrics (GET /metrics) and this process's status (GET /status, "
          + "for 'p2p status') on this port of p2p.metrics-host, 127.0.0.1 (default: p2p.metrics-port, "
          + "0 = only on a free port of 127.0.0.1, found by 'p2p status' through the state folder).")
  Integer metricsPort;

  void addTo(Map<String, Object> overrides) {
    if (metricsPort != null) overrides.put("p2p.metrics-port", NodeOptions.parsePort(String.valueOf(metricsPort), "--metrics-port"));
  }
}
