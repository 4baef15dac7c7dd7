package dev.p2p.gui.main;

import static dev.p2p.gui.UiCalls.call;
import static dev.p2p.gui.UiCalls.onUi;

import dev.p2p.app.NodeFacade;
import dev.p2p.gui.Confirmer;
import dev.p2p.gui.PathOpener;
import dev.p2p.gui.main.TransferRow.Kind;
import dev.p2p.gui.main.TransferRow.Phase;
import dev.p2p.storage.FileId;
import dev.p2p.text.UserText;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * What the user can do with one transfer row: pause, resume or cancel a download, remove a row
 * (a file this node serves stops being shared; an ended download just leaves the table), open a
 * finished file or its folder, retry a failed share or download (the same again, in the same row). Which action a row offers follows from its phase ({@link
 * #canPause} and the like, also as properties for the selected row, which the buttons bind).
 *
 * <p>A row's state changes when the node's call completes, not on the events that may follow
 * (the node may or may not send any); while a call is under way the row is busy and offers no
 * action. Cancel asks the {@link Confirmer} first, since it deletes the {@code .part}: declined,
 * nothing is asked of the node. Failures are told to {@code error} in one line; the row stays.
 * Call on the UI thread; completions hop to {@code uiExecutor}.
 */
public final class TransferActionsViewModel {
  private final NodeFacade node;
  private final TransferTable table;
  private final Consumer<String> log;
  private final Consumer<String> error;
  private final Executor uiExecutor;
  private final Confirmer confirmer;
  private final PathOpener opener;
  private final ObjectProperty<TransferRow> selected;
  private final BooleanProperty pauseSelected = new SimpleBooleanProperty(this, "pauseSelected");
  private final BooleanProperty resumeSelected = new SimpleBooleanProperty(this, "resumeSelected");
  private final BooleanProperty cancelSelected = new SimpleBooleanProperty(this, "cancelSelected");
  private final BooleanProperty removeSelected = new SimpleBooleanProperty(this, "removeSelected");
  private final BooleanProperty openSelected = new SimpleBooleanProperty(this, "openSelected");
  private final BooleanProperty retrySelected = new SimpleBooleanProperty(this, "retrySelected");
  private final InvalidationListener refresh = o -> refreshSelected();

  /**
   * @param log the status log
   * @param error where a failure goes (the window logs it and shows it in its banner)
   * @param selected the table's selected row, which the {@code can...SelectedProperty}s follow
   */
  public TransferActionsViewModel(NodeFacade node, TransferTable table, Consumer<String> log,
      Consumer<String> error, Executor uiExecutor, Confirmer confirmer, PathOpener opener,
      ObjectProperty<TransferRow> selected) {
    this.node = node;
    this.table = table;
    this.log = log;
    this.error = error;
    this.uiExecutor = uiExecutor;
    this.confirmer = confirmer;
    this.opener = opener;
    this.selected = selected;
    selected.addListener((obs, old, now) -> {
      if (old != null) watched(old).forEach(p -> p.removeListener(refresh));
      if (now != null) watched(now).forEach(p -> p.addListener(refresh));
      refreshSelected();
    });
  }

  // ---------------------------------------------------------------- which row offers what

  /** A download still looking for peers or fetching chunks. */
  public static boolean canPause(TransferRow row) {
    return isDownload(row) && (row.getPhase() == Phase.LOCATING || row.getPhase() == Phase.DOWNLOADING);
  }

  public static boolean canResume(TransferRow row) {
    return isDownload(row) && row.getPhase() == Phase.PAUSED;
  }

  /** A download that has not ended (verifying is nearly done: let it end). */
  public static boolean canCancel(TransferRow row) {
    return canPause(row) || canResume(row);
  }

  /** A file this node serves (stop sharing it), or a download that failed or was cancelled. */
  public static boolean canRemove(TransferRow row) {
    return serves(row) || ended(row);
  }

  /** A shared file or a finished download, whose file is on disk. */
  public static boolean canOpen(TransferRow row) {
    return serves(row) && row.file().isPresent();
  }

  /** A failed share or download the window started: the same file, folder and key again. */
  public static boolean canRetry(TransferRow row) {
    return row.getPhase() == Phase.FAILED && row.retry() != null;
  }

  public ReadOnlyBooleanProperty canRetrySelectedProperty() {
    return retrySelected;
  }

  public ReadOnlyBooleanProperty canPauseSelectedProperty() {
    return pauseSelected;
  }

  public ReadOnlyBooleanProperty canResumeSelectedProperty() {
    return resumeSelected;
  }

  public ReadOnlyBooleanProperty canCancelSelectedProperty() {
    return cancelSelected;
  }

  public ReadOnlyBooleanProperty canRemoveSelectedProperty() {
    return removeSelected;
  }

  public ReadOnlyBooleanProperty canOpenSelectedProperty() {
    return openSelected;
  }

  // ---------------------------------------------------------------- actions

  public void pause(TransferRow row) {
    if (!offers(row, TransferActionsViewModel::canPause)) return;
    ask(row, node::pause, "pause", () -> table.paused(row), () -> {});
  }

  public void resume(TransferRow row) {
    if (!offers(row, TransferActionsViewModel::canResume)) return;
    ask(row, node::resume, "resume", () -> table.resumed(row), () -> {});
  }

  /** Asks first; only a confirmed cancel reaches the node, which deletes the {@code .part}. */
  public void cancel(TransferRow row) {
    if (!offers(row, TransferActionsViewModel::canCancel)) return;
    String name = row.nameProperty().get();
    String done = row.progressProperty().get() > 0 ? " (" + row.progressTextProperty().get() + " downloaded)" : "";
    if (!confirmer.confirm("Cancel the download of " + name + "?",
        "Its .part file" + done + " will be deleted; downloading it again starts from the beginning.")) {
      return;
    }
    row.setCancelRequested(true);
    ask(row, node::cancel, "cancel", () -> table.cancelled(row), () -> row.setCancelRequested(false));
  }

  /** Stops sharing a served file (a private one is revoked too), or drops an ended download's row. */
  public void remove(TransferRow row) {
    if (!offers(row, TransferActionsViewModel::canRemove)) return;
    if (ended(row)) {
      table.remove(row);
      return;
    }
    String name = row.nameProperty().get();
    ask(row, node::unshare, "remove", () -> {
      table.remove(row);
      log.accept("Stopped sharing " + name + (row.isPrivate()
          ? "; if this node shared it first, its link is revoked: nobody new can download it" : ""));
    }, () -> {});
  }

  /** Starts the failed row's share or download again, in the same row. */
  public void retry(TransferRow row) {
    if (!offers(row, TransferActionsViewModel::canRetry)) return;
    row.retry().run();
    refreshSelected();
  }

  /** Opens the row's file with the desktop's application for it. */
  public void openFile(TransferRow row) {
    open(row, Function.identity(), "open");
  }

  /** Opens the folder the row's file is in. */
  public void openFolder(TransferRow row) {
    open(row, Path::getParent, "open the folder of");
  }

  // ---------------------------------------------------------------- helpers

  private void open(TransferRow row, Function<Path, Path> which, String verb) {
    Optional<Path> file = offers(row, TransferActionsViewModel::canOpen) ? row.file() : Optional.empty();
    if (file.isEmpty()) return;
    try {
      opener.open(which.apply(file.get()));
    } catch (RuntimeException e) {
      error.accept("Could not " + verb + " " + row.nameProperty().get() + ": " + UserText.firstLine(e));
    }
  }

  /** Asks the node {@code request} for the row's file; the row is busy until the call completes. */
  private void ask(TransferRow row, Function<FileId, CompletionStage<Void>> request, String verb,
      Runnable done, Runnable failed) {
    String name = row.nameProperty().get();
    FileId id = new FileId(row.getFileId());
    row.setBusy(true);
    refreshSelected();
    onUi(call(() -> request.apply(id)), uiExecutor, (v, failure) -> {
      row.setBusy(false);
      if (failure == null) {
        done.run();
      } else {
        failed.run();
        error.accept("Could not " + verb + " " + name + ": " + UserText.firstLine(failure));
      }
      refreshSelected();
    });
  }

  private void refreshSelected() {
    TransferRow row = selected.get();
    pauseSelected.set(offers(row, TransferActionsViewModel::canPause));
    resumeSelected.set(offers(row, TransferActionsViewModel::canResume));
    cancelSelected.set(offers(row, TransferActionsViewModel::canCancel));
    removeSelected.set(offers(row, TransferActionsViewModel::canRemove));
    openSelected.set(offers(row, TransferActionsViewModel::canOpen));
    retrySelected.set(offers(row, TransferActionsViewModel::canRetry));
  }

  private static boolean offers(TransferRow row, Predicate<TransferRow> action) {
    return row != null && !row.busyProperty().get() && action.test(row);
  }

  private static List<Observable> watched(TransferRow row) {
    return List.of(row.phaseProperty(), row.busyProperty(), row.fileIdProperty());
  }

  private static boolean isDownload(TransferRow row) {
    return row.kind() == Kind.DOWNLOAD && !row.getFileId().isEmpty();
  }

  private static boolean serves(TransferRow row) {
    Phase p = row.getPhase();
    return !row.getFileId().isEmpty() && p.serving();
  }

  private static boolean ended(TransferRow row) {
    return row.getPhase() == Phase.FAILED || row.getPhase() == Phase.CANCELLED;
  }

}
