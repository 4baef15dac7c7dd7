package dev.p2p.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.app.AppSettings;
import dev.p2p.gui.main.MainViewModel;
import dev.p2p.storage.FileId;
import dev.p2p.transfer.TransferEvent.ChunkRetried;
import dev.p2p.transfer.TransferEvent.ChunkVerified;
import dev.p2p.transfer.TransferEvent.Located;
import dev.p2p.transfer.TransferEvent.PeerStat;
import dev.p2p.transfer.TransferEvent.Progress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.canvas.Canvas;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.image.PixelReader;
import javafx.scene.layout.HBox;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The piece map and speed graph of the real window, headless (Monocle), fed by {@link FakeNode}. */
@ExtendWith(ApplicationExtension.class)
class TransferDetailGuiSmokeTest {
  static final FileId ID = new FileId("fedcba9876543210".repeat(4));
  static final long MIB = 1024 * 1024;

  @TempDir static Path dir;

  final FakeNode node = new FakeNode();
  MainViewModel vm;

  @Start
  void start(Stage stage) {
    vm = AppWindow.show(stage, node, AppSettings.load(Map.of("p2p.download-dir", dir.toString())),
        dir.resolve("gui.conf"), () -> {});
  }

  @Test
  void selectingADownloadDrawsItsPieceMapAndPlotsItsSpeed(FxRobot robot) {
    List<PeerStat> peers = List.of(new PeerStat("10.0.0.2:6000", 30 * MIB, 120, 4, 0, false));
    node.push(new Located(FakeNode.PEER_ID, ID, "album.zip", 100 * MIB, 400, 1, 0));
    // Chunks 0-199 came from one peer, 200-299 from another: two colours, at their places.
    for (int i = 0; i < 300; i++) {
      node.push(new ChunkVerified(FakeNode.PEER_ID, ID, i, i < 200 ? "10.0.0.2:6000" : "10.0.0.3:6000"));
    }
    node.push(new Progress(FakeNode.PEER_ID, ID, 50 * MIB, 100 * MIB, 200, 400, 3.0 * MIB, peers));
    // The last chunk failed once: its mark is at the strip's right end.
    node.push(new ChunkRetried(FakeNode.PEER_ID, ID, 399, "10.0.0.3:6000", "timed out"));
    WaitForAsyncUtils.waitForFxEvents();

    robot.clickOn("album.zip");
    WaitForAsyncUtils.waitForFxEvents();

    assertEquals("200 of 400 chunks verified, 4 in flight, 1 retried on another peer; from 10.0.0.2:6000 (120).",
        robot.lookup("#pieceSummary").queryAs(Label.class).getText());
    Canvas canvas = robot.lookup("#pieceMap").queryAs(Canvas.class);
    assertTrue(canvas.getWidth() > 10, "canvas width " + canvas.getWidth());
    AtomicReference<PixelReader> pixels = new AtomicReference<>();
    robot.interact(() -> pixels.set(canvas.snapshot(null, null).getPixelReader()));
    int w = (int) canvas.getWidth();
    Color fromA = pixels.get().getColor(1, 2);
    Color fromB = pixels.get().getColor((int) (w * 0.6), 2);
    assertColour("#7b3fb5", fromA, "chunk 0, from the first peer");
    assertColour("#138d75", fromB, "chunk 240, from the second peer");
    assertTrue(!fromA.equals(fromB), "the two peers' chunks differ: " + fromA + " " + fromB);
    assertEquals(List.of("10.0.0.2:6000", "10.0.0.3:6000"), robot.lookup("#pieceLegend").queryAs(HBox.class)
        .getChildren().stream().map(n -> ((Label) n).getText()).toList());
    assertColour("#d0d0d0", pixels.get().getColor(w - 2, 2), "missing at the right");
    assertColour("#e8871e", pixels.get().getColor(w - 1, 16), "retried chunk 399 at the right");
    assertColour("#f2f2f2", pixels.get().getColor(1, 16), "no retry at the left");

    LineChart<?, ?> chart = robot.lookup("#speedChart").queryAs(LineChart.class);
    XYChart.Series<?, ?> down = chart.getData().get(0);
    assertEquals("download", down.getName());
    assertEquals(1, down.getData().size());
    assertEquals(3.0, ((Number) down.getData().get(0).getYValue()).doubleValue(), 1e-9);
  }

  private static void assertColour(String expected, Color actual, String where) {
    Color e = Color.web(expected);
    assertTrue(Math.abs(e.getRed() - actual.getRed()) < 0.02 && Math.abs(e.getGreen() - actual.getGreen()) < 0.02
        && Math.abs(e.getBlue() - actual.getBlue()) < 0.02, where + ": " + actual);
  }
}
