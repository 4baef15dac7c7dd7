package dev.p2p.gui.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.storage.FileId;
import dev.p2p.transfer.TransferEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DownloadNotificationsTest {
  static final String NODE = "me";
  static final FileId ID = new FileId("ab".repeat(32));

  /** Records notices as "title | text | failure". */
  static final class FakeNotifier implements Notifier {
    final List<String> shown = new ArrayList<>();
    int closed;

    @Override
    public void show(String title, String text, boolean failure) {
      shown.add(title + " | " + text + " | " + failure);
    }

    @Override
    public void close() {
      closed++;
    }
  }

  final FakeNotifier notifier = new FakeNotifier();
  final DownloadNotifications notices = new DownloadNotifications(NODE, notifier, true);

  static TransferEvent.Located located(String name) {
    return new TransferEvent.Located(NODE, ID, name, 3 * 1024 * 1024, 12, 2, 0);
  }

  static TransferEvent.Completed completed(String node) {
    return new TransferEvent.Completed(node, ID, Path.of("/home/me/Downloads/holiday.mkv"),
        3 * 1024 * 1024, 1.5, List.of());
  }

  @Test
  void aCompletedDownloadShowsItsNameSizeAndFolder() {
    notices.accept(located("holiday.mkv"));
    notices.accept(completed(NODE));
    assertEquals(List.of("Download complete | holiday.mkv (3.0 MiB) is verified, in /home/me/Downloads | false"),
        notifier.shown);
  }

  @Test
  void aFailedDownloadShowsWhyButACancelShowsNothing() {
    notices.accept(located("holiday.mkv"));
    notices.accept(new TransferEvent.Failed(NODE, ID, "no peer could deliver"));
    notices.accept(new TransferEvent.Failed(NODE, ID, "cancelled"));
    assertEquals(List.of("Download failed | holiday.mkv: no peer could deliver | true"), notifier.shown);
  }

  @Test
  void aNameFromTheNetworkCannotBreakTheNotice() {
    notices.accept(located("evil\u202Egnp.exe\n" + "x".repeat(200)));
    notices.accept(new TransferEvent.Failed(NODE, ID, "stalled"));
    String shown = notifier.shown.get(0);
    assertTrue(shown.startsWith("Download failed | evil?gnp.exe?xxx"), shown);
    assertTrue(shown.contains("x…: stalled"), shown);
  }

  @Test
  void otherNodesTurnedOffAndClosedShowNothing() {
    notices.accept(completed("another-node"));
    notices.setEnabled(false);
    notices.accept(completed(NODE));
    notices.setEnabled(true);
    notices.close();
    notices.accept(completed(NODE));
    assertEquals(List.of(), notifier.shown);
    assertEquals(1, notifier.closed);
  }

  @Test
  void headlessThereIsNoTrayAndNoError() {
    // The tests run with java.awt.headless=true (as a server without a desktop would).
    Notifier n = TrayNotifier.create("p2p");
    assertEquals(Notifier.NONE, n);
    n.show("t", "x", false);
    n.close();
  }
}
