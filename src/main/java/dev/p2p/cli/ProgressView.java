package dev.p2p.cli;

import dev.p2p.text.Units;
import dev.p2p.transfer.TransferEvent;
import dev.p2p.text.UserText;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Renders a download's progress events on a terminal as one self-rewriting line:
 * {@code [#########-----------]  45.0%  115.2 MiB / 256.0 MiB  120.3 MiB/s  2 peer(s)  ETA 3 s},
 * cut to the terminal's width, other lines printed over it, and a summary at the end. While no
 * byte arrives the ETA holds, then says {@code stalled}, or {@code waiting} while the download
 * waits for a peer; a peer's run of failures (its connection went, taking its requests) is one line.
 */
final class ProgressView implements Consumer<TransferEvent> {
  /** Without a new byte for this long (and two chunks' time at the last rate), the ETA says "stalled". */
  static final double STALLED_AFTER_SECONDS = 5;

  private final PrintStream out;
  private final boolean rewrite;
  private final int width;
  private long lastPrint;
  /** Bytes at the last change, when it came, and the rate then: the ETA holds while nothing moves. */
  private long lastBytes = -1;
  private long lastChange;
  private double rateAtChange;
  /** A Waiting came since the last byte. */
  private boolean waiting;
  /** The last failure line without a retry elsewhere, and the last lost-peer line: not repeated. */
  private String lastFailure = "";
  private String lastLoss = "";

  ProgressView(PrintStream out, boolean rewrite) {
    this(out, rewrite, terminalWidth());
  }

  ProgressView(PrintStream out, boolean rewrite, int width) {
    this.out = out;
    this.rewrite = rewrite;
    this.width = width;
  }

  @Override
  public synchronized void accept(TransferEvent e) {
    if (e instanceof TransferEvent.Locating l) {
      out.println("looking up " + l.fileId().shortHex() + "… at the tracker");
    } else if (e instanceof TransferEvent.Waiting w) {
      waiting = true;
      if (rewrite) out.print("\r\u001b[K");
      out.println(waiting(w));
    } else if (e instanceof TransferEvent.Located l) {
      out.printf(Locale.ROOT, "%s: %s, %d chunks, %d peer(s)%s%n", UserText.printable(l.name()), Units.bytes(l.size()),
          l.numChunks(), l.peers(), l.resumedChunks() > 0
              ? ", resuming with " + l.resumedChunks() + " chunks already here" : "");
    } else if (e instanceof TransferEvent.Progress p) {
      long now = System.nanoTime();
      if (p.bytesDone() != lastBytes) {
        lastBytes = p.bytesDone();
        lastChange = now;
        rateAtChange = p.bytesPerSecond();
        waiting = false;
      }
      if (!rewrite && now - lastPrint < 1_000_000_000L && p.chunksDone() < p.numChunks()) return;
      lastPrint = now;
      String eta = eta(p, (now - lastChange) / 1e9, rateAtChange, waiting);
      out.print((rewrite ? "\r" : "") + line(p, width, eta) + (rewrite ? "\u001b[K" : "\n"));
      out.flush();
    } else if (e instanceof TransferEvent.Verifying) {
      if (rewrite) out.println();
      out.println("verifying the whole file's SHA-256 ...");
    } else if (e instanceof TransferEvent.ChunkRetried r) {
      String failure = "failed on " + r.peer() + " (" + UserText.printable(r.reason()) + ")";
      if (!r.elsewhere() && failure.equals(lastFailure)) return;
      lastFailure = r.elsewhere() ? "" : failure;
      if (rewrite) out.print("\r\u001b[K");
      out.println("chunk " + r.chunkIndex() + " " + failure + (r.elsewhere() ? "; asking another peer" : ""));
    } else if (e instanceof TransferEvent.ManifestRejected r) {
      if (rewrite) out.print("\r\u001b[K");
      out.println(r.message());
    } else if (e instanceof TransferEvent.Completed c) {
      if (rewrite) out.print("\r\u001b[K");
      out.println(summary(c));
    } else if (e instanceof TransferEvent.Failed) {
      if (rewrite) out.print("\r\u001b[K"); // the error line that follows starts a line of its own
    } else if (e instanceof TransferEvent.AlreadyHere a) {
      out.println(alreadyHere(a));
    } else if (e instanceof TransferEvent.PeerLost l) {
      String loss = "peer " + l.peer() + " dropped: " + UserText.printable(l.reason());
      if (loss.equals(lastLoss)) return; // one that the tracker lists still, tried again while waiting
      lastLoss = loss;
      if (rewrite) out.print("\r\u001b[K");
      out.println(loss);
    }
  }

  /**
   * What a {@code get} without the progress line prints to {@code out}: only a manifest found
   * wrong, a file that was there already, and what a download waits for (the tracker).
   */
  static Consumer<TransferEvent> manifestNotes(PrintStream out) {
    return e -> {
      if (e instanceof TransferEvent.ManifestRejected r) out.println(r.message());
      if (e instanceof TransferEvent.AlreadyHere a) out.println(alreadyHere(a));
      if (e instanceof TransferEvent.Waiting w) out.println(waiting(w));
    };
  }

  /** What a download waits for: the tracker, and when it asks again. */
  static String waiting(TransferEvent.Waiting w) {
    return "waiting: " + UserText.printable(w.text());
  }

  static String alreadyHere(TransferEvent.AlreadyHere a) {
    return "already here: " + a.path() + " (its SHA-256 is the ID); nothing downloaded";
  }

  /**
   * The progress line, at most {@code width - 1} characters (a line as wide as the terminal
   * would wrap, and the next rewrite would leave the wrapped half behind).
   */
  static String line(TransferEvent.Progress p, int width) {
    return line(p, width, eta(p, 0, p.bytesPerSecond(), false));
  }

  /** The progress line with {@code eta} as its ETA. */
  static String line(TransferEvent.Progress p, int width, String eta) {
    double frac = p.size() == 0 ? 1 : (double) p.bytesDone() / p.size();
    int bars = 20;
    int filled = (int) Math.round(frac * bars);
    String bar = "#".repeat(filled) + "-".repeat(bars - filled);
    String line = String.format(Locale.ROOT, "[%s] %5.1f%%  %s / %s  %s/s  %d peer(s)  ETA %s", bar,
        frac * 100, Units.bytes(p.bytesDone()), Units.bytes(p.size()), Units.bytes(p.bytesPerSecond()),
        p.peersConnected(), eta);
    return fit(line, width);
  }

  /**
   * {@code line} cut to {@code width - 1} characters when it would fill the terminal's width: a
   * line as wide as the terminal wraps on some, and the next carriage return then rewrites the
   * wrong row.
   */
  static String fit(String line, int width) {
    return line.length() < width ? line : line.substring(0, Math.max(0, width - 1));
  }

  /**
   * The ETA of {@code p}, {@code idleSeconds} after its last new byte, when the rate was {@code
   * rateAtChange}: "waiting" while the download waits for a peer; else the time left at that rate
   * (bytes arrive a verified chunk at a time, and a rate that decays between chunks would make it
   * climb), until nothing came for {@link #STALLED_AFTER_SECONDS} and two chunks' time: "stalled".
   */
  static String eta(TransferEvent.Progress p, double idleSeconds, double rateAtChange, boolean waiting) {
    if (waiting && p.bytesDone() < p.size()) return "waiting";
    double chunkSeconds = rateAtChange > 0 && p.numChunks() > 0 ? (double) p.size() / p.numChunks() / rateAtChange : 0;
    if (idleSeconds >= Math.max(STALLED_AFTER_SECONDS, 2 * chunkSeconds) && p.bytesDone() < p.size()) return "stalled";
    double rate = idleSeconds > 0 ? rateAtChange : p.bytesPerSecond();
    return rate > 1 ? Units.spacedDuration((p.size() - p.bytesDone()) / rate) : "?";
  }

  /** The end of a download in one line: how much, how long, how fast, from how many peers. */
  static String summary(TransferEvent.Completed c) {
    long used = c.peers().stream().filter(s -> s.bytes() > 0).count();
    return String.format(Locale.ROOT, "done: %s in %s, %s/s on average, from %d peer(s)",
        Units.bytes(c.size()), Units.spacedDuration(c.seconds()),
        Units.bytes(c.seconds() > 0 ? c.size() / c.seconds() : c.size()), used);
  }

  /** The terminal's width as the shell exports it (COLUMNS), else 80. */
  static int terminalWidth() {
    try {
      int n = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "80").trim());
      return n >= 20 && n <= 1000 ? n : 80;
    } catch (NumberFormatException e) {
      return 80;
    }
  }
}
