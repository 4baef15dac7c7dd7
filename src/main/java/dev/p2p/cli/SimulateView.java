package dev.p2p.cli;

import dev.p2p.app.SwarmRun;
import dev.p2p.text.P2pException;
import dev.p2p.text.Units;
import dev.p2p.text.UserText;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code simulate} prints: while it runs, one progress line a second (rewritten in place on
 * a terminal, cut to its width like {@link ProgressView}'s; plain lines otherwise), and at the end
 * the result table, failures or not.
 */
final class SimulateView {
  private final PrintStream out;
  private final boolean rewrite;
  private final int width;
  private long lastBytes;
  private double lastSeconds;

  SimulateView(PrintStream out, boolean rewrite, int width) {
    this.out = out;
    this.rewrite = rewrite;
    this.width = width;
  }

  /** Prints the line for {@code s}; the caller calls it once a second. */
  synchronized void tick(SwarmRun.Snapshot s) {
    double dt = s.seconds() - lastSeconds;
    double rate = dt > 0 ? (s.bytes() - lastBytes) / dt : 0;
    lastBytes = s.bytes();
    lastSeconds = s.seconds();
    out.print((rewrite ? "\r" : "") + line(s, rate, width) + (rewrite ? "\u001b[K" : "\n"));
    out.flush();
  }

  /** Ends the rewritten line, so that the table starts on a line of its own. */
  synchronized void end() {
    if (rewrite) out.print("\r\u001b[K");
    out.flush();
  }

  /**
   * {@code 412/1000 peers done, 3 failed  1.6 GiB / 3.9 GiB  85.3 MiB/s  14 s}, at most {@code
   * width - 1} characters.
   */
  static String line(SwarmRun.Snapshot s, double bytesPerSecond, int width) {
    String line = String.format(Locale.ROOT, "%d/%d peers done%s  %s / %s  %s/s  %s",
        s.finished(), s.total(), s.failed() > 0 ? ", " + s.failed() + " failed" : "",
        Units.bytes(s.bytes()), Units.bytes(s.totalBytes()), Units.bytes(bytesPerSecond),
        Units.spacedDuration(s.seconds()));
    return ProgressView.fit(line, width);
  }

  /**
   * The result table: peers finished and failed (each kind of failure with how many and the
   * first one's reason), total time, per-peer times, chunks by source, and the exit code.
   */
  static List<String> table(SwarmRun.Report r) {
    List<String> rows = new ArrayList<>();
    int n = r.outcomes().size();
    rows.add(row("peers", String.format(Locale.ROOT, "%d finished, %d failed (of %d)",
        r.finished().size(), r.failed().size(), n)));
    for (Map.Entry<Integer, List<SwarmRun.Outcome>> e : failuresByCode(r).entrySet()) {
      SwarmRun.Outcome first = e.getValue().get(0);
      rows.add(row("failed", String.format(Locale.ROOT, "%d x %s (exit %d), first: peer %d: %s",
          e.getValue().size(), kindName(e.getKey()), e.getKey(), first.peer(),
          UserText.printable(UserText.oneLine(first.failure().orElseThrow())))));
    }
    rows.add(row("total time", Units.spacedDuration(r.seconds())));
    double[] t = r.times();
    rows.add(row("per peer", t.length == 0 ? "none finished" : String.format(Locale.ROOT,
        "fastest %.2f s, median %.2f s, slowest %.2f s", t[0], t[t.length / 2], t[t.length - 1])));
    long all = Math.max(1, r.chunksFromSeeder() + r.chunksFromPeers());
    rows.add(row("chunks", String.format(Locale.ROOT,
        "%d from the seeder (%.0f%%), %d from re-sharing peers (%.0f%%)", r.chunksFromSeeder(),
        100.0 * r.chunksFromSeeder() / all, r.chunksFromPeers(), 100.0 * r.chunksFromPeers() / all)));
    rows.add(row("exit code", Integer.toString(exitCode(r))));
    return rows;
  }

  /** 0 when every peer finished; else the failures' exit code if they share one, else 1. */
  static int exitCode(SwarmRun.Report r) {
    Map<Integer, List<SwarmRun.Outcome>> kinds = failuresByCode(r);
    if (kinds.isEmpty()) return 0;
    return kinds.size() == 1 ? kinds.keySet().iterator().next() : P2pException.Kind.FAILED.exitCode();
  }

  /** The failures by exit code, in the order each code first appears among the peers. */
  private static Map<Integer, List<SwarmRun.Outcome>> failuresByCode(SwarmRun.Report r) {
    Map<Integer, List<SwarmRun.Outcome>> m = new LinkedHashMap<>();
    for (SwarmRun.Outcome o : r.failed()) {
      m.computeIfAbsent(Main.exitCode(o.failure().orElseThrow()), k -> new ArrayList<>()).add(o);
    }
    return m;
  }

  /** "disk", "tracker unreachable", ...: the kind of an exit code in words. */
  static String kindName(int exitCode) {
    for (P2pException.Kind k : P2pException.Kind.values()) {
      if (k.exitCode() == exitCode) return k.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
    return "failed";
  }

  private static String row(String name, String value) {
    return String.format(Locale.ROOT, "%-11s %s", name, value);
  }
}
