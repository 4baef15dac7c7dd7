package dev.p2p.gui.main;

import static dev.p2p.gui.UiCalls.call;
import static dev.p2p.gui.UiCalls.onUi;

import dev.p2p.app.NodeFacade;
import dev.p2p.app.ShareOptions;
import dev.p2p.gui.ClipboardSink;
import dev.p2p.gui.Confirmer;
import dev.p2p.gui.PathOpener;
import dev.p2p.gui.detail.TransferDetailViewModel;
import dev.p2p.storage.FileId;
import dev.p2p.text.UserText;
import dev.p2p.transfer.TransferEvent;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * The main window's state and actions: share files, download by ID, the live transfers table
 * ({@link TransferTable}), the download bar ({@link DownloadBarViewModel}), per-peer figures of
 * the selected transfer, the error banner and a plain-language status log ({@link StatusLog}).
 *
 * <p>Each outcome reaches the window once: a share's or a download's end comes from the stage the
 * facade returned (which always completes); the node's events only move progress.
 *
 * <p>Threading: every property and list here is read and changed on the UI thread only. Node
 * events and future completions arrive on arbitrary threads and hop to {@code uiExecutor}
 * ({@code Platform::runLater} in the window, {@code Runnable::run} in tests). Events are queued
 * and drained in one UI task per burst, so a flood of progress events costs one hop, not one
 * each. Nothing here polls the node.
 */
public final class MainViewModel {
  private final NodeFacade node;
  private final Executor uiExecutor;
  private final ClipboardSink clipboard;
  private final StatusLog log;
  private final TransferTable table;
  private final DownloadBarViewModel bar;
  private final TransferActionsViewModel actions;
  private final TransferDetailViewModel details;
  private final TrackerStatusViewModel trackerStatus;
  private final TransferStarter starter;
  private Runnable onDownloadEnded = () -> {};

  private final ObservableList<PeerRow> selectedPeers = FXCollections.observableArrayList();
  private final ObjectProperty<TransferRow> selected = new SimpleObjectProperty<>(this, "selected");
  private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
  private final ReadOnlyStringWrapper clipboardText = new ReadOnlyStringWrapper(this, "clipboardText", "");
  private final BooleanProperty privateShare = new SimpleBooleanProperty(this, "privateShare", false);
  private final ObjectProperty<Expiry> expiry = new SimpleObjectProperty<>(this, "expiry", Expiry.NEVER);

  /** How long a private share's link works, as the window offers it. */
  public enum Expiry {
    NEVER("no expiry", null), HOUR("1 hour", Duration.ofHours(1)), DAY("24 hours", Duration.ofDays(1)),
    WEEK("7 days", Duration.ofDays(7));

    private final String label;
    private final Duration duration;

    Expiry(String label, Duration duration) {
      this.label = label;
      this.duration = duration;
    }

    public Optional<Duration> duration() {
      return Optional.ofNullable(duration);
    }

    @Override
    public String toString() {
      return label;
    }
  }

  private final ConcurrentLinkedQueue<TransferEvent> pending = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final ListChangeListener<Object> selectedStatsListener = c -> refreshSelectedPeers();
  private AutoCloseable subscription;
  private CompletionStage<Void> stopped;

  /** As the full constructor, with a confirmer that declines (nothing is deleted) and no opener. */
  public MainViewModel(NodeFacade node, Path defaultDownloadDir, Executor uiExecutor,
      ClipboardSink clipboard, Clock clock) {
    this(node, defaultDownloadDir, uiExecutor, clipboard, clock, (question, detail) -> false, path -> {
      throw new UnsupportedOperationException("opening files is not available here");
    });
  }

  /**
   * @param confirmer asks before a cancel deletes a download's {@code .part}
   * @param opener opens a finished file or its folder
   */
  public MainViewModel(NodeFacade node, Path defaultDownloadDir, Executor uiExecutor,
      ClipboardSink clipboard, Clock clock, Confirmer confirmer, PathOpener opener) {
    this.node = node;
    this.uiExecutor = uiExecutor;
    this.clipboard = clipboard;
    this.log = new StatusLog(clock);
    this.table = new TransferTable(log::add);
    this.bar = new DownloadBarViewModel(defaultDownloadDir);
    this.actions = new TransferActionsViewModel(node, table, log::add, this::showError, uiExecutor,
        confirmer, opener, selected);
    this.details = new TransferDetailViewModel(clock);
    this.trackerStatus = new TrackerStatusViewModel(node.tracker(), log::add, clock);
    this.starter = new TransferStarter(node, table, log::add, this::showError, uiExecutor, () -> onDownloadEnded.run());
    details.selectedIdProperty().bind(selected.flatMap(TransferRow::fileIdProperty).orElse(""));
    selected.addListener((obs, old, now) -> {
      if (old != null) old.peerStats().removeListener(selectedStatsListener);
      if (now != null) now.peerStats().addListener(selectedStatsListener);
      refreshSelectedPeers();
    });
  }

  /** Subscribes to the node's events. Call once, before showing the window. */
  public void start() {
    if (subscription != null) throw new IllegalStateException("already started");
    subscription = node.subscribe(this::onEvent);
    log.add("Node " + node.peerId() + " ready; serving chunks on " + node.address().getHostString()
        + ":" + node.address().getPort());
    // After subscribing: what the node takes up from its saved state arrives as events, rows.
    onUi(call(node::resumeSaved), uiExecutor, (lines, failure) -> {
      if (failure != null) {
        log.add("The saved state was not restored: " + UserText.oneLine(UserText.unwrap(failure)));
      } else {
        lines.forEach(log::add);
      }
    });
  }

  // ---------------------------------------------------------------- properties for the view

  public ObservableList<TransferRow> transfers() {
    return table.rows();
  }

  public ObservableList<LogLine> log() {
    return log.lines();
  }

  /** The per-peer rows of {@link #selectedProperty()}'s latest progress report. */
  public ObservableList<PeerRow> selectedPeers() {
    return selectedPeers;
  }

  public ObjectProperty<TransferRow> selectedProperty() {
    return selected;
  }

  /** The download bar's ID field. */
  public StringProperty idTextProperty() {
    return bar.idTextProperty();
  }

  /** The download bar's folder. */
  public StringProperty destinationProperty() {
    return bar.destinationProperty();
  }

  /** Why "Download" is disabled, or empty when it is enabled. */
  public StringBinding downloadProblemProperty() {
    return bar.problemProperty();
  }

  public BooleanBinding canDownloadProperty() {
    return bar.canDownloadProperty();
  }

  /** Which tracker (node) the node uses, whether it answers, since when (see {@link #trackerStatus}). */
  public ReadOnlyStringProperty trackerProperty() {
    return trackerStatus.textProperty();
  }

  /** The tracker line's state and countdown. */
  public TrackerStatusViewModel trackerStatus() {
    return trackerStatus;
  }

  /** The latest failure as one line for the user; empty when there is none to show. */
  public ReadOnlyStringProperty errorProperty() {
    return error.getReadOnlyProperty();
  }

  /** The "Private" box next to Share: new shares are private, each with its own link. */
  public BooleanProperty privateShareProperty() {
    return privateShare;
  }

  /** How long the link of a new private share works. */
  public ObjectProperty<Expiry> expiryProperty() {
    return expiry;
  }

  /** What "Copy ID" or "Copy link" last put on the clipboard. */
  public ReadOnlyStringProperty clipboardTextProperty() {
    return clipboardText.getReadOnlyProperty();
  }

  // ---------------------------------------------------------------- actions

  /** Hashes, registers and serves {@code files}; hashing runs in the node, never on this thread. */
  public void share(List<Path> files) {
    for (Path f : files) share(f);
  }

  /** Shares {@code file}, privately (a link with a key) when the Private box is ticked. */
  public void share(Path file) {
    starter.share(file, privateShare.get()
        ? Optional.of(new ShareOptions(true, expiry.get().duration(), Optional.empty())) : Optional.empty());
  }

  /** Starts downloading the ID in the field into the destination folder. */
  public void download() {
    bar.take().ifPresent(this::download);
  }

  /**
   * Starts downloading {@code id} (e.g. a search result) into the download bar's folder, leaving
   * the ID field alone; if that folder is not valid, the banner says why and nothing starts.
   */
  public void download(FileId id) {
    bar.request(id).ifPresentOrElse(this::download,
        () -> showError("Not downloading " + id.shortHex() + "…: "
            + DownloadBarViewModel.folderProblem(bar.destinationProperty().get())));
  }

  private void download(DownloadBarViewModel.Request request) {
    starter.download(request);
  }

  /** Runs {@code listener} on the UI thread each time a download ends, however it ended. */
  public void setOnDownloadEnded(Runnable listener) {
    onDownloadEnded = listener;
  }

  /** The selected transfer's piece map and speed graph. */
  public TransferDetailViewModel details() {
    return details;
  }

  /** Pause, resume, cancel, remove and open for the table's rows. */
  public TransferActionsViewModel actions() {
    return actions;
  }

  /** Puts the row's file ID on the clipboard. */
  public void copyId(TransferRow row) {
    String id = row.getFileId();
    if (id.isEmpty()) return;
    clipboard.putText(id);
    clipboardText.set(id);
    log.add("Copied the ID of " + row.nameProperty().get() + " to the clipboard");
  }

  /** Puts a private row's link (with its key) on the clipboard; the log says so without it. */
  public void copyLink(TransferRow row) {
    if (!row.isPrivate()) {
      copyId(row);
      return;
    }
    clipboard.putText(row.linkProperty().get());
    clipboardText.set(row.linkProperty().get());
    log.add("Copied the link of " + row.nameProperty().get()
        + " to the clipboard: it holds the key, send it only to whoever should download the file");
  }

  /** Whether {@code row} has a Remove action (see {@link TransferActionsViewModel#canRemove}). */
  public static boolean canRemove(TransferRow row) {
    return TransferActionsViewModel.canRemove(row);
  }

  /**
   * Stops serving {@code row}'s file and unregisters it; a private share is revoked too, so nobody
   * new can download it (those who have it keep it). The row goes once the node has done it.
   */
  public void remove(TransferRow row) {
    actions.remove(row);
  }

  /** Adds a line to the status log (e.g. "settings saved"). */
  public void note(String text) {
    log.add(text);
  }

  public void dismissError() {
    error.set("");
  }

  /** Stops listening and stops the node. Idempotent; completes when the node has stopped. */
  public CompletionStage<Void> shutdown() {
    if (stopped == null) {
      if (subscription != null) {
        try {
          subscription.close();
        } catch (Exception e) {
          // Closing a subscription only detaches a listener; nothing to tell the user.
        }
      }
      log.add("Stopping the node…");
      stopped = call(node::stop);
    }
    return stopped;
  }

  // ---------------------------------------------------------------- events

  /** Called by the node on any thread. */
  void onEvent(TransferEvent event) {
    pending.add(event);
    if (drainScheduled.compareAndSet(false, true)) uiExecutor.execute(this::drain);
  }

  private void drain() {
    // Reset before polling: an event added after this line schedules another drain.
    drainScheduled.set(false);
    for (TransferEvent e; (e = pending.poll()) != null; ) {
      if (e instanceof TransferEvent.TrackerChanged || e instanceof TransferEvent.TrackerStatus) trackerStatus.apply(e);
      else table.apply(e);
      details.apply(e);
      // Also a download the window did not start, which only its event reports.
      if (e instanceof TransferEvent.Completed || e instanceof TransferEvent.Failed) onDownloadEnded.run();
    }
  }

  // ---------------------------------------------------------------- helpers

  /** Logs {@code line} and shows it in the banner. */
  private void showError(String line) {
    log.add(line);
    error.set(line);
  }

  private void refreshSelectedPeers() {
    TransferRow row = selected.get();
    List<PeerRow> rows = new ArrayList<>();
    if (row != null) {
      for (TransferEvent.PeerStat s : row.peerStats()) rows.add(PeerRow.of(s));
    }
    selectedPeers.setAll(rows);
  }
}
