package dev.p2p.gui.main;

import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import dev.p2p.gui.detail.TransferDetailPane;
import dev.p2p.gui.main.TransferRow.Phase;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.control.cell.ProgressBarTableCell;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javafx.util.Duration;

/**
 * The main window's content: share bar, download bar, error banner, transfers table, per-peer
 * table of the selected transfer and the status log. Binds to {@link MainViewModel} and forwards
 * actions; holds no state of its own. Node ids (e.g. {@code #idField}) are for tests and CSS.
 */
public final class MainView {
  private final MainViewModel vm;
  private final Runnable openSettings;
  private final BorderPane root = new BorderPane();
  private final TabPane tabs = new TabPane();

  public MainView(MainViewModel vm, Runnable openSettings) {
    this.vm = vm;
    this.openSettings = openSettings;
    VBox top = new VBox(8, shareBar(), downloadBar(), errorBanner(), trackerLine());
    top.setPadding(new Insets(10, 10, 6, 10));
    root.setTop(top);

    SplitPane bottom = new SplitPane(TransferDetailPane.around(vm.details(), peersTable()), logView());
    bottom.setDividerPositions(0.5);
    SplitPane center = new SplitPane(transfersPane(), bottom);
    center.setOrientation(Orientation.VERTICAL);
    center.setDividerPositions(0.55);
    Tab transfers = new Tab("Transfers", center);
    transfers.setId("transfersTab");
    tabs.getTabs().add(transfers);
    tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    BorderPane.setMargin(tabs, new Insets(0, 10, 6, 10));
    root.setCenter(tabs);
    installDropTarget();
  }

  public Parent root() {
    return root;
  }

  /** Adds a tab after Transfers (e.g. Search, History); {@code id} is the tab's, for tests. */
  public void addTab(String title, String id, Node content) {
    Tab tab = new Tab(title, content);
    tab.setId(id);
    tabs.getTabs().add(tab);
  }

  /** Shows {@code line} along the bottom of the window (e.g. the totals). */
  public void setStatusLine(Node line) {
    BorderPane.setMargin(line, new Insets(0, 10, 6, 10));
    root.setBottom(line);
  }

  private Window window() {
    return root.getScene() == null ? null : root.getScene().getWindow();
  }

  private HBox shareBar() {
    Button share = new Button("Share file…");
    share.setId("shareButton");
    share.setOnAction(e -> {
      FileChooser chooser = new FileChooser();
      chooser.setTitle("Share files");
      List<File> files = chooser.showOpenMultipleDialog(window());
      if (files != null) vm.share(files.stream().map(File::toPath).toList());
    });
    CheckBox privately = new CheckBox("Private");
    privately.setId("privateBox");
    privately.setTooltip(new Tooltip("Only whoever gets the share's link can download it"));
    privately.selectedProperty().bindBidirectional(vm.privateShareProperty());
    ChoiceBox<MainViewModel.Expiry> expiry = new ChoiceBox<>(
        FXCollections.observableArrayList(MainViewModel.Expiry.values()));
    expiry.setId("expiryChoice");
    expiry.valueProperty().bindBidirectional(vm.expiryProperty());
    expiry.disableProperty().bind(vm.privateShareProperty().not());
    Label hint = new Label("or drop files onto this window");
    hint.getStyleClass().add("hint");
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    Button settings = new Button("Settings…");
    settings.setId("settingsButton");
    settings.setOnAction(e -> openSettings.run());
    HBox bar = new HBox(8, share, privately, expiry, hint, spacer, settings);
    bar.setAlignment(Pos.CENTER_LEFT);
    return bar;
  }

  private VBox downloadBar() {
    TextField id = new TextField();
    id.setId("idField");
    id.setPromptText("Paste a file ID (64 hex characters) or a p2p:// link");
    id.textProperty().bindBidirectional(vm.idTextProperty());
    HBox.setHgrow(id, Priority.ALWAYS);

    TextField dest = new TextField();
    dest.setId("destinationField");
    dest.setPrefColumnCount(22);
    dest.textProperty().bindBidirectional(vm.destinationProperty());
    Button choose = new Button("Choose…");
    choose.setId("chooseButton");
    choose.setOnAction(e -> {
      DirectoryChooser chooser = new DirectoryChooser();
      chooser.setTitle("Download into");
      File current = new File(vm.destinationProperty().get());
      if (current.isDirectory()) chooser.setInitialDirectory(current);
      File dir = chooser.showDialog(window());
      if (dir != null) vm.destinationProperty().set(dir.getAbsolutePath());
    });

    Button download = new Button("Download");
    download.setId("downloadButton");
    download.setDefaultButton(true);
    download.disableProperty().bind(vm.canDownloadProperty().not());
    download.setOnAction(e -> vm.download());

    HBox row = new HBox(8, id, new Label("into"), dest, choose, download);
    row.setAlignment(Pos.CENTER_LEFT);

    Label problem = new Label();
    problem.setId("idProblem");
    problem.getStyleClass().add("hint");
    problem.textProperty().bind(vm.downloadProblemProperty());
    return new VBox(4, row, problem);
  }

  private HBox errorBanner() {
    Label message = new Label();
    message.setId("errorLabel");
    message.setWrapText(true);
    message.textProperty().bind(vm.errorProperty());
    HBox.setHgrow(message, Priority.ALWAYS);
    message.setMaxWidth(Double.MAX_VALUE);
    Button dismiss = new Button("Dismiss");
    dismiss.setOnAction(e -> vm.dismissError());
    HBox banner = new HBox(8, message, dismiss);
    banner.setAlignment(Pos.CENTER_LEFT);
    banner.setId("errorBanner");
    banner.getStyleClass().add("error-banner");
    banner.visibleProperty().bind(vm.errorProperty().isNotEmpty());
    banner.managedProperty().bind(banner.visibleProperty());
    return banner;
  }

  /** The transfers table under the buttons acting on its selected row. */
  private VBox transfersPane() {
    TableView<TransferRow> table = transfersTable();
    TransferActionsBar actions = new TransferActionsBar(vm.actions());
    actions.installContextMenu(table);
    VBox.setVgrow(table, Priority.ALWAYS);
    VBox pane = new VBox(6, actions.buttons(table), table);
    pane.setPadding(new Insets(6, 0, 0, 0));
    return pane;
  }

  private TableView<TransferRow> transfersTable() {
    TableView<TransferRow> table = new TableView<>(vm.transfers());
    table.setId("transfersTable");
    table.setPlaceholder(new Label("No transfers yet: share a file or paste an ID to download."));
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);

    TableColumn<TransferRow, String> kind = column("", r -> new ReadOnlyObjectWrapper<>(r.kind().toString()));
    kind.setPrefWidth(70);
    TableColumn<TransferRow, String> name = column("Name", TransferRow::nameProperty);
    name.setPrefWidth(180);
    TableColumn<TransferRow, String> size = column("Size", TransferRow::sizeTextProperty);
    size.setPrefWidth(80);
    TableColumn<TransferRow, Double> progress = new TableColumn<>("Progress");
    progress.setCellValueFactory(c -> c.getValue().progressProperty().asObject());
    progress.setCellFactory(ProgressBarTableCell.forTableColumn());
    progress.setPrefWidth(120);
    TableColumn<TransferRow, String> speed = column("Speed", TransferRow::speedTextProperty);
    speed.setPrefWidth(90);
    TableColumn<TransferRow, String> peers = column("Peers",
        r -> r.peersProperty().asString());
    peers.setPrefWidth(50);
    TableColumn<TransferRow, String> eta = column("ETA", TransferRow::etaProperty);
    eta.setPrefWidth(70);
    TableColumn<TransferRow, String> state = column("State", TransferRow::stateProperty);
    state.setCellFactory(c -> new StateCell());
    state.setPrefWidth(200);
    TableColumn<TransferRow, TransferRow> id = new TableColumn<>("ID");
    id.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
    id.setCellFactory(c -> new IdCell());
    id.setPrefWidth(150);
    table.getColumns().setAll(List.of(kind, name, size, progress, speed, peers, eta, state, id));

    vm.selectedProperty().bind(table.getSelectionModel().selectedItemProperty());
    return table;
  }

  private static final PseudoClass FAILED = PseudoClass.getPseudoClass("failed");
  private static final PseudoClass CONNECTED = PseudoClass.getPseudoClass("connected");
  private static final PseudoClass UNREACHABLE = PseudoClass.getPseudoClass("unreachable");

  /** The state text, red when the transfer failed (the text says why). */
  private static final class StateCell extends TableCell<TransferRow, String> {
    @Override
    protected void updateItem(String text, boolean empty) {
      super.updateItem(text, empty);
      setText(empty ? null : text);
      TransferRow row = getTableRow() == null ? null : getTableRow().getItem();
      pseudoClassStateChanged(FAILED, !empty && row != null && row.getPhase() == Phase.FAILED);
    }
  }

  /**
   * Short ID with a "Copy ID" button ("Copy link" for a private share); empty while the file is
   * still being hashed. (Remove is with the other actions, above the table and in the row menu.)
   */
  private final class IdCell extends TableCell<TransferRow, TransferRow> {
    private final Label text = new Label();
    private final Button copy = new Button("Copy ID");
    private final HBox box = new HBox(6, text, copy);

    IdCell() {
      box.setAlignment(Pos.CENTER_LEFT);
      copy.getStyleClass().add("copy-id");
      copy.setOnAction(e -> {
        if (getItem() != null) vm.copyLink(getItem());
      });
    }

    @Override
    protected void updateItem(TransferRow row, boolean empty) {
      super.updateItem(row, empty);
      text.textProperty().unbind();
      copy.visibleProperty().unbind();
      copy.textProperty().unbind();
      if (empty || row == null) {
        setGraphic(null);
        setTooltip(null);
        return;
      }
      text.textProperty().bind(row.fileIdProperty().map(h -> h.length() > 8 ? h.substring(0, 8) + "…" : h));
      copy.visibleProperty().bind(row.fileIdProperty().isNotEmpty());
      copy.textProperty().bind(row.linkProperty().map(l -> l.isEmpty() ? "Copy ID" : "Copy link"));
      Tooltip tip = new Tooltip();
      tip.textProperty().bind(row.fileIdProperty());
      setTooltip(tip);
      setGraphic(box);
    }
  }

  private TableView<PeerRow> peersTable() {
    TableView<PeerRow> table = new TableView<>(vm.selectedPeers());
    table.setId("peersTable");
    table.setPlaceholder(new Label("Select a download to see its peers."));
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    table.getColumns().setAll(List.of(
        peerColumn("Peer", PeerRow::address),
        peerColumn("Received", PeerRow::received),
        peerColumn("Chunks", p -> String.valueOf(p.chunks())),
        peerColumn("In flight", p -> String.valueOf(p.inFlight())),
        peerColumn("Failures", PeerRow::failures)));
    return table;
  }

  /**
   * Which tracker (node) is in use and whether it answers, coloured by that; its retry countdown
   * is refreshed every second.
   */
  private Label trackerLine() {
    Label tracker = new Label();
    tracker.setId("trackerLabel");
    tracker.getStyleClass().add("tracker-line");
    tracker.textProperty().bind(vm.trackerProperty());
    TrackerStatusViewModel status = vm.trackerStatus();
    status.stateProperty().subscribe(state -> {
      tracker.pseudoClassStateChanged(CONNECTED, state == TrackerStatusViewModel.State.CONNECTED);
      tracker.pseudoClassStateChanged(UNREACHABLE, state == TrackerStatusViewModel.State.UNREACHABLE);
    });
    Timeline countdown = new Timeline(new KeyFrame(Duration.seconds(1), e -> status.refresh()));
    countdown.setCycleCount(Animation.INDEFINITE);
    countdown.play();
    tracker.visibleProperty().bind(vm.trackerProperty().isNotEmpty());
    tracker.managedProperty().bind(tracker.visibleProperty());
    return tracker;
  }

  private ListView<LogLine> logView() {
    ListView<LogLine> list = new ListView<>(vm.log());
    list.setId("statusLog");
    list.setPlaceholder(new Label("Status messages appear here."));
    // Follow the newest line.
    vm.log().addListener((ListChangeListener<LogLine>) c -> {
      if (!vm.log().isEmpty()) list.scrollTo(vm.log().size() - 1);
    });
    return list;
  }

  private void installDropTarget() {
    root.setOnDragOver(e -> {
      if (e.getDragboard().hasFiles() || e.getDragboard().hasString()) e.acceptTransferModes(TransferMode.COPY);
      e.consume();
    });
    // Files are shared; text (a link or an ID dragged from a chat) goes into the download field.
    root.setOnDragDropped(e -> {
      boolean ok = e.getDragboard().hasFiles() || e.getDragboard().hasString();
      if (e.getDragboard().hasFiles()) {
        List<Path> files = e.getDragboard().getFiles().stream()
            .filter(File::isFile).map(File::toPath).toList();
        vm.share(files);
      } else if (ok) {
        vm.idTextProperty().set(e.getDragboard().getString().strip());
      }
      e.setDropCompleted(ok);
      e.consume();
    });
  }

  private static <T> TableColumn<TransferRow, T> column(String title,
      Function<TransferRow, ObservableValue<T>> value) {
    TableColumn<TransferRow, T> c = new TableColumn<>(title);
    c.setCellValueFactory(cell -> value.apply(cell.getValue()));
    return c;
  }

  private static TableColumn<PeerRow, String> peerColumn(String title, Function<PeerRow, String> value) {
    TableColumn<PeerRow, String> c = new TableColumn<>(title);
    c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
    return c;
  }
}
