package dev.p2p.cli;

import dev.p2p.text.HostPort;
import dev.p2p.text.Units;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Flags shared by the commands that run a peer node; each overrides one config key. */
final class NodeOptions {
  @Option(names = "--tracker", paramLabel = "HOST:PORT[,HOST:PORT...]",
      description = "Tracker address, or the nodes of a tracker cluster, tried in order "
          + "(default: p2p.tracker.addresses, else p2p.tracker.host:port, 127.0.0.1:5000).")
  String tracker;

  @Option(names = "--port", paramLabel = "P",
      description = "Port of this peer's chunk server (default: p2p.peer.port, 6000; if it is "
          + "busy and not given explicitly, a free port is used).")
  Integer port;

  @Option(names = "--host", paramLabel = "IP",
      description = "Address to bind and announce (default: p2p.peer.host, 127.0.0.1).")
  String host;

  @Option(names = "--chunk-size", paramLabel = "SIZE",
      description = "Chunk size for files shared by this node, e.g. 256K (default: p2p.chunk-size).")
  String chunkSize;

  @Option(names = "--state-dir", paramLabel = "DIR",
      description = "Folder of this node's identity and saved state (state.db: shares, downloads to "
          + "resume, history, totals, verified manifests); \"\" for none (default: p2p.state-dir, ~/.p2p).")
  String stateDir;

  @Mixin MetricsOption metrics = new MetricsOption();

  Map<String, Object> overrides() {
    Map<String, Object> m = new LinkedHashMap<>();
    metrics.addTo(m);
    if (stateDir != null) m.put("p2p.state-dir", stateDir);
    if (tracker != null) {
      List<String> all = new ArrayList<>();
      for (String one : tracker.split(",", -1)) all.add(tracker(one).toString());
      // host and port name the first, for what reads them; the list is what a node uses.
      HostPort first = tracker(tracker.split(",", -1)[0]);
      m.put("p2p.tracker.host", first.host());
      m.put("p2p.tracker.port", first.port());
      m.put("p2p.tracker.addresses", all);
    }
    if (port != null) m.put("p2p.peer.port", parsePort(String.valueOf(port), "--port"));
    if (host != null) m.put("p2p.peer.host", host);
    if (chunkSize != null) m.put("p2p.chunk-size", (int) Units.parseSize(chunkSize));
    return m;
  }

  /** The {@code --tracker} value ({@link HostPort#parse}, port 0..65535), or a message naming the flag. */
  static HostPort tracker(String text) {
    return address(text, "--tracker");
  }

  /** One HOST:PORT of flag {@code flag}, or a message naming the flag. */
  static HostPort address(String text, String flag) {
    try {
      return HostPort.parse(text.trim(), 0);
    } catch (HostPort.Invalid e) {
      // "host:" is a missing port, not a bad one: say what shape is expected.
      if (e.reason().isPort() && !e.text().isEmpty()) throw portProblem(e.text(), flag);
      throw new IllegalArgumentException(flag + " must be HOST:PORT, not '" + text + "'", e);
    }
  }

  static int parsePort(String text, String flag) {
    try {
      return HostPort.port(text, 0);
    } catch (HostPort.Invalid e) {
      throw portProblem(text, flag);
    }
  }

  private static IllegalArgumentException portProblem(String text, String flag) {
    return new IllegalArgumentException(flag + ": '" + text + "' is not a port (0-65535)");
  }
}
