package dev.p2p.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.app.AppSettings;
import dev.p2p.app.LocalPeer;
import dev.p2p.gui.history.HistoryRow;
import dev.p2p.gui.main.MainViewModel;
import dev.p2p.gui.main.TransferRow;
import dev.p2p.storage.Hashing;
import dev.p2p.storage.Manifest;
import dev.p2p.testing.SwarmFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window against real nodes on loopback: node A shares a file (its uploads slowed, so that
 * the download lasts a few seconds); window B searches the real tracker by part of the name,
 * downloads the hit with one click, pauses it (the {@code .part} stays), resumes it, and the
 * file it ends with hashes to the ID the search showed; B's History tab and totals line then show
 * it from B's state. A second download, cancelled (the dialog answered yes), loses its {@code
 * .part} and is in the history as cancelled. Headless with Monocle; waits bounded.
 */
@ExtendWith(ApplicationExtension.class)
class RealNodeSearchGuiIT {
  static final int TIMEOUT_S = 60;
  static final int SIZE = 3 * 1024 * 1024 + 777;

  @RegisterExtension static final SwarmFixture swarm = SwarmFixture.perClass();

  LocalPeer nodeA;
  LocalPeer nodeB;
  Stage stage;
  MainViewModel vm;
  /** The cancel dialogs the window asked (each answered yes). */
  final List<String> questions = new ArrayList<>();

  @Start
  void start(Stage stage) {
    nodeA = swarm.peer("a", Map.of("p2p.chunk-size", 64 * 1024, "p2p.upload-limit", "512K"));
    // B keeps a state folder: its history and totals are real.
    nodeB = swarm.peer("b", Map.of("p2p.chunk-size", 64 * 1024, "p2p.state-dir", swarm.dir("b-state").toString()));
    this.stage = stage;
    AppSettings settings = swarm.peerSettings("b", Map.of());
    vm = AppWindow.show(stage, nodeB, settings, swarm.dir("b").resolve("gui.conf"), stage::hide, path -> {},
        (question, detail) -> {
          questions.add(question);
          return true;
        });
    // JavaFX hands every test class the same primary stage: another may have made it narrow.
    stage.setWidth(AppWindow.WIDTH);
    stage.setHeight(AppWindow.HEIGHT);
  }

  @Test
  void findsByNameDownloadsWithOneClickPausesAndResumes(FxRobot robot) throws Exception {
    Files.createDirectories(swarm.dir("src"));
    Path src = swarm.file("src/Summer-Holiday.bin", SIZE, 7);
    Manifest shared = nodeA.share(src).toCompletableFuture().get(TIMEOUT_S, TimeUnit.SECONDS);
    Parent root = stage.getScene().getRoot();
    Path into = Files.createDirectories(swarm.dir("into"));
    robot.interact(() -> vm.destinationProperty().set(into.toString()));

    robot.clickOn("#searchTab");
    robot.clickOn("#searchField").write("holiday");
    robot.clickOn("#searchButton");
    Label status = robot.lookup("#searchStatus").queryAs(Label.class);
    waitFor(() -> status.getText().equals("1 file found."));
    // The table lays its cells out at a later pulse (until then only spare, hidden cells exist).
    waitFor(() -> robot.lookup("#searchTable .file-id").queryAllAs(TextField.class).stream()
        .anyMatch(f -> f.getText().equals(shared.id().hex()) && showing(f)));
    waitFor(() -> robot.lookup(".search-download").queryAll().stream().anyMatch(RealNodeSearchGuiIT::showing));
    robot.clickOn(".search-download");

    robot.clickOn("#transfersTab");
    @SuppressWarnings("unchecked")
    TableView<TransferRow> table = robot.from(root).lookup("#transfersTable").queryAs(TableView.class);
    waitFor(() -> table.getItems().size() == 1 && table.getItems().get(0).progressProperty().get() > 0);
    TransferRow row = table.getItems().get(0);
    robot.interact(() -> table.getSelectionModel().select(row));
    robot.clickOn("#pauseButton");
    waitFor(() -> row.getPhase() == TransferRow.Phase.PAUSED);
    assertTrue(row.stateProperty().get().startsWith("paused"), row.stateProperty().get());
    assertTrue(hasPart(into), "a paused download keeps its .part");

    robot.clickOn("#resumeButton");
    waitFor(() -> row.getPhase() == TransferRow.Phase.SEEDING);
    Path got = into.resolve("Summer-Holiday.bin");
    assertEquals(shared.id().hex(), Hashing.hex(Hashing.sha256().digest(Files.readAllBytes(got))));
    assertEquals(List.of(), questions, "pause and resume ask nothing");
    assertEquals("", vm.errorProperty().get());

    // The History tab reads the node's history once the download has ended; the totals line too.
    robot.clickOn("#historyTab");
    @SuppressWarnings("unchecked")
    TableView<HistoryRow> history = robot.from(root).lookup("#historyTable").queryAs(TableView.class);
    waitFor(() -> history.getItems().size() == 1);
    HistoryRow entry = history.getItems().get(0);
    assertEquals(List.of("Summer-Holiday.bin", shared.id().hex(), "completed", "3.0 MiB"),
        List.of(entry.name(), entry.id(), entry.result(), entry.size()));
    Label totals = robot.lookup("#totalsLabel").queryAs(Label.class);
    waitFor(() -> totals.getText().endsWith("Downloaded 3.0 MiB"));

    // A second file, cancelled half-way once the (injected) dialog is answered yes: its .part goes.
    Manifest second = nodeA.share(swarm.file("src/Winter.bin", SIZE, 8)).toCompletableFuture()
        .get(TIMEOUT_S, TimeUnit.SECONDS);
    robot.clickOn("#transfersTab");
    robot.interact(() -> vm.download(second.id()));
    waitFor(() -> table.getItems().size() == 2 && table.getItems().get(1).progressProperty().get() > 0);
    TransferRow winter = table.getItems().get(1);
    robot.interact(() -> table.getSelectionModel().select(winter));
    robot.clickOn("#cancelButton");
    waitFor(() -> winter.getPhase() == TransferRow.Phase.CANCELLED);
    assertEquals(List.of("Cancel the download of Winter.bin?"), questions);
    assertEquals("", vm.errorProperty().get(), "a cancel is no failure");
    assertFalse(hasPart(into), "the cancelled download's .part is deleted");
    robot.clickOn("#historyTab");
    waitFor(() -> history.getItems().size() == 2);
    assertEquals("cancelled", history.getItems().get(0).result(), "newest first");
  }

  /** Whether {@code node} and every parent of it are visible (a table's spare cells are not). */
  private static boolean showing(Node node) {
    for (Node n = node; n != null; n = n.getParent()) {
      if (!n.isVisible()) return false;
    }
    return true;
  }

  private static boolean hasPart(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.anyMatch(f -> f.getFileName().toString().endsWith(".part"));
    }
  }

  /** Waits (bounded) until {@code condition}, checked on the JavaFX thread, holds. */
  private static void waitFor(Callable<Boolean> condition) throws Exception {
    WaitForAsyncUtils.waitFor(TIMEOUT_S, TimeUnit.SECONDS,
        () -> WaitForAsyncUtils.asyncFx(condition).get(TIMEOUT_S, TimeUnit.SECONDS));
  }
}
