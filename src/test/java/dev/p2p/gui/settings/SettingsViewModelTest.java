package dev.p2p.gui.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.app.AppSettings;
import dev.p2p.gui.FakeNode;
import dev.p2p.text.HostPort;
import dev.p2p.text.P2pException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsViewModelTest {
  static final AppSettings CURRENT = AppSettings.load(Map.of(
      "p2p.tracker.host", "10.0.0.1", "p2p.tracker.port", 5000, "p2p.peer.port", 6000,
      "p2p.download-dir", "/srv/downloads"));
  static final GuiSettingsFile.Values STARTED = GuiSettingsFile.Values.of(CURRENT, true);

  @TempDir Path dir;

  final FakeNode node = new FakeNode();
  final List<Path> folders = new ArrayList<>();
  final List<Boolean> notices = new ArrayList<>();
  final List<String> reports = new ArrayList<>();
  LimitsViewModel limits;

  SettingsViewModel open(Path file) {
    GuiSettingsFile f = new GuiSettingsFile(file);
    if (limits == null) limits = new LimitsViewModel(node, f, STARTED, Runnable::run);
    return new SettingsViewModel(STARTED, f, new SettingsViewModel.Live(node, limits, folders::add,
        notices::add, Runnable::run, reports::add));
  }

  @Test
  void startsFromTheSettingsInUseWhenNothingIsSaved() {
    SettingsViewModel vm = open(dir.resolve("gui.conf"));
    assertEquals("10.0.0.1:5000", vm.trackerProperty().get());
    assertEquals("6000", vm.peerPortProperty().get());
    assertEquals("/srv/downloads", vm.downloadDirProperty().get());
    assertEquals("unlimited", vm.uploadLimitProperty().get());
    assertEquals("unlimited", vm.downloadLimitProperty().get());
    assertTrue(vm.notificationsProperty().get());
    assertTrue(vm.validProperty().get());
  }

  @Test
  void savesAndReadsBackAndTheCallerCanApplyTheFile() {
    Path file = dir.resolve("sub/gui.conf");
    SettingsViewModel vm = open(file);
    vm.trackerProperty().set(" tracker.example.org:7000 ");
    vm.peerPortProperty().set("0");
    vm.downloadDirProperty().set("C:\\Users\\me\\Down \"loads\"");
    vm.uploadLimitProperty().set("2M");
    vm.downloadLimitProperty().set("500K");
    vm.notificationsProperty().set(false);

    assertTrue(vm.save());

    SettingsViewModel again = open(file);
    assertEquals("tracker.example.org:7000", again.trackerProperty().get());
    assertEquals("0", again.peerPortProperty().get());
    assertEquals("C:\\Users\\me\\Down \"loads\"", again.downloadDirProperty().get());
    assertEquals("2M", again.uploadLimitProperty().get());
    assertEquals("500K", again.downloadLimitProperty().get());
    assertFalse(again.notificationsProperty().get());

    AppSettings next = AppSettings.load(GuiSettingsFile.overrides(file));
    assertEquals("tracker.example.org", next.trackerHost());
    assertEquals(7000, next.trackerPort());
    assertEquals(0, next.peerPort());
    assertEquals(Path.of("C:\\Users\\me\\Down \"loads\""), next.downloadDir());
    assertEquals(2 * 1024 * 1024, next.uploadLimit());
    assertEquals(500 * 1024, next.downloadLimit());
    assertFalse(GuiSettingsFile.notifications(file));
  }

  @Test
  void savingAppliesEachChangeToTheRunningNodeAndWindowAndSaysSo() {
    Path file = dir.resolve("gui.conf");
    SettingsViewModel vm = open(file);
    vm.trackerProperty().set("tracker.lan:7000");
    vm.downloadDirProperty().set("/srv/new");
    vm.uploadLimitProperty().set("2M");
    vm.downloadLimitProperty().set("500K");
    vm.notificationsProperty().set(false);

    assertTrue(vm.save());
    assertEquals("Saved to " + file + ". Applied: new downloads go to /srv/new; limits ↑ 2M/s, ↓ 500K/s;"
        + " desktop notifications off; moving to tracker tracker.lan:7000.", vm.statusProperty().get());
    assertEquals(List.of(Path.of("/srv/new")), folders, "the download bar's folder");
    assertEquals(List.of("2097152 512000"), node.limitCalls, "the node's limits, at once");
    assertEquals("2M", limits.uploadProperty().get(), "the limits bar shows them");
    assertEquals(List.of(false), notices);
    assertEquals(List.of(new HostPort("tracker.lan", 7000)), node.trackerCalls.stream().map(FakeNode.TrackerCall::to).toList());
    assertEquals(List.of(), reports, "the move is reported when it is done");

    node.trackerCalls.get(0).result().complete("tracker.lan:7000");
    assertEquals(List.of("Now using tracker tracker.lan:7000; this node's shares are registered there."), reports);
  }

  @Test
  void aTrackerMoveThatFailsSaysWhichTrackerIsStillUsed() {
    SettingsViewModel vm = open(dir.resolve("gui.conf"));
    vm.trackerProperty().set("tracker.lan:7000");
    assertTrue(vm.save());
    node.trackerCalls.get(0).result().completeExceptionally(
        new P2pException("tracker tracker.lan:7000 is unreachable (Connection refused)"));
    assertEquals(List.of("Tracker not changed: tracker tracker.lan:7000 is unreachable (Connection refused)."
        + " Still using 127.0.0.1:5000; tracker.lan:7000 is saved for the next start."), reports);
  }

  @Test
  void savingWithoutChangesAppliesNothing() {
    Path file = dir.resolve("gui.conf");
    SettingsViewModel vm = open(file);
    vm.uploadLimitProperty().set("0"); // the same as "unlimited"
    assertTrue(vm.save());
    assertEquals("Saved to " + file + ".", vm.statusProperty().get());
    assertEquals(List.of(), node.limitCalls);
    assertEquals(List.of(), node.trackerCalls);
    assertEquals(List.of(), folders);
  }

  @Test
  void aNewPeerPortIsMovedToAtOnceAndTheReportSaysWhereTheNodeListens() {
    Path file = dir.resolve("gui.conf");
    SettingsViewModel vm = open(file);
    vm.peerPortProperty().set("6001");
    assertTrue(vm.save());
    assertEquals("Saved to " + file + ". Applied: moving to peer port 6001.", vm.statusProperty().get());
    assertEquals(List.of(6001), node.portCalls.stream().map(FakeNode.PortCall::to).toList());
    assertEquals(List.of(), reports, "the move is reported when it is done");

    node.portCalls.get(0).result().complete(new InetSocketAddress("127.0.0.1", 6001));
    assertEquals(List.of("Now listening on port 6001; this node's shares are registered there."), reports);
    assertEquals(6001, node.address().getPort());
  }

  @Test
  void aBusyPeerPortIsReportedAndTheNodeStaysWhereItListens() {
    SettingsViewModel vm = open(dir.resolve("gui.conf"));
    vm.peerPortProperty().set("6001");
    assertTrue(vm.save());
    node.portCalls.get(0).result().completeExceptionally(new P2pException(
        "cannot listen on 0.0.0.0:6001 (the port is in use by another program); still listening on port 6000"));
    assertEquals(List.of("Peer port not changed: cannot listen on 0.0.0.0:6001 (the port is in use by another"
        + " program); still listening on port 6000. Port 6001 is saved for the next start."), reports);
    assertEquals(6000, node.address().getPort());
  }

  @Test
  void aLimitThatIsNotASpeedBlocksSaving() {
    SettingsViewModel vm = open(dir.resolve("gui.conf"));
    vm.downloadLimitProperty().set("fast");
    assertEquals("Download limit must be bytes per second like 500K or 2M, or unlimited, not 'fast'.",
        vm.problemProperty().get());
    assertFalse(vm.save());
    assertEquals(List.of(), node.limitCalls);
  }

  @Test
  void missingFileMeansNoOverrides() {
    assertEquals(Map.of(), GuiSettingsFile.overrides(dir.resolve("none.conf")));
  }

  @Test
  void aFileSavedBeforeTheLimitsExistedReadsWithTheStartedOnes() throws Exception {
    Path file = dir.resolve("gui.conf");
    Files.writeString(file, "p2p.tracker.host = \"h\"\np2p.tracker.port = 1\np2p.peer.port = 2\n"
        + "p2p.download-dir = \"/d\"\n");
    GuiSettingsFile.Values started = new GuiSettingsFile.Values("x", 9, 9, "/x", 1000, 2000, false);
    assertEquals(new GuiSettingsFile.Values("h", 1, 2, "/d", 1000, 2000, false),
        new GuiSettingsFile(file).read(started));
  }

  @Test
  void brokenFileIsReportedAndTheDialogStillOpens() throws Exception {
    Path file = dir.resolve("gui.conf");
    Files.writeString(file, "p2p.tracker.port = {{{");
    SettingsViewModel vm = open(file);
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
    SettingsViewModel vm = open(dir.resolve("gui.conf"));
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
    SettingsViewModel vm = open(dir.resolve("gui.conf"));
    vm.downloadDirProperty().set(" ");
    assertEquals("Download folder is empty.", vm.problemProperty().get());
    assertFalse(vm.validProperty().get());
  }

  @Test
  void ipv6HostIsShownInBrackets() {
    AppSettings v6 = AppSettings.load(Map.of("p2p.tracker.host", "::1", "p2p.tracker.port", 5000));
    GuiSettingsFile f = new GuiSettingsFile(dir.resolve("gui.conf"));
    SettingsViewModel vm = new SettingsViewModel(GuiSettingsFile.Values.of(v6, true), f,
        new SettingsViewModel.Live(node, new LimitsViewModel(node, f, STARTED, Runnable::run),
            folders::add, notices::add, Runnable::run, reports::add));
    assertEquals("[::1]:5000", vm.trackerProperty().get());
    assertEquals(new HostPort("::1", 5000), SettingsViewModel.parseHostPort(vm.trackerProperty().get()));
  }
}
