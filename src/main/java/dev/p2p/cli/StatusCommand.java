package dev.p2p.cli;

import dev.p2p.app.AppSettings;
import dev.p2p.app.ops.NodeStatus;
import dev.p2p.app.ops.RunFiles;
import dev.p2p.app.ops.StatusClient;
import dev.p2p.text.HostPort;
import dev.p2p.text.P2pException;
import dev.p2p.text.Units;
import dev.p2p.text.UserText;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = {
        "Show what this user's running nodes (share, get, the window, a bare p2p) and trackers are",
        "doing: each transfer (name, ID, state, done, rate, peers) and the peers of its downloads.",
        "They are found through their status files in p2p.state-dir/run; --node or --metrics-port",
        "asks one endpoint directly."},
    footer = {"", "Exit codes: 0 shown; 1 an endpoint refused or failed; 2 usage; "
        + StatusCommand.NOTHING_RUNNING + " nothing running."})
final class StatusCommand implements Callable<Integer> {
  /** The exit code when no node or tracker is running (README's table). */
  static final int NOTHING_RUNNING = 8;

  /** Longest wait for one endpoint: they are on this machine, and answer from memory. */
  static final Duration ASK_TIMEOUT = Duration.ofSeconds(3);

  @Option(names = "--node", paramLabel = "HOST:PORT", description = "Ask the endpoint at HOST:PORT only.")
  String node;

  @Option(names = "--metrics-port", paramLabel = "P", description = "Ask the endpoint at 127.0.0.1:P only.")
  Integer metricsPort;

  @Option(names = "--token", paramLabel = "TOKEN",
      description = "The endpoint's token (default: the one in its status file).")
  String token;

  @Option(names = "--state-dir", paramLabel = "DIR", description = "The state folder (default: p2p.state-dir, ~/.p2p).")
  String stateDir;

  @Override
  public Integer call() {
    Map<String, Object> o = new LinkedHashMap<>();
    if (stateDir != null) o.put("p2p.state-dir", stateDir);
    AppSettings s = AppSettings.load(o);
    Optional<RunFiles> files = RunFiles.in(s.stateDir());
    List<RunFiles.Entry> running = files.map(RunFiles::live).orElse(List.of());
    StatusClient client = new StatusClient(ASK_TIMEOUT);
    if (node != null || metricsPort != null) {
      HostPort at = node != null ? NodeOptions.address(node, "--node")
          : new HostPort("127.0.0.1", NodeOptions.parsePort(String.valueOf(metricsPort), "--metrics-port"));
      // A local node's token goes only to that node: the same port on another host gets none.
      String t = token != null ? token : running.stream()
          .filter(e -> e.port() == at.port() && sameHost(e.host(), at.host()))
          .map(RunFiles.Entry::token).findFirst().orElse("");
      RunFiles.Entry one = new RunFiles.Entry(0, "node", at.host(), at.port(), t);
      try {
        print(client.fetch(one.url(), t), System.out);
        return 0;
      } catch (StatusClient.Unreachable e) {
        System.out.println("nothing running at " + at + ": " + e.getMessage());
        return NOTHING_RUNNING;
      }
    }
    List<String> problems = new ArrayList<>();
    int shown = 0;
    for (RunFiles.Entry e : running) {
      try {
        print(client.fetch(e.url(), token != null ? token : e.token()), System.out);
        shown++;
      } catch (StatusClient.Unreachable stale) {
        // Its process lives (a pid reused, or a node still starting or stopping) but nothing answers: skipped.
      } catch (P2pException failed) {
        problems.add(e.role() + " at " + e.host() + ":" + e.port() + ": " + UserText.oneLine(failed));
      }
    }
    problems.forEach(p -> System.err.println("error: " + p));
    if (shown == 0 && problems.isEmpty()) {
      System.out.println("nothing running: no p2p node or tracker of this user answers"
          + files.map(f -> " (status files in " + f.dir() + ")").orElse(" (p2p.state-dir is \"\": give --node HOST:PORT)")
          + "; start one with 'p2p share FILE' or 'p2p gui'");
      return NOTHING_RUNNING;
    }
    return problems.isEmpty() ? 0 : 1;
  }

  /** One process: a heading line, then its transfers and the peers of its downloads. */
  static void print(NodeStatus st, PrintStream out) {
    if (st.role().equals("tracker")) {
      out.println("tracker on " + st.address() + " (pid " + st.pid() + "): " + st.files() + " files, "
          + st.registrations() + " registrations");
      return;
    }
    out.println("node " + st.peerId() + " on " + st.address() + ", tracker " + st.tracker() + " (pid " + st.pid() + ")");
    if (st.transfers().isEmpty()) {
      out.println("  no transfers");
    } else {
      out.printf("  %-8s  %-11s  %5s  %10s  %12s  %5s  %s%n", "ID", "STATE", "DONE", "SIZE", "RATE", "PEERS", "NAME");
      for (NodeStatus.Transfer t : st.transfers()) {
        String rate = Units.speed(t.bytesPerSecond());
        out.printf("  %-8s  %-11s  %4.0f%%  %10s  %12s  %5d  %s%n", prefix(t.id()), t.state(), t.percent(),
            Units.bytes(t.size()), rate.isEmpty() ? "-" : rate, t.peers(), UserText.printable(t.name()));
      }
    }
    for (NodeStatus.Peer p : st.peers()) {
      out.println("  peer " + UserText.printable(p.address()) + " for " + prefix(p.id()) + ": " + Units.bytes(p.bytes())
          + " in " + p.chunks() + " chunks" + (p.banned() ? " (banned)" : ""));
    }
  }

  private static String prefix(String id) {
    return id.length() > 8 ? id.substring(0, 8) : id;
  }

  /** Whether {@code a} and {@code b} name the same host: equal, or both this machine's loopback. */
  static boolean sameHost(String a, String b) {
    return a.equalsIgnoreCase(b) || loopback(a) && loopback(b);
  }

  private static boolean loopback(String host) {
    return host.equalsIgnoreCase("localhost") || host.startsWith("127.") || host.equals("::1");
  }
}
