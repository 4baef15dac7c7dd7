package dev.p2p.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.app.LocalPeer;
import dev.p2p.app.LocalTracker;
import dev.p2p.gui.main.MainViewModel;
import dev.p2p.gui.main.TransferRow;
import dev.p2p.gui.main.TransferRow.Phase;
import dev.p2p.protocol.Message;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Hashing;
import dev.p2p.testing.SwarmFixture;
import dev.p2p.tracker.TrackerClient;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real window of a real node started with no tracker (headless, Monocle): its tracker line
 * says unreachable from the start; a share made then says it will register when the tracker is
 * back; once a tracker starts on that port the line says connected and the share is registered
 * (the tracker is asked); a download that failed there gets Retry, which succeeds in the same row
 * once a sharer exists. Every wait is bounded.
 */
@ExtendWith(ApplicationExtension.class)
class TrackerStatusGuiIT {
  static final int TIMEOUT_S = 30;

  @RegisterExtension static final SwarmFixture swarm = SwarmFixture.perClass();

  int port;
  LocalPeer node;
  MainViewModel vm;
  Stage stage;

  @Start
  void start(Stage stage) throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort(); // free now; the tracker binds it later
    }
    Map<String, Object> noTracker = Map.of("p2p.tracker.port", port);
    node = swarm.peer("a", noTracker);
    this.stage = stage;
    vm = AppWindow.show(stage, node, swarm.peerSettings("a", noTracker), swarm.dir("a").resolve("gui.conf"),
        stage::hide);
  }

  @Test
  void theLineSaysUnreachableThenConnectedAndTheRowsSayTheTruth(FxRobot robot) throws Exception {
    Parent root = stage.getScene().getRoot();
    Label line = robot.from(root).lookup("#trackerLabel").queryAs(Label.class);
    String tracker = "Tracker 127.0.0.1:" + port;
    waitFor(TIMEOUT_S, () -> line.getText().startsWith(tracker + ": unreachable since ")
        && line.getText().contains("retrying"));
    assertTrue(line.getText().toLowerCase().contains("refused"), line.getText());

    Path src = swarm.file("early.bin", 300_000, 7);
    robot.interact(() -> vm.share(src));
    TableView<TransferRow> table = robot.from(root).lookup("#transfersTable").queryAs(TableView.class);
    waitFor(TIMEOUT_S, () -> table.getItems().size() == 1 && table.getItems().get(0).getPhase() == Phase.PENDING);
    TransferRow shared = table.getItems().get(0);
    assertEquals("sharing — tracker unreachable, will register when it is back", shared.stateProperty().get());
    FileId early = new FileId(shared.getFileId());

    LocalTracker t = swarm.startTracker(port);
    // Probes 1, 2, 4, 8, 16 s apart: seen within the back-off reached, plus slack.
    waitFor(40, () -> line.getText().equals(tracker + ": connected"));
    waitFor(TIMEOUT_S, () -> shared.getPhase() == Phase.SHARED);
    TrackerClient tc = swarm.trackerClient(t.address());
    assertEquals(List.of(node.peerId()), SwarmFixture.await(tc.query(early)).peers().stream()
        .map(Message.PeerInfo::peerId).toList(), "registered once the tracker was back, as the row said");

    // Nobody shares this file yet: its download fails, and its row offers Retry.
    byte[] later = SwarmFixture.bytes(200_000, 8);
    String id = Hashing.hex(Hashing.sha256().digest(later));
    Path into = Files.createDirectories(swarm.dir("into"));
    robot.interact(() -> {
      vm.destinationProperty().set(into.toString());
      vm.idTextProperty().set(id);
      vm.download();
    });
    waitFor(TIMEOUT_S, () -> table.getItems().size() == 2 && table.getItems().get(1).getPhase() == Phase.FAILED);
    TransferRow failed = table.getItems().get(1);
    robot.interact(() -> table.getSelectionModel().select(failed));
    Button retry = robot.from(root).lookup("#retryButton").queryButton();
    waitFor(TIMEOUT_S, () -> !retry.isDisabled());

    Files.createDirectories(swarm.dir("b"));
    Path file = Files.write(swarm.dir("b").resolve("later.bin"), later);
    SwarmFixture.await(swarm.peer("b", Map.of("p2p.tracker.port", port)).share(file));
    robot.clickOn(retry);
    waitFor(TIMEOUT_S, () -> failed.getPhase() == Phase.SEEDING);
    assertSame(failed, table.getItems().get(1), "the same row");
    assertEquals(2, table.getItems().size());
    assertTrue(Files.exists(into.resolve("later.bin")));
  }

  /** Waits at most {@code seconds} until {@code condition}, checked on the JavaFX thread, holds. */
  private static void waitFor(int seconds, Callable<Boolean> condition) throws Exception {
    WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS,
        () -> WaitForAsyncUtils.asyncFx(condition).get(seconds, TimeUnit.SECONDS));
  }
}
