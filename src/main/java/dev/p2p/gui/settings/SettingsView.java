package dev.p2p.gui.settings;

import java.io.File;
import javafx.beans.property.StringProperty;
import javafx.event.ActionEvent;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar.ButtonData;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;

/** The Settings dialog: fields bound to {@link SettingsViewModel}; "Save" stays disabled while invalid. */
public final class SettingsView {
  private SettingsView() {}

  /** Shows the dialog and waits; returns whether the settings were saved. */
  public static boolean showAndWait(Window owner, SettingsViewModel vm) {
    Dialog<ButtonType> dialog = new Dialog<>();
    dialog.initOwner(owner);
    dialog.setTitle("Settings");
    dialog.setHeaderText("Saved to " + vm.settingsFile() + ".\n" + SettingsViewModel.WHEN_APPLIED);

    TextField tracker = new TextField();
    tracker.setId("trackerField");
    tracker.setPromptText("host:port, e.g. 127.0.0.1:5000");
    tracker.textProperty().bindBidirectional(vm.trackerProperty());
    TextField peerPort = new TextField();
    peerPort.setId("peerPortField");
    peerPort.setPromptText("0 picks a free port");
    peerPort.textProperty().bindBidirectional(vm.peerPortProperty());
    TextField dir = new TextField();
    dir.setId("downloadDirField");
    dir.textProperty().bindBidirectional(vm.downloadDirProperty());
    HBox.setHgrow(dir, Priority.ALWAYS);
    Button choose = new Button("Choose…");
    choose.setOnAction(e -> {
      DirectoryChooser chooser = new DirectoryChooser();
      File current = new File(vm.downloadDirProperty().get());
      if (current.isDirectory()) chooser.setInitialDirectory(current);
      File picked = chooser.showDialog(dialog.getDialogPane().getScene().getWindow());
      if (picked != null) vm.downloadDirProperty().set(picked.getAbsolutePath());
    });

    TextField up = limitField("uploadLimitSetting", vm.uploadLimitProperty());
    TextField down = limitField("downloadLimitSetting", vm.downloadLimitProperty());
    CheckBox notify = new CheckBox("Desktop notice when a download completes or fails");
    notify.setId("notificationsSetting");
    notify.selectedProperty().bindBidirectional(vm.notificationsProperty());

    Label problem = new Label();
    problem.getStyleClass().add("error-text");
    problem.textProperty().bind(vm.problemProperty());
    Label status = new Label();
    status.setWrapText(true);
    status.textProperty().bind(vm.statusProperty());

    GridPane grid = new GridPane();
    grid.setHgap(8);
    grid.setVgap(8);
    grid.addRow(0, new Label("Tracker (host:port)"), tracker);
    grid.addRow(1, new Label("Peer port"), peerPort);
    grid.addRow(2, new Label("Download folder"), new HBox(6, dir, choose));
    grid.addRow(3, new Label("Speed limits"), new HBox(6, new Label("↑"), up, new Label("↓"), down));
    grid.add(notify, 1, 4);
    grid.add(problem, 0, 5, 2, 1);
    grid.add(status, 0, 6, 2, 1);
    GridPane.setHgrow(tracker, Priority.ALWAYS);
    // The labels keep their whole text; the fields take what is left.
    ColumnConstraints labels = new ColumnConstraints();
    labels.setMinWidth(Region.USE_PREF_SIZE);
    grid.getColumnConstraints().add(labels);
    dialog.getDialogPane().setContent(grid);
    dialog.getDialogPane().setPrefWidth(600);
    dialog.getDialogPane().getStylesheets().add(
        SettingsView.class.getResource("/dev/p2p/gui/app.css").toExternalForm());

    ButtonType save = new ButtonType("Save", ButtonData.OK_DONE);
    dialog.getDialogPane().getButtonTypes().setAll(save, ButtonType.CANCEL);
    Button saveButton = (Button) dialog.getDialogPane().lookupButton(save);
    saveButton.disableProperty().bind(vm.validProperty().not());
    // Keep the dialog open when saving fails; the status line says why.
    saveButton.addEventFilter(ActionEvent.ACTION, e -> {
      if (!vm.save()) e.consume();
    });
    return dialog.showAndWait().filter(b -> b == save).isPresent();
  }

  private static TextField limitField(String id, StringProperty text) {
    TextField f = new TextField();
    f.setId(id);
    f.setPrefColumnCount(8);
    f.setPromptText(RateText.UNLIMITED + ", 500K, 2M");
    f.textProperty().bindBidirectional(text);
    return f;
  }
}
