package dev.p2p.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.app.AppSettings;
import dev.p2p.gui.main.MainViewModel;
import dev.p2p.gui.notify.Notifier;
import dev.p2p.gui.settings.GuiSettingsFile;
import dev.p2p.storage.FileId;
import dev.p2p.transfer.TransferEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window's limits bar and its desktop notices, headless against {@link FakeNode}: a limit
 * typed in the bar reaches the node at once and is saved; a completed download is told to the
 * notifier (a recording fake: no AWT in headless tests).
 */
@ExtendWith(ApplicationExtension.class)
class LimitsAndNoticesGuiSmokeTest {
  static final FileId ID = new FileId("cd".repeat(32));

  @TempDir static Path dir;

  FakeNode node;
  MainViewModel vm;
  final List<String> notices = new CopyOnWriteArrayList<>();

  @Start
  void start(Stage stage) {
    node = new FakeNode();
    AppSettings settings = AppSettings.load(Map.of("p2p.download-dir", dir.resolve("downloads").toString(),
        "p2p.upload-limit", "1M"));
    Notifier recording = new Notifier() {
      @Override
      public void show(String title, String text, boolean failure) {
        notices.add(title + ": " + text);
      }

      @Override
      public void close() {}
    };
    vm = AppWindow.show(stage, node, settings, dir.resolve("gui.conf"), () -> {}, path -> {},
        new FxConfirmer(stage), recording);
  }

  @Test
  void aLimitTypedInTheBarAppliesAtOnceAndIsSaved(FxRobot robot) {
    TextField up = robot.lookup("#uploadLimitField").queryAs(TextField.class);
    TextField down = robot.lookup("#downloadLimitField").queryAs(TextField.class);
    Button apply = robot.lookup("#applyLimitsButton").queryButton();
    Label status = robot.lookup("#limitsStatus").queryAs(Label.class);
    assertEquals("1M", up.getText(), "the limit the node started with");
    assertEquals("unlimited", down.getText());
    assertTrue(apply.isDisabled());

    robot.clickOn(down).press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL).write("fast");
    assertEquals("Download limit must be bytes per second like 500K or 2M, or unlimited, not 'fast'.", status.getText());
    assertTrue(apply.isDisabled());

    robot.press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL).write("200K").type(KeyCode.ENTER);
    WaitForAsyncUtils.waitForFxEvents();
    assertEquals(List.of("1048576 204800"), node.limitCalls);
    assertEquals("Limits now ↑ 1M/s, ↓ 200K/s.", status.getText());
    assertTrue(apply.isDisabled(), "nothing left to apply");
    assertEquals(204800L, ((Number) GuiSettingsFile.overrides(dir.resolve("gui.conf")).get("p2p.download-limit")).longValue());

    robot.clickOn(up).press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL).write("unlimited");
    assertFalse(apply.isDisabled());
    robot.clickOn(apply);
    WaitForAsyncUtils.waitForFxEvents();
    assertEquals(List.of("1048576 204800", "0 204800"), node.limitCalls);
  }

  @Test
  void aCompletedDownloadIsToldToTheNotifier(FxRobot robot) {
    node.push(new TransferEvent.Located(FakeNode.PEER_ID, ID, "report.pdf", 2048, 1, 1, 0));
    node.push(new TransferEvent.Completed(FakeNode.PEER_ID, ID, dir.resolve("downloads/report.pdf"), 2048, 0.1, List.of()));
    assertEquals(List.of("Download complete: report.pdf (2.0 KiB) is verified, in " + dir.resolve("downloads")), notices);
  }
}
