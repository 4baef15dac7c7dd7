package dev.p2p.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Flags shared by the commands that run a peer node; each overrides one config key. */
final class NodeOptions {
  @Option(names = "--tracker", paramLabel = "HOST:PORT",
      description = "Tracker address (default: p2p.tracker.host:port, 127.0.0.1:5000).")
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

  Map<String, Object> overrides() {
    Map<String, Object> m = new LinkedHashMap<>();
    if (tracker != null) {
      int colon = tracker.lastIndexOf(':');
      if (colon <= 0 || colon == tracker.length() - 1) {
        throw new IllegalArgumentException("--tracker must be HOST:PORT, not '" + tracker + "'");
      }
      m.put("p2p.tracker.host", tracker.substring(0, colon));
      m.put("p2p.tracker.port", parsePort(tracker.substring(colon + 1), "--tracker"));
    }
    if (port != null) m.put("p2p.peer.port", parsePort(String.valueOf(port), "--port"));
    if (host != null) m.put("p2p.peer.host", host);
    if (chunkSize != null) m.put("p2p.chunk-size", (int) Sizes.parse(chunkSize));
    return m;
  }

  static int parsePort(String text, String flag) {
    try {
      int p = Integer.parseInt(text.strip());
      if (p < 0 || p > 65535) throw new NumberFormatException();
      return p;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + ": '" + text + "' is not a port (0-65535)");
    }
  }
}
