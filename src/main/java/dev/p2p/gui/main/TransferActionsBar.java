package dev.p2p.gui.main;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;

/**
 * The transfers table's actions: buttons for the selected row ({@code #retryButton},
 * {@code #pauseButton}, {@code #resumeButton}, {@code #cancelButton}, {@code #removeButton}, {@code #openFileButton},
 * {@code #openFolderButton}), each enabled when the row offers it, and the same actions as a
 * context menu on every row. Forwards to {@link TransferActionsViewModel}.
 */
final class TransferActionsBar {
  /** One action: ids, label, whether a row offers it, whether the selected row does, what it does. */
  private record Action(String id, String label, Predicate<TransferRow> offered,
      ObservableBooleanValue selectedOffers, Consumer<TransferRow> run) {}

  private final List<Action> actions;

  TransferActionsBar(TransferActionsViewModel vm) {
    actions = List.of(
        new Action("retry", "Retry", TransferActionsViewModel::canRetry, vm.canRetrySelectedProperty(), vm::retry),
        new Action("pause", "Pause", TransferActionsViewModel::canPause, vm.canPauseSelectedProperty(), vm::pause),
        new Action("resume", "Resume", TransferActionsViewModel::canResume, vm.canResumeSelectedProperty(),
            vm::resume),
        new Action("cancel", "Cancel…", TransferActionsViewModel::canCancel, vm.canCancelSelectedProperty(),
            vm::cancel),
        new Action("remove", "Remove", TransferActionsViewModel::canRemove, vm.canRemoveSelectedProperty(),
            vm::remove),
        new Action("openFile", "Open file", TransferActionsViewModel::canOpen, vm.canOpenSelectedProperty(),
            vm::openFile),
        new Action("openFolder", "Open folder", TransferActionsViewModel::canOpen, vm.canOpenSelectedProperty(),
            vm::openFolder));
  }

  /** The buttons, acting on {@code table}'s selected row. */
  HBox buttons(TableView<TransferRow> table) {
    HBox bar = new HBox(6);
    for (Action a : actions) {
      Button b = new Button(a.label());
      b.setId(a.id() + "Button");
      b.disableProperty().bind(Bindings.not(a.selectedOffers()));
      b.setOnAction(e -> {
        TransferRow row = table.getSelectionModel().getSelectedItem();
        if (row != null) a.run().accept(row);
      });
      bar.getChildren().add(b);
    }
    bar.setAlignment(Pos.CENTER_LEFT);
    return bar;
  }

  /** Gives every row of {@code table} a context menu with the actions its row offers when opened. */
  void installContextMenu(TableView<TransferRow> table) {
    table.setRowFactory(t -> {
      TableRow<TransferRow> row = new TableRow<>();
      ContextMenu menu = new ContextMenu();
      Map<MenuItem, Action> items = new LinkedHashMap<>();
      for (Action a : actions) {
        if (a.id().equals("openFile")) menu.getItems().add(new SeparatorMenuItem());
        MenuItem item = new MenuItem(a.label());
        item.setId(a.id() + "Item");
        item.setOnAction(e -> {
          if (row.getItem() != null) a.run().accept(row.getItem());
        });
        items.put(item, a);
        menu.getItems().add(item);
      }
      // What a row offers changes with its phase: decide when the menu opens.
      menu.setOnShowing(e -> items.forEach((item, a) -> item.setDisable(row.getItem() == null
          || row.getItem().busyProperty().get() || !a.offered().test(row.getItem()))));
      row.contextMenuProperty().bind(row.emptyProperty().map(empty -> empty ? null : menu));
      return row;
    });
  }
}
