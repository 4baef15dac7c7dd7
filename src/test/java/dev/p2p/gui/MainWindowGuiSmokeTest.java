package dev.p2p.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.app.AppSettings;
import dev.p2p.app.NodeFacade;
import dev.p2p.gui.main.MainViewModel;
import dev.p2p.storage.FileId;
import dev.p2p.storage.ShareKey;
import dev.p2p.storage.ShareLink;
import dev.p2p.transfer.TransferEvent.Located;
import dev.p2p.transfer.TransferEvent.PeerStat;
import dev.p2p.transfer.TransferEvent.Progress;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javafx.scene.control.Button;
import javafx.geometry.Side;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real window, headless (Monocle), against {@link FakeNode}. To run it against a real node,
 * return one from {@link #createNode()} and drive it instead of pushing fake events.
 */
@ExtendWith(ApplicationExtension.class)
class MainWindowGuiSmokeTest {
  static final String HEX = "0123456789abcdef".repeat(4);
  static final long MIB = 1024 * 1024;

  @TempDir static Path dir;

  FakeNode node;
  MainViewModel vm;
  Stage stage;
  final AtomicInteger exits = new AtomicInteger();

  NodeFacade createNode() {
    node = new FakeNode();
    return node;
  }

  @Start
  void start(Stage stage) {
    AppSettings settings = AppSettings.load(Map.of("p2p.download-dir", dir.resolve("downloads").toString()));
    this.stage = stage;
    vm = AppWindow.show(stage, createNode(), settings, dir.resolve("gui.conf"), exits::incrementAndGet);
  }

  @Test
  void downloadsAValidIdAndShowsLiveProgress(FxRobot robot) {
    Button download = robot.lookup("#downloadButton").queryButton();
    Label problem = robot.lookup("#idProblem").queryAs(Label.class);
    assertTrue(download.isDisabled());

    robot.clickOn("#idField").write("not-an-id");
    assertTrue(download.isDisabled());
    assertEquals("Not a file ID: it may contain only 0-9 and a-f, but has 'n' at position 1.", problem.getText());

    robot.eraseText("not-an-id".length()).write(HEX.substring(0, 10));
    assertEquals("Not a file ID: it has 64 hex characters, this has 10.", problem.getText());
    robot.write(HEX.substring(10).toUpperCase());
    assertEquals("", problem.getText());
    assertFalse(download.isDisabled());

    robot.clickOn("#downloadButton");
    WaitForAsyncUtils.waitForFxEvents();
    assertEquals(1, node.downloads.size());
    assertEquals(new FileId(HEX), node.downloads.get(0).id());
    assertEquals(dir.resolve("downloads").toAbsolutePath(), node.downloads.get(0).outDir());

    // Events arrive on a non-UI thread, as from the node.
    FileId id = new FileId(HEX);
    List<PeerStat> peers = List.of(new PeerStat("10.0.0.2:6000", 30 * MIB, 120, 4, 0, false),
        new PeerStat("10.0.0.3:6000", 10 * MIB, 40, 2, 1, false));
    node.push(new Located(FakeNode.PEER_ID, id, "movie.mkv", 100 * MIB, 400, 2, 0));
    node.push(new Progress(FakeNode.PEER_ID, id, 40 * MIB, 100 * MIB, 160, 400, 2.0 * MIB, peers));
    WaitForAsyncUtils.waitForFxEvents();

    Set<String> cells = cellTexts(robot, "#transfersTable");
    assertTrue(cells.containsAll(Set.of("movie.mkv", "100.0 MiB", "2.0 MiB/s", "2", "30s", "downloading")),
        cells.toString());
    ProgressBar bar = robot.lookup("#transfersTable .progress-bar").queryAs(ProgressBar.class);
    assertEquals(0.4, bar.getProgress(), 1e-9);

    // Selecting the row fills the per-peer table.
    robot.clickOn("movie.mkv");
    WaitForAsyncUtils.waitForFxEvents();
    TableView<?> peerTable = robot.lookup("#peersTable").queryTableView();
    assertEquals(2, peerTable.getItems().size());
    assertTrue(cellTexts(robot, "#peersTable").containsAll(Set.of("10.0.0.2:6000", "30.0 MiB", "120")));
  }

  @Test
  void showsAFailureAsOneReadableLineAndStaysUsable(FxRobot robot) {
    robot.clickOn("#idField").write(HEX);
    robot.clickOn("#downloadButton");
    WaitForAsyncUtils.waitForFxEvents();

    node.downloads.get(0).result().completeExceptionally(
        new CompletionException(new IOException("tracker 127.0.0.1:5000 is unreachable")));
    WaitForAsyncUtils.waitForFxEvents();

    Label error = robot.lookup("#errorLabel").queryAs(Label.class);
    assertTrue(robot.lookup("#errorBanner").query().isVisible());
    assertEquals("Download of 01234567… failed: tracker 127.0.0.1:5000 is unreachable", error.getText());
    assertTrue(cellTexts(robot, "#transfersTable").contains("failed: tracker 127.0.0.1:5000 is unreachable"));

    robot.clickOn("Dismiss");
    assertFalse(robot.lookup("#errorBanner").query().isVisible());

    // Retry, from the button for the selected row: the same download again, in the same row.
    robot.clickOn("failed: tracker 127.0.0.1:5000 is unreachable");
    Button retry = robot.lookup("#retryButton").queryButton();
    assertFalse(retry.isDisabled());
    robot.clickOn(retry);
    WaitForAsyncUtils.waitForFxEvents();
    assertEquals(2, node.downloads.size());
    assertEquals(node.downloads.get(0).id(), node.downloads.get(1).id());
    assertTrue(cellTexts(robot, "#transfersTable").contains("locating peers"));
    assertTrue(retry.isDisabled(), "nothing to retry while it runs");
    // And from the row's menu once it failed again.
    node.downloads.get(1).result().completeExceptionally(new IOException("no peer has the file"));
    WaitForAsyncUtils.waitForFxEvents();
    // (Monocle sends no context-menu event for a right click: the test opens the row's menu.)
    TableRow<?> row = robot.lookup("#transfersTable .table-row-cell").queryAllAs(TableRow.class).stream()
        .filter(r -> r.getItem() != null).findFirst().orElseThrow();
    robot.interact(() -> row.getContextMenu().show(row, Side.BOTTOM, 0, 0));
    robot.clickOn(robot.from(robot.lookup(".context-menu").queryAll()).lookup("Retry").<Node>query());
    WaitForAsyncUtils.waitForFxEvents();
    assertEquals(3, node.downloads.size());
    assertEquals(1, vm.transfers().size(), "still the one row");

    robot.clickOn("#idField").write(HEX);
    assertFalse(robot.lookup("#downloadButton").queryButton().isDisabled());
  }

  @Test
  void aPrivateShareShowsCopyLinkAndRemoveRevokesIt(FxRobot robot) {
    robot.clickOn("#privateBox");
    assertTrue(vm.privateShareProperty().get());
    assertFalse(robot.lookup("#expiryChoice").query().isDisabled());
    robot.interact(() -> vm.share(dir.resolve("plans.pdf")));
    ShareLink link = new ShareLink(Optional.empty(), new FileId(HEX), Optional.of(ShareKey.generate()),
        Optional.of("plans.pdf"), OptionalLong.of(4096), OptionalLong.empty());
    node.linkShares.get(0).result().complete(link);
    WaitForAsyncUtils.waitForFxEvents();
    assertTrue(cellTexts(robot, "#transfersTable").contains("shared privately"));

    robot.clickOn("Copy link");
    WaitForAsyncUtils.waitForFxEvents();
    assertEquals(link.format(), vm.clipboardTextProperty().get());
    robot.clickOn("plans.pdf");
    robot.clickOn("#removeButton");
    WaitForAsyncUtils.waitForFxEvents();
    assertEquals(new FileId(HEX), node.unshares.get(0).id());
    node.unshares.get(0).result().complete(null);
    WaitForAsyncUtils.waitForFxEvents();
    assertTrue(vm.transfers().isEmpty());
  }

  @Test
  void closingTheWindowStopsTheNodeThenExits(FxRobot robot) {
    robot.interact(() -> stage.fireEvent(new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST)));
    WaitForAsyncUtils.waitForFxEvents();
    assertEquals(1, node.stopCalls);
    assertEquals(2, node.unsubscribes, "the window's two subscriptions: its rows and its desktop notices");
    assertEquals(1, exits.get());
  }

  private static Set<String> cellTexts(FxRobot robot, String table) {
    return robot.lookup(table + " .table-cell").queryAllAs(TableCell.class).stream()
        .map(TableCell::getText).filter(t -> t != null && !t.isEmpty()).collect(Collectors.toSet());
  }
}
