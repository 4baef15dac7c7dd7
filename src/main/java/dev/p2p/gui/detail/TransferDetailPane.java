package dev.p2p.gui.detail;

import java.util.ArrayList;
import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;

/**
 * The selected transfer's detail: a piece-map strip (a {@link Canvas} drawn in one pass, one
 * column per bin, never a node per chunk) with its legend (a colour per delivering peer, up to
 * {@link PieceMap#MAX_PEER_COLOURS}, then "others"), and beside the per-peer table a line
 * chart of download and upload speed over the last two minutes. Node ids: {@code #pieceMap},
 * {@code #pieceLegend}, {@code #pieceSummary}, {@code #speedChart}.
 */
public final class TransferDetailPane {
  /** Chunks here from a peer past the legend, or marked by the end (resumed, reports lost). */
  static final Color VERIFIED = Color.web("#3a9d3a");
  /** Chunks here from the legend's peers, in the order they first delivered one. */
  static final List<Color> PEER_COLOURS = List.of(Color.web("#7b3fb5"), Color.web("#138d75"),
      Color.web("#c2185b"), Color.web("#8d6e2f"), Color.web("#1f3a93"), Color.web("#6b8e23"),
      Color.web("#b03a2e"), Color.web("#00838f"));
  static final Color IN_FLIGHT = Color.web("#3b7dd8");
  static final Color MISSING = Color.web("#d0d0d0");
  static final Color RETRIED = Color.web("#e8871e");
  static final Color NO_RETRY = Color.web("#f2f2f2");
  /** Strip height in pixels: the chunk lane takes two thirds, the retry lane the rest. */
  static final double STRIP_HEIGHT = 18;
  static final String EXPLAINED = "Top lane, each chunk at its place in the file: coloured by the peer it"
      + " came from (green: other peers, or marked at the end), blue in flight, grey missing. Bottom lane:"
      + " orange chunks that failed on a peer and were asked of another. The counts are the node's.";
  private static final double BYTES_PER_MIB = 1024 * 1024;

  private TransferDetailPane() {}

  /** The detail pane: piece map on top, then {@code peers} beside the speed chart. */
  public static Node around(TransferDetailViewModel vm, Node peers) {
    Canvas canvas = new Canvas(0, STRIP_HEIGHT);
    canvas.setId("pieceMap");
    Pane holder = new Pane(canvas);
    holder.setMinHeight(STRIP_HEIGHT);
    holder.setPrefHeight(STRIP_HEIGHT);
    canvas.widthProperty().bind(holder.widthProperty());
    Tooltip.install(holder, new Tooltip(EXPLAINED));
    canvas.widthProperty().addListener((obs, old, now) -> draw(canvas, vm.pieceMapProperty().get()));
    vm.pieceMapProperty().addListener((obs, old, now) -> draw(canvas, now));

    Label summary = new Label();
    summary.setId("pieceSummary");
    summary.textProperty().bind(vm.summaryProperty());
    summary.setTooltip(new Tooltip(EXPLAINED));
    HBox peerSwatches = new HBox(6);
    peerSwatches.setId("pieceLegend");
    vm.pieceMapProperty().addListener((obs, old, now) -> {
      if (!now.peers().equals(old.peers())) peerSwatches.getChildren().setAll(peerSwatches(now.peers()));
    });
    HBox legend = new HBox(6, peerSwatches, swatch(VERIFIED, "others"), swatch(IN_FLIGHT, "in flight"),
        swatch(MISSING, "missing"), swatch(RETRIED, "retried"), summary);

    SplitPane split = new SplitPane(peers, speedChart(vm));
    split.setDividerPositions(0.5);
    VBox.setVgrow(split, Priority.ALWAYS);
    return new VBox(4, holder, legend, split);
  }

  private static LineChart<Number, Number> speedChart(TransferDetailViewModel vm) {
    NumberAxis x = new NumberAxis("seconds ago", -SpeedHistory.CAPACITY, 0, 30);
    x.setAutoRanging(false);
    NumberAxis y = new NumberAxis();
    y.setLabel("MiB/s");
    y.setForceZeroInRange(true);
    LineChart<Number, Number> chart = new LineChart<>(x, y);
    chart.setId("speedChart");
    chart.setAnimated(false);
    chart.setCreateSymbols(false);
    chart.setMinHeight(120);
    XYChart.Series<Number, Number> down = new XYChart.Series<>();
    down.setName("download");
    XYChart.Series<Number, Number> up = new XYChart.Series<>();
    up.setName("upload");
    chart.getData().setAll(List.of(down, up));
    vm.speeds().addListener((ListChangeListener<SpeedHistory.Sample>) c -> plot(vm.speeds(), down, up));
    return chart;
  }

  private static void plot(List<SpeedHistory.Sample> samples, XYChart.Series<Number, Number> down,
      XYChart.Series<Number, Number> up) {
    long newest = samples.isEmpty() ? 0 : samples.get(samples.size() - 1).second();
    List<XYChart.Data<Number, Number>> d = samples.stream()
        .map(s -> new XYChart.Data<Number, Number>(s.second() - newest, s.downBytesPerSecond() / BYTES_PER_MIB)).toList();
    List<XYChart.Data<Number, Number>> u = samples.stream()
        .map(s -> new XYChart.Data<Number, Number>(s.second() - newest, s.upBytesPerSecond() / BYTES_PER_MIB)).toList();
    down.getData().setAll(d);
    up.getData().setAll(u);
  }

  /** Draws both lanes, a run of equal bins as one rectangle. */
  static void draw(Canvas canvas, PieceMap map) {
    GraphicsContext g = canvas.getGraphicsContext2D();
    double width = canvas.getWidth();
    double chunkHeight = Math.round(STRIP_HEIGHT * 2 / 3);
    g.clearRect(0, 0, width, STRIP_HEIGHT);
    int bins = map.binCount((int) width);
    if (bins == 0) return;
    double binWidth = width / bins;
    int[] counts = map.lane(bins);
    boolean[] retried = map.retryLane(bins);
    int runStart = 0;
    for (int b = 1; b <= bins; b++) {
      if (b == bins || counts[b] != counts[runStart]) {
        g.setFill(colour(counts[runStart]));
        g.fillRect(runStart * binWidth, 0, (b - runStart) * binWidth, chunkHeight);
        runStart = b;
      }
    }
    g.setFill(NO_RETRY);
    g.fillRect(0, chunkHeight, width, STRIP_HEIGHT - chunkHeight);
    g.setFill(RETRIED);
    // At least a pixel wide: one retried chunk of thousands must still be seen.
    for (int b = 0; b < bins; b++) {
      if (retried[b]) g.fillRect(b * binWidth, chunkHeight, Math.max(1, binWidth), STRIP_HEIGHT - chunkHeight);
    }
  }

  /** The colour of a {@link PieceMap} chunk code. */
  static Color colour(int code) {
    if (code == PieceMap.MISSING) return MISSING;
    if (code == PieceMap.IN_FLIGHT) return IN_FLIGHT;
    int peer = code - PieceMap.HERE_PEER;
    return peer >= 0 && peer < PEER_COLOURS.size() ? PEER_COLOURS.get(peer) : VERIFIED;
  }

  private static List<Label> peerSwatches(List<String> peers) {
    List<Label> out = new ArrayList<>();
    for (int k = 0; k < peers.size(); k++) out.add(swatch(colour(PieceMap.HERE_PEER + k), peers.get(k)));
    return out;
  }

  private static Label swatch(Color colour, String text) {
    Region box = new Region();
    box.setMinSize(10, 10);
    box.setStyle("-fx-background-color: " + toWeb(colour) + ";");
    Label label = new Label(text, box);
    label.getStyleClass().add("hint");
    return label;
  }

  private static String toWeb(Color c) {
    return String.format("#%02x%02x%02x", Math.round(c.getRed() * 255), Math.round(c.getGreen() * 255),
        Math.round(c.getBlue() * 255));
  }
}
