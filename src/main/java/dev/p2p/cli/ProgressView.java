package dev.p2p.cli;

import dev.p2p.text.Units;
import dev.p2p.transfer.TransferEvent;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Renders a download's progress events on a terminal as one self-rewriting line:
 * {@code [#########-----------]  45.0%  120.3 MiB/s  2 peers  ETA 3 s}.
 */
final class ProgressView implements Consumer<TransferEvent> {
  private final PrintStream out;
  private final boolean rewrite;
  private long lastPrint;

  ProgressView(PrintStream out, boolean rewrite) {
    this.out = out;
    this.rewrite = rewrite;
  }

  @Override
  public synchronized void accept(TransferEvent e) {
    if (e instanceof TransferEvent.Located l) {
      out.printf(Locale.ROOT, "%s: %s, %d chunks, %d peer(s)%s%n", l.name(), Units.bytes(l.size()),
          l.numChunks(), l.peers(), l.resumedChunks() > 0
              ? ", resuming with " + l.resumedChunks() + " chunks already here" : "");
    } else if (e instanceof TransferEvent.Progress p) {
      long now = System.nanoTime();
      if (!rewrite && now - lastPrint < 1_000_000_000L && p.chunksDone() < p.numChunks()) return;
      lastPrint = now;
      out.print((rewrite ? "\r" : "") + line(p) + (rewrite ? "\u001b[K" : "\n"));
      out.flush();
    } else if (e instanceof TransferEvent.Verifying) {
      if (rewrite) out.println();
      out.println("verifying the whole file's SHA-256 ...");
    } else if (e instanceof TransferEvent.ChunkRetried r) {
      if (rewrite) out.print("\r\u001b[K");
      out.printf("chunk %d failed on %s (%s); asking another peer%n", r.chunkIndex(), r.peer(), r.reason());
    } else if (e instanceof TransferEvent.ManifestRejected r) {
      if (rewrite) out.print("\r\u001b[K");
      out.println(r.message());
    } else if (e instanceof TransferEvent.AlreadyHere a) {
      out.println(alreadyHere(a));
    } else if (e instanceof TransferEvent.PeerLost l) {
      if (rewrite) out.print("\r\u001b[K");
      out.printf("peer %s dropped: %s%n", l.peer(), l.reason());
    }
  }

  /**
   * What a {@code get} without the progress line prints to {@code out}: only a manifest found
   * wrong, and a file that was there already.
   */
  static Consumer<TransferEvent> manifestNotes(PrintStream out) {
    return e -> {
      if (e instanceof TransferEvent.ManifestRejected r) out.println(r.message());
      if (e instanceof TransferEvent.AlreadyHere a) out.println(alreadyHere(a));
    };
  }

  static String alreadyHere(TransferEvent.AlreadyHere a) {
    return "already here: " + a.path() + " (its SHA-256 is the ID); nothing downloaded";
  }

  static String line(TransferEvent.Progress p) {
    double frac = p.size() == 0 ? 1 : (double) p.bytesDone() / p.size();
    int width = 24;
    int filled = (int) Math.round(frac * width);
    String bar = "#".repeat(filled) + "-".repeat(width - filled);
    String eta = p.bytesPerSecond() > 1
        ? Units.spacedDuration((p.size() - p.bytesDone()) / p.bytesPerSecond()) : "?";
    return String.format(Locale.ROOT, "[%s] %5.1f%%  %s/s  %d peer(s)  ETA %s", bar, frac * 100,
        Units.bytes(p.bytesPerSecond()), p.peersConnected(), eta);
  }
}
