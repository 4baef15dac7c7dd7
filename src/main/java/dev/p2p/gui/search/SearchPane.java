package dev.p2p.gui.search;

import dev.p2p.gui.FullIdCell;
import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The Search tab: a search box, a status line and the results table (name, full ID in a
 * selectable field, size, seeders, peers, availability, and a Download button or what to do
 * instead). Binds to {@link SearchViewModel} and forwards; node ids ({@code #searchField},
 * {@code #searchTable}) are for tests and CSS.
 */
public final class SearchPane {
  private final SearchViewModel vm;
  private final VBox root;

  public SearchPane(SearchViewModel vm) {
    this.vm = vm;
    TextField words = new TextField();
    words.setId("searchField");
    words.setPromptText("Part of a file name, e.g. holiday");
    words.textProperty().bindBidirectional(vm.wordsProperty());
    words.setOnAction(e -> vm.search());
    HBox.setHgrow(words, Priority.ALWAYS);
    Button search = new Button("Search");
    search.setId("searchButton");
    search.disableProperty().bind(vm.canSearchProperty().not());
    search.setOnAction(e -> vm.search());
    HBox box = new HBox(8, words, search);
    box.setAlignment(Pos.CENTER_LEFT);

    Label status = new Label();
    status.setId("searchStatus");
    status.textProperty().bind(vm.statusProperty());

    TableView<SearchResultRow> table = resultsTable();
    VBox.setVgrow(table, Priority.ALWAYS);
    root = new VBox(8, box, status, table);
    root.setPadding(new Insets(10));
  }

  public Parent root() {
    return root;
  }

  private TableView<SearchResultRow> resultsTable() {
    TableView<SearchResultRow> table = new TableView<>(vm.results());
    table.setId("searchTable");
    table.setPlaceholder(new Label("Search the tracker for files by name."));
    TableColumn<SearchResultRow, String> id = column("ID", SearchResultRow::id);
    FullIdCell.install(id);
    TableColumn<SearchResultRow, String> availability = column("Availability", SearchResultRow::availability);
    availability.setCellFactory(c -> new AvailabilityCell());
    TableColumn<SearchResultRow, SearchResultRow> action = new TableColumn<>("");
    action.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
    action.setCellFactory(c -> new DownloadCell());
    action.setMinWidth(140);
    TableColumn<SearchResultRow, String> name = column("Name", SearchResultRow::name);
    name.setPrefWidth(170);
    availability.setPrefWidth(85);
    TableColumn<SearchResultRow, String> size = column("Size", SearchResultRow::size);
    size.setPrefWidth(75);
    TableColumn<SearchResultRow, String> seeders = column("Seeders", r -> String.valueOf(r.seeders()));
    seeders.setPrefWidth(65);
    TableColumn<SearchResultRow, String> peers = column("Peers", r -> String.valueOf(r.peers()));
    peers.setPrefWidth(50);
    table.getColumns().setAll(List.of(name, id, size, seeders, peers, availability, action));
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    return table;
  }

  /** "High", "Medium", "None", coloured by a style class of the same name. */
  private static final class AvailabilityCell extends TableCell<SearchResultRow, String> {
    @Override
    protected void updateItem(String text, boolean empty) {
      super.updateItem(text, empty);
      getStyleClass().removeAll("availability-High", "availability-Medium", "availability-None");
      setText(empty ? null : text);
      if (!empty && text != null) getStyleClass().add("availability-" + text);
    }
  }

  /** Download for a full ID; for an original program's 16-hex ID, the command to use instead. */
  private final class DownloadCell extends TableCell<SearchResultRow, SearchResultRow> {
    private final Button download = new Button("Download");
    private final Label instead = new Label();

    DownloadCell() {
      instead.getStyleClass().add("hint");
      download.getStyleClass().add("search-download");
      download.setOnAction(e -> {
        if (getItem() != null) vm.download(getItem());
      });
    }

    @Override
    protected void updateItem(SearchResultRow row, boolean empty) {
      super.updateItem(row, empty);
      if (empty || row == null) {
        setGraphic(null);
        setTooltip(null);
        return;
      }
      if (row.downloadable()) {
        setTooltip(null);
        setGraphic(download);
        return;
      }
      // The window downloads full IDs only; the ID beside the name can be copied for the command.
      instead.setText(row.original() ? "original program's file:\nuse p2p get <ID>" : row.note());
      setTooltip(new Tooltip(row.note()));
      setGraphic(instead);
    }
  }

  private static <T> TableColumn<SearchResultRow, T> column(String title, Function<SearchResultRow, T> value) {
    TableColumn<SearchResultRow, T> c = new TableColumn<>(title);
    c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
    return c;
  }
}
