package dev.p2p.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.app.AppSettings;
import dev.p2p.gui.main.MainViewModel;
import dev.p2p.gui.settings.GuiSettingsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javafx.scene.control.Button;
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
 * The Settings dialog, headless: validation blocks Save; Save writes the file and applies the
 * changes (a new tracker and a new peer port are asked of the node at once).
 */
@ExtendWith(ApplicationExtension.class)
class SettingsDialogGuiSmokeTest {
  @TempDir Path dir;

  MainViewModel vm;
  FakeNode node;

  @Start
  void start(Stage stage) {
    AppSettings settings = AppSettings.load(Map.of("p2p.tracker.host", "127.0.0.1",
        "p2p.tracker.port", 5000, "p2p.peer.port", 6000));
    node = new FakeNode();
    vm = AppWindow.show(stage, node, settings, dir.resolve("gui.conf"), () -> {});
  }

  @Test
  void savesValidSettingsToTheFile(FxRobot robot) throws Exception {
    robot.clickOn("#settingsButton");
    WaitForAsyncUtils.waitForFxEvents();
    TextField tracker = robot.lookup("#trackerField").queryAs(TextField.class);
    assertEquals("127.0.0.1:5000", tracker.getText());
    Button save = robot.lookup("Save").queryButton();

    robot.doubleClickOn("#peerPortField").eraseText(4).write("99999");
    assertTrue(save.isDisabled());
    robot.eraseText(5).write("6001");
    assertFalse(save.isDisabled());

    robot.clickOn(save);
    WaitForAsyncUtils.waitForFxEvents();

    Path file = dir.resolve("gui.conf");
    assertTrue(Files.exists(file));
    assertEquals(6001, GuiSettingsFile.overrides(file).get("p2p.peer.port"));
    String last = vm.log().get(vm.log().size() - 1).text();
    assertTrue(last.endsWith("Applied: moving to peer port 6001."), last);
    assertEquals(List.of(6001), node.portCalls.stream().map(FakeNode.PortCall::to).toList());
  }

  @Test
  void aNewTrackerAndLimitApplyToTheRunningNode(FxRobot robot) {
    robot.clickOn("#settingsButton");
    WaitForAsyncUtils.waitForFxEvents();
    robot.doubleClickOn("#trackerField").press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL)
        .write("127.0.0.1:5001");
    robot.clickOn("#uploadLimitSetting").press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL)
        .write("300K");
    robot.clickOn(robot.lookup("Save").queryButton());
    WaitForAsyncUtils.waitForFxEvents();

    assertEquals(List.of("307200 0"), node.limitCalls);
    assertEquals("300K", robot.lookup("#uploadLimitField").queryAs(TextField.class).getText(), "the limits bar follows");
    assertEquals(1, node.trackerCalls.size());
    robot.interact(() -> node.trackerCalls.get(0).result().complete("127.0.0.1:5001"));
    WaitForAsyncUtils.waitForFxEvents();
    String last = vm.log().get(vm.log().size() - 1).text();
    assertEquals("Now using tracker 127.0.0.1:5001; this node's shares are registered there.", last);
  }
}
