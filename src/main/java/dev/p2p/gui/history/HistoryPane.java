package dev.p2p.gui.history;

import dev.p2p.gui.FullIdCell;
import java.util.List;
import java.util.function.Function;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * The History tab (filter box, status line, table of ended downloads, Refresh) and the totals
 * label, bound to {@link HistoryViewModel} and {@link TotalsViewModel}. Node ids ({@code
 * #historyFilter}, {@code #historyTable}, {@code #totalsLabel}) are for tests and CSS.
 */
public final class HistoryPane {
  /**
   * How often the totals line is read again: often enough to see a transfer move them, rarely
   * enough to cost the node nothing (one read of two counters).
   */
  static final Duration TOTALS_REFRESH = Duration.seconds(2);

  private final VBox root;

  public HistoryPane(HistoryViewModel vm) {
    TextField filter = new TextField();
    filter.setId("historyFilter");
    filter.setPromptText("Filter by name, ID or result");
    filter.textProperty().bindBidirectional(vm.filterProperty());
    HBox.setHgrow(filter, Priority.ALWAYS);
    Button refresh = new Button("Refresh");
    refresh.setId("historyRefresh");
    refresh.setOnAction(e -> vm.refresh());
    HBox bar = new HBox(8, filter, refresh);
    bar.setAlignment(Pos.CENTER_LEFT);

    Label status = new Label();
    status.setId("historyStatus");
    status.textProperty().bind(vm.statusProperty());

    TableView<HistoryRow> table = new TableView<>(vm.rows());
    table.setId("historyTable");
    table.setPlaceholder(new Label("Finished and failed downloads appear here."));
    TableColumn<HistoryRow, String> id = column("ID", HistoryRow::id);
    FullIdCell.install(id);
    List<TableColumn<HistoryRow, String>> columns = List.of(column("Name", HistoryRow::name), id,
        column("Size", HistoryRow::size), column("When", HistoryRow::when), column("Result", HistoryRow::result),
        column("Avg speed", HistoryRow::speed), column("Peers", r -> String.valueOf(r.peers())));
    double[] widths = {160, id.getPrefWidth(), 75, 125, 160, 85, 50};
    for (int i = 0; i < widths.length; i++) columns.get(i).setPrefWidth(widths[i]);
    table.getColumns().setAll(columns);
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    VBox.setVgrow(table, Priority.ALWAYS);
    root = new VBox(8, bar, status, table);
    root.setPadding(new Insets(10));
  }

  public Parent root() {
    return root;
  }

  /** The totals line, read now and every {@link #TOTALS_REFRESH} while the window is open. */
  public static Label totalsLabel(TotalsViewModel vm) {
    Label label = new Label();
    label.setId("totalsLabel");
    label.textProperty().bind(vm.textProperty());
    Timeline every = new Timeline(new KeyFrame(TOTALS_REFRESH, e -> vm.refresh()));
    every.setCycleCount(Timeline.INDEFINITE);
    // Runs only while the label is in a window on screen; stops with it.
    label.sceneProperty().addListener((obs, old, scene) -> {
      if (scene == null) every.stop();
      else every.play();
    });
    vm.refresh();
    return label;
  }

  private static <T> TableColumn<HistoryRow, T> column(String title, Function<HistoryRow, T> value) {
    TableColumn<HistoryRow, T> c = new TableColumn<>(title);
    c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
    return c;
  }
}
