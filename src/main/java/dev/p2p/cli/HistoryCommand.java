package dev.p2p.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.p2p.app.AppSettings;
import dev.p2p.app.NodeFacade.HistoryEntry;
import dev.p2p.app.NodeState;
import dev.p2p.text.Units;
import dev.p2p.text.UserText;
import java.io.PrintStream;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "history", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = {
        "List this node's finished and failed downloads, newest first (the last 1000), and the",
        "bytes it has uploaded and downloaded over all its runs, from its state (state.db in",
        "p2p.state-dir). Works while the node (the window, a 'p2p get') runs."})
final class HistoryCommand implements Callable<Integer> {
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  @Option(names = "--json", description = "Print one JSON object: {\"history\": [...], \"totals\": {...}}.")
  boolean json;

  @Option(names = "--state-dir", paramLabel = "DIR", description = "The state folder (default: p2p.state-dir, ~/.p2p).")
  String stateDir;

  @Override
  public Integer call() throws Exception {
    Map<String, Object> o = new LinkedHashMap<>();
    if (stateDir != null) o.put("p2p.state-dir", stateDir);
    NodeState.Snapshot s = NodeState.read(AppSettings.load(o));
    if (json) System.out.println(json(s));
    else print(s, System.out, ZoneId.systemDefault());
    System.out.flush();
    return 0;
  }

  /** The table: one line per download (the full ID and the name last, never cut), then the totals. */
  static void print(NodeState.Snapshot s, PrintStream out, ZoneId zone) {
    if (s.history().isEmpty()) {
      out.println("no downloads recorded yet");
    } else {
      out.printf("%-19s  %-6s  %10s  %12s  %5s  %-64s  %s%n", "ENDED", "RESULT", "SIZE", "AVG SPEED", "PEERS", "ID", "NAME");
      for (HistoryEntry e : s.history()) {
        out.printf("%-19s  %-6s  %10s  %12s  %5d  %-64s  %s%n", WHEN.format(e.ended().atZone(zone)),
            e.completed() ? "done" : "failed", e.size() < 0 ? "?" : Units.bytes(e.size()),
            Units.speed(e.bytesPerSecond()).isEmpty() ? "-" : Units.speed(e.bytesPerSecond()), e.peers(), e.id().hex(),
            UserText.printable(e.name() + (e.completed() ? "" : " (" + e.reason() + ")")));
      }
    }
    out.println("total: " + Units.bytes(s.totals().uploaded()) + " uploaded, "
        + Units.bytes(s.totals().downloaded()) + " downloaded");
  }

  static String json(NodeState.Snapshot s) throws Exception {
    ObjectMapper m = new ObjectMapper();
    ObjectNode root = m.createObjectNode();
    ArrayNode history = root.putArray("history");
    for (HistoryEntry e : s.history()) {
      ObjectNode n = history.addObject();
      n.put("file_id", e.id().hex());
      n.put("name", e.name());
      n.put("size", e.size());
      n.put("ended", e.ended().toString());
      n.put("completed", e.completed());
      n.put("reason", e.reason());
      n.put("bytes_per_second", Math.round(e.bytesPerSecond()));
      n.put("peers", e.peers());
    }
    ObjectNode totals = root.putObject("totals");
    totals.put("uploaded", s.totals().uploaded());
    totals.put("downloaded", s.totals().downloaded());
    return m.writeValueAsString(root);
  }
}
