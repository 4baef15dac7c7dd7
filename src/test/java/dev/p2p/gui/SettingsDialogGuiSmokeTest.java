package dev.p2p.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.app.AppSettings;
import dev.p2p.gui.main.MainViewModel;
import dev.p2p.gui.settings.GuiSettingsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javafx.scene.control.Button;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Settings dialog, headless: validation blocks Save; Save writes the file and says when it applies. */
@ExtendWith(ApplicationExtension.class)
class SettingsDialogGuiSmokeTest {
  @TempDir static Path dir;

  MainViewModel vm;

  @Start
  void start(Stage stage) {
    AppSettings settings = AppSettings.load(Map.of("p2p.tracker.host", "127.0.0.1",
        "p2p.tracker.port", 5000, "p2p.peer.port", 6000));
    vm = AppWindow.show(stage, new FakeNode(), settings, dir.resolve("gui.conf"), () -> {});
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
    assertTrue(last.endsWith("Changes apply the next time you start p2p."), last);
  }
}
