package dev.p2p.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.app.AppSettings;
import dev.p2p.app.NodeFacade.DownloadResult;
import dev.p2p.app.NodeFacade.HistoryEntry;
import dev.p2p.app.NodeFacade.SearchHit;
import dev.p2p.app.NodeFacade.Totals;
import dev.p2p.gui.main.MainViewModel;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import dev.p2p.transfer.TransferEvent.Located;
import dev.p2p.transfer.TransferEvent.Progress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javafx.geometry.Side;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableRow;
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
 * The real window, headless (Monocle), against {@link FakeNode}: search, one-click download,
 * pause and resume from the row's buttons, cancel declined in the (injected) confirmation, and
 * the History tab and totals line.
 */
@ExtendWith(ApplicationExtension.class)
class SearchAndHistoryGuiSmokeTest {
  static final String HEX = "0123456789abcdef".repeat(4);
  static final String ORIGINAL = "fedcba9876543210";
  static final long MIB = 1024 * 1024;

  @TempDir static Path dir;

  FakeNode node;
  MainViewModel vm;
  final List<String> questions = new ArrayList<>();
  final List<Path> opened = new ArrayList<>();

  @Start
  void start(Stage stage) {
    node = new FakeNode();
    AppSettings settings = AppSettings.load(Map.of("p2p.download-dir", dir.resolve("downloads").toString()));
    vm = AppWindow.show(stage, node, settings, dir.resolve("gui.conf"), () -> {}, opened::add,
        (question, detail) -> {
          questions.add(question);
          return false;
        });
  }

  @Test
  void searchDownloadPauseResumeAndHistory(FxRobot robot) {
    // At start the window reads the history and the totals.
    node.totalsCalls.get(0).complete(new Totals(5 * MIB, 0));
    node.historyCalls.get(0).complete(List.of());
    WaitForAsyncUtils.waitForFxEvents();
    assertEquals("Uploaded 5.0 MiB \u00b7 Downloaded 0 B", robot.lookup("#totalsLabel").queryAs(Label.class).getText());

    robot.clickOn("#searchTab");
    robot.clickOn("#searchField").write("holiday").type(KeyCode.ENTER);
    WaitForAsyncUtils.waitForFxEvents();
    assertEquals("holiday", node.searches.get(0).words());
    node.searches.get(0).result().complete(List.of(new SearchHit(HEX, "holiday.zip", 100 * MIB, 3, 4),
        new SearchHit(ORIGINAL, "holiday-notes.txt", -1, 1, 1)));
    WaitForAsyncUtils.waitForFxEvents();

    assertEquals("2 files found.", robot.lookup("#searchStatus").queryAs(Label.class).getText());
    Set<String> cells = cellTexts(robot, "#searchTable");
    assertTrue(cells.containsAll(Set.of("holiday.zip", "100.0 MiB", "3", "4", "High", "?", "Medium")), cells.toString());
    // Both IDs whole, in fields that can be selected and copied.
    Set<String> ids = idFields(robot, "#searchTable");
    assertTrue(ids.containsAll(Set.of(HEX, ORIGINAL)), ids.toString());
    assertTrue(robot.lookup("original program's file:\nuse p2p get <ID>").tryQuery().isPresent());

    robot.clickOn(".search-download");
    WaitForAsyncUtils.waitForFxEvents();
    assertEquals(new FileId(HEX), node.downloads.get(0).id());
    assertEquals(dir.resolve("downloads").toAbsolutePath(), node.downloads.get(0).outDir());

    // On the Transfers tab the row can be paused and resumed.
    robot.clickOn("#transfersTab");
    FileId id = new FileId(HEX);
    node.push(new Located(FakeNode.PEER_ID, id, "holiday.zip", 100 * MIB, 400, 3, 0));
    node.push(new Progress(FakeNode.PEER_ID, id, 25 * MIB, 100 * MIB, 100, 400, MIB, List.of()));
    WaitForAsyncUtils.waitForFxEvents();
    // The name is in the Search tab too: click the one in the transfers table.
    robot.clickOn(robot.from(robot.lookup("#transfersTable").queryTableView()).lookup("holiday.zip").<Node>query());
    Button pause = robot.lookup("#pauseButton").queryButton();
    Button resume = robot.lookup("#resumeButton").queryButton();
    assertFalse(pause.isDisabled());
    assertTrue(resume.isDisabled());
    robot.clickOn(pause);
    node.controls.get(0).result().complete(null);
    WaitForAsyncUtils.waitForFxEvents();
    assertTrue(cellTexts(robot, "#transfersTable").contains("paused at 25%, .part kept"));
    assertFalse(resume.isDisabled());
    robot.clickOn(resume);
    node.controls.get(1).result().complete(null);
    WaitForAsyncUtils.waitForFxEvents();
    assertTrue(cellTexts(robot, "#transfersTable").contains("downloading"));

    // Cancel asks first; declined, nothing is asked of the node.
    robot.clickOn("#cancelButton");
    WaitForAsyncUtils.waitForFxEvents();
    assertEquals(List.of("Cancel the download of holiday.zip?"), questions);
    assertEquals(List.of("pause 01234567", "resume 01234567"), node.controlLog());

    // The row's own menu offers the same actions. (Monocle sends no context-menu event for a
    // right click, so the test opens the row's menu as that event would.)
    TableRow<?> row = robot.lookup("#transfersTable .table-row-cell").queryAllAs(TableRow.class).stream()
        .filter(r -> r.getItem() != null).findFirst().orElseThrow();
    ContextMenu menu = row.getContextMenu();
    robot.interact(() -> menu.show(row, Side.BOTTOM, 0, 0));
    robot.clickOn(robot.from(robot.lookup(".context-menu").queryAll()).lookup("Pause").<Node>query());
    WaitForAsyncUtils.waitForFxEvents();
    assertEquals(List.of("pause 01234567", "resume 01234567", "pause 01234567"), node.controlLog());
    node.controls.get(2).result().complete(null);
    WaitForAsyncUtils.waitForFxEvents();

    // The download ends: history and totals are read again and shown.
    node.downloads.get(0).result().complete(new DownloadResult(dir.resolve("downloads/holiday.zip"),
        new Manifest(id, "holiday.zip", 100 * MIB, (int) MIB, Collections.nCopies(100, HEX)), 8.0, List.of()));
    WaitForAsyncUtils.waitForFxEvents();
    node.historyCalls.get(1).complete(List.of(new HistoryEntry(id, "holiday.zip", 100 * MIB,
        Instant.parse("2026-01-01T12:00:00Z"), true, "", 12.5 * MIB, 3)));
    node.totalsCalls.get(node.totalsCalls.size() - 1).complete(new Totals(5 * MIB, 100 * MIB));
    WaitForAsyncUtils.waitForFxEvents();
    robot.clickOn("#openFolderButton");
    assertEquals(List.of(dir.resolve("downloads")), opened);

    robot.clickOn("#historyTab");
    Set<String> history = cellTexts(robot, "#historyTable");
    assertTrue(history.containsAll(Set.of("holiday.zip", "100.0 MiB", "completed", "12.5 MiB/s", "3")),
        history.toString());
    assertEquals(Set.of(HEX), idFields(robot, "#historyTable"));
    assertEquals("Uploaded 5.0 MiB \u00b7 Downloaded 100.0 MiB", robot.lookup("#totalsLabel").queryAs(Label.class).getText());
    robot.clickOn("#historyFilter").write("nothing");
    assertEquals("0 of 1 download match \u201cnothing\u201d", robot.lookup("#historyStatus").queryAs(Label.class).getText());
  }

  /** The whole IDs shown in {@code table}'s read-only ID fields. */
  private static Set<String> idFields(FxRobot robot, String table) {
    return robot.lookup(table + " .file-id").queryAllAs(TextField.class).stream()
        .map(TextField::getText).filter(t -> !t.isEmpty()).collect(Collectors.toSet());
  }

  private static Set<String> cellTexts(FxRobot robot, String table) {
    return robot.lookup(table + " .table-cell").queryAllAs(TableCell.class).stream()
        .map(TableCell::getText).filter(t -> t != null && !t.isEmpty()).collect(Collectors.toSet());
  }
}
