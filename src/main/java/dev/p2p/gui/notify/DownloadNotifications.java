package dev.p2p.gui.notify;

import dev.p2p.storage.FileId;
import dev.p2p.text.Units;
import dev.p2p.text.UserText;
import dev.p2p.transfer.TransferEvent;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Listens to a node's events and shows a desktop notification when one of its downloads
 * completes (name, size, folder) or fails (name, reason): not for a cancel (the user did it),
 * and nothing while turned off ({@link #setEnabled}: the Settings dialog, p2p.gui.notifications)
 * or after {@link #close}. Called on the node's event thread; the notifier may be a fake.
 */
public final class DownloadNotifications implements Consumer<TransferEvent>, AutoCloseable {
  /** Names of downloads under way kept for their Failed notice; beyond this, the ID stands in. */
  static final int MAX_NAMES = 1024;
  /** A notice's name is cut here: a name from the network may be as long as the tracker allows. */
  static final int MAX_NAME_CHARS = 80;

  private final String nodeId;
  private final Notifier notifier;
  private final Map<FileId, String> names = new ConcurrentHashMap<>();
  private volatile boolean enabled;
  private volatile boolean closed;

  public DownloadNotifications(String nodeId, Notifier notifier, boolean enabled) {
    this.nodeId = nodeId;
    this.notifier = notifier;
    this.enabled = enabled;
  }

  public void setEnabled(boolean on) {
    enabled = on;
  }

  @Override
  public void accept(TransferEvent e) {
    if (closed || !nodeId.equals(e.node())) return;
    if (e instanceof TransferEvent.Located l) {
      if (names.size() < MAX_NAMES || names.containsKey(l.fileId())) names.put(l.fileId(), l.name());
    } else if (e instanceof TransferEvent.Completed c) {
      String name = names.remove(c.fileId());
      Path folder = c.path().toAbsolutePath().getParent();
      if (enabled) {
        notifier.show("Download complete", shown(name != null ? name : String.valueOf(c.path().getFileName()))
            + " (" + Units.bytes(c.size()) + ") is verified, in " + folder, false);
      }
    } else if (e instanceof TransferEvent.Failed f) {
      String name = names.remove(f.fileId());
      if (enabled && !f.reason().startsWith("cancelled")) {
        notifier.show("Download failed", shown(name != null ? name : f.fileId().shortHex() + "…")
            + ": " + UserText.printable(f.reason()), true);
      }
    }
  }

  private static String shown(String name) {
    String p = UserText.printable(name);
    return p.length() <= MAX_NAME_CHARS ? p : p.substring(0, MAX_NAME_CHARS) + "…";
  }

  /** No more notices (the window is closing: its downloads end as the node stops); closes the notifier. */
  @Override
  public void close() {
    closed = true;
    notifier.close();
  }
}
