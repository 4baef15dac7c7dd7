package dev.p2p.cli;

import dev.p2p.storage.FileId;
import dev.p2p.text.Units;
import dev.p2p.transfer.TransferEvent;
import dev.p2p.text.UserText;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * What {@code share} tells its user on stderr while it runs, in whole lines (logs may come
 * between): how far the hashing of a big file is, at most once a second, then which files are
 * being uploaded, to how many peers and how fast, at most every {@link #UPLOAD_EVERY_NANOS}, and
 * one line when nobody downloads a file any more. Names come from the node's Shared events and
 * are made printable (a name is the user's own, but may hold anything).
 */
final class ShareView implements Consumer<TransferEvent> {
  /** Files smaller than this hash in well under a second: no progress line. */
  static final long HASH_PROGRESS_FROM = 64L << 20;

  static final long HASH_EVERY_NANOS = 1_000_000_000L;
  static final long UPLOAD_EVERY_NANOS = 10_000_000_000L;

  private final PrintStream out;
  private final LongSupplier nanoClock;
  private final Map<FileId, String> names = new HashMap<>();
  private final Map<FileId, Long> lastUpload = new HashMap<>();
  private final Set<FileId> uploading = new HashSet<>();
  private long lastHash = Long.MIN_VALUE / 2;
  private Path hashing;

  ShareView(PrintStream out, LongSupplier nanoClock) {
    this.out = out;
    this.nanoClock = nanoClock;
  }

  ShareView(PrintStream out) {
    this(out, System::nanoTime);
  }

  @Override
  public synchronized void accept(TransferEvent e) {
    long now = nanoClock.getAsLong();
    if (e instanceof TransferEvent.Hashing h && h.total() >= HASH_PROGRESS_FROM) {
      boolean done = h.done() >= h.total();
      boolean fresh = !h.file().equals(hashing);
      if (done || fresh || now - lastHash >= HASH_EVERY_NANOS) {
        hashing = done ? null : h.file();
        lastHash = now;
        out.printf(Locale.ROOT, "hashing %s: %d%% (%s of %s)%n", UserText.printable(
            String.valueOf(h.file().getFileName())), h.done() * 100 / h.total(), Units.bytes(h.done()),
            Units.bytes(h.total()));
      }
    } else if (e instanceof TransferEvent.Shared s) {
      names.put(s.fileId(), UserText.printable(s.name()));
    } else if (e instanceof TransferEvent.Uploading u) {
      String name = names.getOrDefault(u.fileId(), u.fileId().shortHex());
      if (u.peers() > 0) {
        Long last = lastUpload.get(u.fileId());
        if (uploading.add(u.fileId()) || last == null || now - last >= UPLOAD_EVERY_NANOS) {
          lastUpload.put(u.fileId(), now);
          String rate = Units.speed(u.bytesPerSecond());
          out.printf(Locale.ROOT, "uploading %s to %d peer(s) at %s (%s served)%n", name, u.peers(),
              rate.isEmpty() ? "0 B/s" : rate, Units.bytes(u.bytesServed()));
        }
      } else if (uploading.remove(u.fileId())) {
        out.printf(Locale.ROOT, "%s: nobody is downloading it now (%s served in all)%n", name,
            Units.bytes(u.bytesServed()));
      }
    }
  }
}
