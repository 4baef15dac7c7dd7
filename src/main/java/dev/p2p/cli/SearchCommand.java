package dev.p2p.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.p2p.app.NodeFacade.SearchHit;
import dev.p2p.app.TrackerSearch;
import dev.p2p.text.Units;
import dev.p2p.text.UserText;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "search", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = {
        "List the public files the tracker knows whose name contains WORDS (case-insensitive).",
        "Prints a table on stdout: ID (always whole: give it to 'p2p get'), name, size, seeders",
        "(peers with all of it) and peers. A file only the original Python program's peers",
        "registered has a 16-hex ID and no known size ('?').",
        "Exits 0 when the tracker answered, even with no match (then one line on stderr says so);",
        "1 with one line on stderr when it could not be asked. Starts no node: nothing is shared."})
final class SearchCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "WORDS", description = "What the names contain, e.g. holiday 2024.")
  List<String> words;

  @Option(names = "--json", description = "One JSON object per file and line instead of the table.")
  boolean json;

  @Mixin NodeOptions node;

  @Override
  public Integer call() throws Exception {
    String text = String.join(" ", words);
    CliRuntime rt = new CliRuntime(node.overrides());
    TrackerSearch.Found found;
    try {
      found = TrackerSearch.run(rt.system, rt.settings, text).toCompletableFuture().join();
    } finally {
      rt.terminate();
    }
    if (found.hits().isEmpty()) {
      System.err.println("no file matches '" + UserText.printable(text) + "'");
    } else {
      print(found.hits(), json, System.out);
    }
    if (found.total() > found.hits().size()) {
      System.err.println("showing " + found.hits().size() + " of " + found.total()
          + " matches; search more specifically for the rest");
    }
    System.out.flush();
    return 0;
  }

  /** The hits as a table (a header, then one row each, columns aligned) or as JSON lines. */
  static void print(List<SearchHit> hits, boolean json, PrintStream out) throws Exception {
    if (json) {
      ObjectMapper m = new ObjectMapper();
      for (SearchHit h : hits) {
        ObjectNode o = m.createObjectNode();
        o.put("file_id", h.id());
        o.put("name", h.name());
        o.put("size", h.size());
        o.put("seeders", h.seeders());
        o.put("peers", h.peers());
        out.println(m.writeValueAsString(o));
      }
      return;
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"ID", "NAME", "SIZE", "SEEDERS", "PEERS"});
    for (SearchHit h : hits) {
      rows.add(new String[] {h.id(), UserText.printable(h.name()), h.size() < 0 ? "?" : Units.bytes(h.size()),
          String.valueOf(h.seeders()), String.valueOf(h.peers())});
    }
    int[] width = new int[5];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) width[i] = Math.max(width[i], r[i].length());
    }
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        // Text columns to the left, numbers to the right; the last one is not padded.
        boolean left = i < 2;
        String pad = " ".repeat(width[i] - r[i].length());
        line.append(left ? r[i] + (i < r.length - 1 ? pad : "") : pad + r[i]);
        if (i < r.length - 1) line.append("  ");
      }
      out.println(line);
    }
  }
}
