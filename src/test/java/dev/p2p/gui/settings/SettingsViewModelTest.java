package dev.p2p.gui.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.app.AppSettings;
import dev.p2p.text.HostPort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsViewModelTest {
  static final AppSettings CURRENT = AppSettings.load(Map.of(
      "p2p.tracker.host", "10.0.0.1", "p2p.tracker.port", 5000, "p2p.peer.port", 6000,
      "p2p.download-dir", "/srv/downloads"));

  @TempDir Path dir;

  @Test
  void startsFromTheSettingsInUseWhenNothingIsSaved() {
    SettingsViewModel vm = new SettingsViewModel(CURRENT, new GuiSettingsFile(dir.resolve("gui.conf")));
    assertEquals("10.0.0.1:5000", vm.trackerProperty().get());
    assertEquals("6000", vm.peerPortProperty().get());
    assertEquals("/srv/downloads", vm.downloadDirProperty().get());
    assertTrue(vm.validProperty().get());
  }

  @Test
  void savesAndReadsBackAndTheCallerCanApplyTheFile() {
    Path file = dir.resolve("sub/gui.conf");
    SettingsViewModel vm = new SettingsViewModel(CURRENT, new GuiSettingsFile(file));
    vm.trackerProperty().set(" tracker.example.org:7000 ");
    vm.peerPortProperty().set("0");
    vm.downloadDirProperty().set("C:\\Users\\me\\Down \"loads\"");

    assertTrue(vm.save());
    assertEquals("Saved to " + file + ". Changes apply the next time you start p2p.",
        vm.statusProperty().get());

    SettingsViewModel again = new SettingsViewModel(CURRENT, new GuiSettingsFile(file));
    assertEquals("tracker.example.org:7000", again.trackerProperty().get());
    assertEquals("0", again.peerPortProperty().get());
    assertEquals("C:\\Users\\me\\Down \"loads\"", again.downloadDirProperty().get());

    AppSettings next = AppSettings.load(GuiSettingsFile.overrides(file));
    assertEquals("tracker.example.org", next.trackerHost());
    assertEquals(7000, next.trackerPort());
    assertEquals(0, next.peerPort());
    assertEquals(Path.of("C:\\Users\\me\\Down \"loads\""), next.downloadDir());
  }

  @Test
  void missingFileMeansNoOverrides() {
    assertEquals(Map.of(), GuiSettingsFile.overrides(dir.resolve("none.conf")));
  }

  @Test
  void brokenFileIsReportedAndTheDialogStillOpens() throws Exception {
    Path file = dir.resolve("gui.conf");
    Files.writeString(file, "p2p.tracker.port = {{{");
    SettingsViewModel vm = new SettingsViewModel(CURRENT, new GuiSettingsFile(file));
    assertEquals("10.0.0.1:5000", vm.trackerProperty().get());
    assertTrue(vm.statusProperty().get().startsWith("Could not read " + file), vm.statusProperty().get());
    assertThrows(IllegalArgumentException.class, () -> GuiSettingsFile.overrides(file));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      127.0.0.1:5000      | 127.0.0.1   | 5000
      tracker.lan:1       | tracker.lan | 1
        host:65535        | host        | 65535
      [::1]:5000          | ::1         | 5000
      """)
  void parsesHostAndPort(String text, String host, int port) {
    assertEquals(new HostPort(host, port), SettingsViewModel.parseHostPort(text));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      ''                | Tracker address is empty: expected host:port.
      127.0.0.1         | Tracker address needs a port: expected host:port, e.g. 127.0.0.1:5000.
      :5000             | Tracker host is empty: expected host:port.
      host:0            | Tracker port must be from 1 to 65535, not 0.
      host:65536        | Tracker port must be from 1 to 65535, not 65536.
      host:http         | Tracker port must be a number from 1 to 65535, not 'http'.
      host:             | Tracker port must be a number from 1 to 65535.
      ::1:5000          | Write an IPv6 tracker address in brackets: [::1]:5000.
      [::1]5000         | Tracker address must be [IPv6]:port, e.g. [::1]:5000.
      my host:5000      | Tracker host must not contain spaces.
      """)
  void explainsABadTrackerAddress(String text, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SettingsViewModel.parseHostPort(text));
    assertEquals(message, e.getMessage());
  }

  @Test
  void peerPortMayBeZeroButNotNegativeOrTooLarge() {
    SettingsViewModel vm = new SettingsViewModel(CURRENT, new GuiSettingsFile(dir.resolve("gui.conf")));
    vm.peerPortProperty().set("0");
    assertTrue(vm.validProperty().get());
    vm.peerPortProperty().set("-1");
    assertEquals("Peer port must be from 0 to 65535, not -1.", vm.problemProperty().get());
    vm.peerPortProperty().set("70000");
    assertEquals("Peer port must be from 0 to 65535, not 70000.", vm.problemProperty().get());
    assertFalse(vm.save());
    assertFalse(Files.exists(dir.resolve("gui.conf")), "nothing is saved while invalid");
  }

  @Test
  void downloadFolderMustNotBeEmpty() {
    SettingsViewModel vm = new SettingsViewModel(CURRENT, new GuiSettingsFile(dir.resolve("gui.conf")));
    vm.downloadDirProperty().set(" ");
    assertEquals("Download folder is empty.", vm.problemProperty().get());
    assertFalse(vm.validProperty().get());
  }

  @Test
  void ipv6HostIsShownInBrackets() {
    AppSettings v6 = AppSettings.load(Map.of("p2p.tracker.host", "::1", "p2p.tracker.port", 5000));
    SettingsViewModel vm = new SettingsViewModel(v6, new GuiSettingsFile(dir.resolve("gui.conf")));
    assertEquals("[::1]:5000", vm.trackerProperty().get());
    assertEquals(new HostPort("::1", 5000), SettingsViewModel.parseHostPort(vm.trackerProperty().get()));
  }
}
