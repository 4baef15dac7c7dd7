package dev.p2p.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.app.AppSettings;
import dev.p2p.app.LocalPeer;
import dev.p2p.gui.main.MainViewModel;
import dev.p2p.gui.main.TransferRow;
import dev.p2p.storage.Hashing;
import dev.p2p.testing.SwarmFixture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javafx.scene.Parent;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real window against real nodes: a tracker and two peers on loopback in this JVM (as in
 * {@code SwarmIT}), each with its own window side by side (JavaFX runs once per JVM, but one
 * toolkit can show several stages). A file is shared through window A, its ID is copied from
 * window A, typed into window B and downloaded there; window B's row must reach 100% and
 * "seeding" and the file on disk must hash to that ID. Closing each window stops its node.
 * Headless with Monocle; every wait is bounded.
 */
@ExtendWith(ApplicationExtension.class)
class RealNodeGuiSmokeIT {
  static final int TIMEOUT_S = 30;
  static final int SIZE = 3 * 1024 * 1024 + 4321;

  @RegisterExtension static final SwarmFixture swarm = SwarmFixture.perClass();

  LocalPeer nodeA;
  LocalPeer nodeB;
  Stage stageA;
  Stage stageB;
  MainViewModel vmA;
  final AtomicInteger stoppedA = new AtomicInteger();
  final AtomicInteger stoppedB = new AtomicInteger();

  @Start
  void start(Stage stage) {
    Map<String, Object> small = Map.of("p2p.chunk-size", 64 * 1024);
    nodeA = swarm.peer("a", small);
    nodeB = swarm.peer("b", small);
    stageA = stage;
    vmA = show(stageA, nodeA, "a", 0, stoppedA);
    stageB = new Stage();
    show(stageB, nodeB, "b", 640, stoppedB);
  }

  private MainViewModel show(Stage stage, LocalPeer node, String name, double x, AtomicInteger stopped) {
    AppSettings settings = swarm.peerSettings(name, Map.of());
    MainViewModel vm = AppWindow.show(stage, node, settings, swarm.dir(name).resolve("gui.conf"), () -> {
      stopped.incrementAndGet();
      stage.hide();
    });
    // Side by side, so that clicks land in the intended window.
    stage.setX(x);
    stage.setY(0);
    stage.setWidth(630);
    stage.setHeight(700);
    return vm;
  }

  @Test
  void sharesInOneWindowAndDownloadsByTheCopiedIdInTheOther(FxRobot robot) throws Exception {
    Parent rootA = stageA.getScene().getRoot();
    Parent rootB = stageB.getScene().getRoot();
    Files.createDirectories(swarm.dir("src"));
    Path src = swarm.file("src/holiday.bin", SIZE, 42);

    // Share through window A. The "Share file…" button opens a native FileChooser, which cannot
    // be driven headless; drag-and-drop and the button both end in the view model's share().
    robot.interact(() -> vmA.share(src));
    TableView<TransferRow> tableA = table(robot, rootA, "#transfersTable");
    waitFor(() -> tableA.getItems().size() == 1 && !tableA.getItems().get(0).getFileId().isEmpty());
    waitFor(() -> cellTexts(robot, rootA, "#transfersTable").contains("shared"));

    // Read the ID from window A: the ID cell shows its start and "Copy ID" puts it on the clipboard.
    Button copy = robot.from(rootA).lookup(".copy-id").queryButton();
    waitFor(copy::isVisible);
    robot.clickOn(copy);
    WaitForAsyncUtils.waitForFxEvents();
    String id = WaitForAsyncUtils.asyncFx(() -> Clipboard.getSystemClipboard().getString())
        .get(TIMEOUT_S, TimeUnit.SECONDS);
    assertNotNull(id, "Copy ID put text on the clipboard");
    assertEquals(64, id.length(), id);
    assertTrue(cellTexts(robot, rootA, "#transfersTable").contains(id.substring(0, 8) + "…"),
        "window A shows the start of the ID");
    assertTrue(logOf(robot, rootA).stream().anyMatch(l -> l.contains("ID " + id)), "the log names the ID");

    // Window A's row shows the upload while it lasts (seen on the JavaFX thread, as it changes).
    TransferRow sharedA = tableA.getItems().get(0);
    AtomicBoolean sawUpload = new AtomicBoolean();
    robot.interact(() -> sharedA.peersProperty().addListener((o, was, now) -> {
      if (now.intValue() > 0) sawUpload.set(true);
    }));

    // Paste it into window B and download into a fresh folder.
    Path into = Files.createDirectories(swarm.dir("into"));
    robot.clickOn(robot.from(rootB).lookup("#destinationField").queryAs(TextField.class));
    robot.press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL).write(into.toString());
    // Paste the copied ID, as a user would (typing 64 characters through the robot is slow).
    TextField idField = robot.from(rootB).lookup("#idField").queryAs(TextField.class);
    robot.clickOn(idField).press(KeyCode.CONTROL, KeyCode.V).release(KeyCode.V, KeyCode.CONTROL);
    waitFor(() -> id.equals(idField.getText()));
    Button download = robot.from(rootB).lookup("#downloadButton").queryButton();
    waitFor(() -> !download.isDisabled());
    robot.clickOn(download);

    TableView<TransferRow> tableB = table(robot, rootB, "#transfersTable");
    waitFor(() -> tableB.getItems().size() == 1
        && tableB.getItems().get(0).getPhase() == TransferRow.Phase.SEEDING);
    waitFor(() -> cellTexts(robot, rootB, "#transfersTable").containsAll(List.of("holiday.bin", "seeding")));
    ProgressBar bar = robot.from(rootB).lookup("#transfersTable .progress-bar").queryAs(ProgressBar.class);
    assertEquals(1.0, bar.getProgress(), 1e-9);
    assertTrue(logOf(robot, rootB).stream().anyMatch(l -> l.contains("verified")), logOf(robot, rootB).toString());

    // Selected, the row's piece map and speed graph come from the real node's events.
    robot.interact(() -> tableB.getSelectionModel().select(0));
    Label pieces = robot.from(rootB).lookup("#pieceSummary").queryAs(Label.class);
    waitFor(() -> pieces.getText().startsWith("All chunks here"));
    LineChart<?, ?> speed = robot.from(rootB).lookup("#speedChart").queryAs(LineChart.class);
    waitFor(() -> !speed.getData().get(0).getData().isEmpty());

    Path got = into.resolve("holiday.bin");
    assertEquals(id, Hashing.hex(Hashing.sha256().digest(Files.readAllBytes(got))), "the downloaded file hashes to the ID");

    // The source window saw the upload, and its row is idle within a few seconds after it ended
    // (issue 13: it kept showing the last rate and "1 peer downloading" for 80 s).
    waitFor(sawUpload::get);
    WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
        sharedA.stateProperty().get().equals("shared") && sharedA.speedTextProperty().get().isEmpty()
            && sharedA.peersProperty().get() == 0).get(5, TimeUnit.SECONDS));

    // Closing each window stops its node: its chunk server no longer accepts connections.
    InetSocketAddress addrA = nodeA.address();
    InetSocketAddress addrB = nodeB.address();
    robot.interact(() -> stageB.fireEvent(new WindowEvent(stageB, WindowEvent.WINDOW_CLOSE_REQUEST)));
    robot.interact(() -> stageA.fireEvent(new WindowEvent(stageA, WindowEvent.WINDOW_CLOSE_REQUEST)));
    waitFor(() -> stoppedA.get() == 1 && stoppedB.get() == 1);
    assertTrue(nodeA.stop().toCompletableFuture().isDone());
    assertTrue(nodeB.stop().toCompletableFuture().isDone());
    assertThrows(IOException.class, () -> connect(addrA));
    assertThrows(IOException.class, () -> connect(addrB));
  }

  private static void connect(InetSocketAddress a) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(a, 2000);
    }
  }

  @SuppressWarnings("unchecked")
  private static TableView<TransferRow> table(FxRobot robot, Parent root, String query) {
    return robot.from(root).lookup(query).queryAs(TableView.class);
  }

  private static List<String> logOf(FxRobot robot, Parent root) {
    ListView<?> log = robot.from(root).lookup("#statusLog").queryAs(ListView.class);
    return log.getItems().stream().map(Object::toString).toList();
  }

  private static Set<String> cellTexts(FxRobot robot, Parent root, String table) {
    return robot.from(root).lookup(table + " .table-cell").queryAllAs(TableCell.class).stream()
        .map(c -> c.getText() != null ? c.getText()
            : c.getGraphic() instanceof javafx.scene.layout.HBox box
                && box.getChildren().get(0) instanceof Label l ? l.getText() : null)
        .filter(t -> t != null && !t.isEmpty()).collect(Collectors.toSet());
  }

  /** Waits (bounded) until {@code condition}, checked on the JavaFX thread, holds. */
  private static void waitFor(Callable<Boolean> condition) throws Exception {
    WaitForAsyncUtils.waitFor(TIMEOUT_S, TimeUnit.SECONDS,
        () -> WaitForAsyncUtils.asyncFx(condition).get(TIMEOUT_S, TimeUnit.SECONDS));
  }
}
