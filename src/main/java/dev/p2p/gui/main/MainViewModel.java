package dev.p2p.gui.main;

import dev.p2p.app.NodeFacade;
import dev.p2p.gui.ClipboardSink;
import dev.p2p.gui.main.TransferRow.Kind;
import dev.p2p.gui.main.TransferRow.Phase;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import dev.p2p.text.Units;
import dev.p2p.text.UserText;
import dev.p2p.transfer.TransferEvent;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * The main window's state and actions: share files, download by ID, the live transfers table,
 * per-peer figures of the selected transfer and a plain-language status log.
 *
 * <p>Threading: every property and list here is read and changed on the UI thread only. Node
 * events and future completions arrive on arbitrary threads and hop to {@code uiExecutor}
 * ({@code Platform::runLater} in the window, {@code Runnable::run} in tests). Events are queued
 * and drained in one UI task per burst, so a flood of progress events costs one hop, not one
 * each. Nothing here polls the node.
 */
public final class MainViewModel {
  static final int MAX_LOG_LINES = 1000;

  private final NodeFacade node;
  private final Executor uiExecutor;
  private final ClipboardSink clipboard;
  private final Clock clock;

  private final ObservableList<TransferRow> transfers = FXCollections.observableArrayList();
  private final ObservableList<LogLine> log = FXCollections.observableArrayList();
  private final ObservableList<PeerRow> selectedPeers = FXCollections.observableArrayList();
  private final ObjectProperty<TransferRow> selected = new SimpleObjectProperty<>(this, "selected");
  private final StringProperty idText = new SimpleStringProperty(this, "idText", "");
  private final StringProperty destination = new SimpleStringProperty(this, "destination", "");
  private final StringBinding downloadProblem;
  private final BooleanBinding canDownload;
  private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
  private final ReadOnlyStringWrapper clipboardText = new ReadOnlyStringWrapper(this, "clipboardText", "");

  /** Share rows still hashing, by absolute path (they have no file ID yet). */
  private final Map<Path, TransferRow> hashing = new HashMap<>();
  /** Rows with a file ID, by its hex. */
  private final Map<String, TransferRow> byId = new HashMap<>();

  private final ConcurrentLinkedQueue<TransferEvent> pending = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final ListChangeListener<Object> selectedStatsListener = c -> refreshSelectedPeers();
  private AutoCloseable subscription;
  private CompletionStage<Void> stopped;

  public MainViewModel(NodeFacade node, Path defaultDownloadDir, Executor uiExecutor,
      ClipboardSink clipboard, Clock clock) {
    this.node = node;
    this.uiExecutor = uiExecutor;
    this.clipboard = clipboard;
    this.clock = clock;
    destination.set(defaultDownloadDir.toAbsolutePath().normalize().toString());
    downloadProblem = Bindings.createStringBinding(
        () -> downloadProblem(idText.get(), destination.get()), idText, destination);
    canDownload = downloadProblem.isEmpty();
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
    log("Node " + node.peerId() + " ready; serving chunks on " + node.address().getHostString()
        + ":" + node.address().getPort());
  }

  // ---------------------------------------------------------------- properties for the view

  public ObservableList<TransferRow> transfers() {
    return transfers;
  }

  public ObservableList<LogLine> log() {
    return log;
  }

  /** The per-peer rows of {@link #selectedProperty()}'s latest progress report. */
  public ObservableList<PeerRow> selectedPeers() {
    return selectedPeers;
  }

  public ObjectProperty<TransferRow> selectedProperty() {
    return selected;
  }

  /** The ID field of the download bar (bound both ways to the text field). */
  public StringProperty idTextProperty() {
    return idText;
  }

  /** The folder to download into (bound both ways to its field). */
  public StringProperty destinationProperty() {
    return destination;
  }

  /** Why "Download" is disabled, or empty when it is enabled. */
  public StringBinding downloadProblemProperty() {
    return downloadProblem;
  }

  public BooleanBinding canDownloadProperty() {
    return canDownload;
  }

  /** The latest failure as one line for the user; empty when there is none to show. */
  public ReadOnlyStringProperty errorProperty() {
    return error.getReadOnlyProperty();
  }

  /** What "Copy ID" last put on the clipboard. */
  public ReadOnlyStringProperty clipboardTextProperty() {
    return clipboardText.getReadOnlyProperty();
  }

  // ---------------------------------------------------------------- actions

  /** Hashes, registers and serves {@code files}; hashing runs in the node, never on this thread. */
  public void share(List<Path> files) {
    for (Path f : files) share(f);
  }

  public void share(Path file) {
    Path key = key(file);
    if (hashing.containsKey(key)) {
      log(file.getFileName() + " is already being hashed");
      return;
    }
    TransferRow row = new TransferRow(Kind.SHARE, key, String.valueOf(key.getFileName()), Phase.HASHING);
    hashing.put(key, row);
    transfers.add(row);
    log("Hashing " + row.nameProperty().get() + " to share it");
    call(() -> node.share(file)).whenComplete((manifest, failure) -> uiExecutor.execute(() -> {
      if (failure != null) {
        hashing.remove(key, row);
        reportFailure(row, "Could not share " + row.nameProperty().get(), UserText.firstLine(failure));
      } else {
        onShared(row, manifest.id(), manifest.name(), manifest.size());
      }
    }));
  }

  /** Starts downloading the ID in the field into the destination folder. */
  public void download() {
    if (!canDownload.get()) return;
    FileId id = FileId.parse(idText.get());
    Path dir = Path.of(destination.get().strip());
    TransferRow row = byId.get(id.hex());
    if (row != null && row.kind() == Kind.DOWNLOAD && (row.getPhase() == Phase.LOCATING
        || row.getPhase() == Phase.DOWNLOADING || row.getPhase() == Phase.VERIFYING)) {
      log(row.nameProperty().get() + " is already being downloaded");
      idText.set("");
      return;
    }
    if (row == null || row.getPhase() == Phase.FAILED) {
      if (row != null) {
        // A new attempt gets a fresh row; the old one's failure stays in the log.
        transfers.remove(row);
        byId.remove(id.hex());
      }
      row = downloadRow(id);
      row.setPhase(Phase.LOCATING);
      row.setProgress(TransferRow.INDETERMINATE);
    }
    idText.set("");
    log("Downloading " + id.shortHex() + "… into " + dir);
    TransferRow r = row;
    call(() -> node.download(id, dir)).whenComplete((result, failure) -> uiExecutor.execute(() -> {
      if (failure != null) {
        reportFailure(r, "Download of " + r.nameProperty().get() + " failed", UserText.firstLine(failure));
      } else {
        onCompleted(r, result.manifest().name(), result.manifest().size(), result.path(),
            result.seconds(), result.peers().size());
      }
    }));
  }

  /** Puts the row's file ID on the clipboard. */
  public void copyId(TransferRow row) {
    String id = row.getFileId();
    if (id.isEmpty()) return;
    clipboard.putText(id);
    clipboardText.set(id);
    log("Copied the ID of " + row.nameProperty().get() + " to the clipboard");
  }

  /** Adds a line to the status log (e.g. "settings saved"). */
  public void note(String text) {
    log(text);
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
      log("Stopping the node…");
      stopped = call(node::stop);
    }
    return stopped;
  }

  /** Why the download can't start yet, or "" if it can. */
  static String downloadProblem(String idText, String destination) {
    String p = FileId.problem(idText);
    if (!p.isEmpty()) return p;
    if (destination == null || destination.isBlank()) return "Choose a folder to download into.";
    try {
      Path.of(destination.strip());
    } catch (InvalidPathException e) {
      return "Not a valid folder: " + destination.strip();
    }
    return "";
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
      apply(e);
    }
  }

  private void apply(TransferEvent e) {
    if (e instanceof TransferEvent.Hashing h) onHashing(h);
    else if (e instanceof TransferEvent.Shared s) onSharedEvent(s);
    else if (e instanceof TransferEvent.Uploading u) onUploading(u);
    else if (e instanceof TransferEvent.Locating l) onLocating(l);
    else if (e instanceof TransferEvent.Located l) onLocated(l);
    else if (e instanceof TransferEvent.Progress p) onProgress(p);
    else if (e instanceof TransferEvent.ChunkRetried r) onChunkRetried(r);
    else if (e instanceof TransferEvent.PeerLost l) onPeerLost(l);
    else if (e instanceof TransferEvent.Verifying v) onVerifying(v);
    else if (e instanceof TransferEvent.Completed c) onCompletedEvent(c);
    else if (e instanceof TransferEvent.Failed f) onFailed(f);
  }

  private void onHashing(TransferEvent.Hashing h) {
    Path key = key(h.file());
    TransferRow row = hashing.get(key);
    if (row == null) {
      // A share started elsewhere (e.g. the CLI): show it too.
      row = new TransferRow(Kind.SHARE, key, String.valueOf(key.getFileName()), Phase.HASHING);
      hashing.put(key, row);
      transfers.add(row);
    }
    if (row.getPhase() != Phase.HASHING) return;
    row.setSize(h.total());
    row.setProgress(h.done(), h.total());
    row.refreshHashingState();
  }

  private void onSharedEvent(TransferEvent.Shared s) {
    TransferRow row = byId.get(s.fileId().hex());
    if (row == null && s.path() != null) row = hashing.get(key(s.path()));
    if (row == null) {
      row = new TransferRow(Kind.SHARE, s.path() == null ? null : key(s.path()), s.name(), Phase.HASHING);
      transfers.add(row);
    }
    onShared(row, s.fileId(), s.name(), s.size());
  }

  private void onShared(TransferRow row, FileId id, String name, long size) {
    if (row.sourcePath() != null) hashing.remove(row.sourcePath(), row);
    byId.put(id.hex(), row);
    row.setFileId(id.hex());
    if (row.kind() == Kind.DOWNLOAD) {
      // A finished download is shared again: that is seeding, already reported by Completed.
      if (row.getPhase() != Phase.SEEDING) row.setPhase(Phase.SEEDING);
      return;
    }
    if (row.getPhase() == Phase.SHARED) return;
    row.setName(name);
    row.setSize(size);
    row.setProgress(1.0);
    row.setPhase(Phase.SHARED);
    log("Shared " + name + " (" + Units.bytes(size) + ") and registered it with the tracker; ID "
        + id.hex());
  }

  private void onUploading(TransferEvent.Uploading u) {
    TransferRow row = byId.get(u.fileId().hex());
    if (row == null) return;
    if (row.getPhase() != Phase.SHARED && row.getPhase() != Phase.SEEDING) return;
    row.setPeers(u.peers());
    row.setSpeed(u.peers() > 0 ? u.bytesPerSecond() : 0);
    row.setUploadPeers(u.peers());
  }

  private void onLocating(TransferEvent.Locating l) {
    TransferRow row = downloadRow(l.fileId());
    if (row.getPhase() == Phase.LOCATING || row.getPhase() == Phase.FAILED) {
      row.setPhase(Phase.LOCATING);
      row.setProgress(TransferRow.INDETERMINATE);
    }
  }

  private void onLocated(TransferEvent.Located l) {
    TransferRow row = downloadRow(l.fileId());
    row.setName(l.name());
    row.setSize(l.size());
    if (row.getPhase() == Phase.LOCATING) {
      row.setPhase(Phase.DOWNLOADING);
      row.setProgress(l.numChunks() == 0 ? 0 : (double) l.resumedChunks() / l.numChunks());
    }
    String resumed = l.resumedChunks() > 0
        ? "; resuming with " + l.resumedChunks() + " of " + l.numChunks() + " chunks already on disk"
        : "";
    log("Found " + l.name() + " (" + Units.bytes(l.size()) + ") on " + plural(l.peers(), "peer")
        + resumed);
  }

  private void onProgress(TransferEvent.Progress p) {
    TransferRow row = downloadRow(p.fileId());
    row.setPeerStats(p.peers());
    if (row.getPhase() != Phase.LOCATING && row.getPhase() != Phase.DOWNLOADING) return;
    row.setPhase(Phase.DOWNLOADING);
    if (row.sizeProperty().get() != p.size()) row.setSize(p.size());
    row.setProgress(p.bytesDone(), p.size());
    row.setSpeed(p.bytesPerSecond());
    row.setPeers(p.peersConnected());
    row.setEta(Units.eta(p.size() - p.bytesDone(), p.bytesPerSecond()));
  }

  private void onChunkRetried(TransferEvent.ChunkRetried r) {
    log("Chunk " + r.chunkIndex() + " of " + nameOf(r.fileId()) + " failed on " + r.peer() + " ("
        + r.reason() + "); asking another peer");
  }

  private void onPeerLost(TransferEvent.PeerLost l) {
    log("Lost peer " + l.peer() + " for " + nameOf(l.fileId()) + ": " + l.reason());
  }

  private void onVerifying(TransferEvent.Verifying v) {
    TransferRow row = downloadRow(v.fileId());
    if (row.getPhase() == Phase.SEEDING || row.getPhase() == Phase.FAILED) return;
    row.setPhase(Phase.VERIFYING);
    row.setProgress(1.0);
    row.setSpeed(0);
    row.setEta("");
    log("All chunks of " + row.nameProperty().get() + " received; verifying the whole file");
  }

  private void onCompletedEvent(TransferEvent.Completed c) {
    TransferRow row = downloadRow(c.fileId());
    row.setPeerStats(c.peers());
    onCompleted(row, null, c.size(), c.path(), c.seconds(), c.peers().size());
  }

  private void onCompleted(TransferRow row, String name, long size, Path path, double seconds,
      int peers) {
    if (row.getPhase() == Phase.SEEDING) return;
    row.setName(name);
    row.setSize(size);
    row.setProgress(1.0);
    row.setSpeed(0);
    row.setEta("");
    row.setPeers(0);
    row.setPhase(Phase.SEEDING);
    log(String.format(Locale.ROOT, "Downloaded %s (%s) in %.1f s from %s; verified, saved to %s and now seeding",
        row.nameProperty().get(), Units.bytes(size), seconds, plural(peers, "peer"), path));
  }

  private void onFailed(TransferEvent.Failed f) {
    TransferRow row = downloadRow(f.fileId());
    reportFailure(row, "Download of " + row.nameProperty().get() + " failed", f.reason());
  }

  // ---------------------------------------------------------------- helpers

  /** Marks the row failed and tells the user once, however many ways the failure is reported. */
  private void reportFailure(TransferRow row, String what, String reason) {
    if (row.getPhase() == Phase.FAILED) return;
    row.fail(reason);
    String line = what + ": " + reason;
    log(line);
    error.set(line);
  }

  private TransferRow downloadRow(FileId id) {
    TransferRow row = byId.get(id.hex());
    if (row == null) {
      row = new TransferRow(Kind.DOWNLOAD, null, id.shortHex() + "…", Phase.LOCATING);
      row.setFileId(id.hex());
      row.setProgress(TransferRow.INDETERMINATE);
      byId.put(id.hex(), row);
      transfers.add(row);
    }
    return row;
  }

  private String nameOf(FileId id) {
    TransferRow row = id == null ? null : byId.get(id.hex());
    return row != null ? row.nameProperty().get() : id == null ? "?" : id.shortHex() + "…";
  }

  private void refreshSelectedPeers() {
    TransferRow row = selected.get();
    List<PeerRow> rows = new ArrayList<>();
    if (row != null) {
      for (TransferEvent.PeerStat s : row.peerStats()) rows.add(PeerRow.of(s));
    }
    selectedPeers.setAll(rows);
  }

  private void log(String text) {
    log.add(new LogLine(LocalTime.now(clock), text));
    if (log.size() > MAX_LOG_LINES) log.remove(0, log.size() - MAX_LOG_LINES);
  }

  private static Path key(Path file) {
    return file.toAbsolutePath().normalize();
  }

  private static String plural(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /** A facade call that throws instead of returning a failed stage still ends up as a failed stage. */
  private static <T> CompletionStage<T> call(java.util.function.Supplier<CompletionStage<T>> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
