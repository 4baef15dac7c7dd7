package dev.p2p.gui.main;

import dev.p2p.text.Units;
import dev.p2p.transfer.TransferEvent.PeerStat;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * One transfer in the window's table, up (a shared file) or down (a download). Properties are
 * read-only to views and changed only by {@link TransferTable} on the UI thread. Text properties
 * are already formatted for display, so views only bind.
 */
public final class TransferRow {
  /** Progress value that asks the progress bar to show "working, amount unknown". */
  public static final double INDETERMINATE = -1;

  /** Up or down. */
  public enum Kind {
    SHARE("share"),
    DOWNLOAD("download");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  /**
   * Where the transfer is in its life; {@link #state} is the text shown. {@code PENDING}: a share
   * served but not registered yet, because the tracker did not answer (registered when it does).
   */
  public enum Phase {
    HASHING, PENDING, SHARED, LOCATING, DOWNLOADING, VERIFYING, SEEDING, FAILED, PAUSED, CANCELLED;

    /** Whether the node serves the file in this phase (shared, seeding, or waiting to register). */
    public boolean serving() {
      return this == SHARED || this == SEEDING || this == PENDING;
    }
  }

  private final Kind kind;
  private final Path sourcePath;
  private final StringProperty fileId = new SimpleStringProperty(this, "fileId", "");
  private final StringProperty name = new SimpleStringProperty(this, "name", "");
  private final LongProperty size = new SimpleLongProperty(this, "size", -1);
  private final StringProperty sizeText = new SimpleStringProperty(this, "sizeText", "");
  private final DoubleProperty progress = new SimpleDoubleProperty(this, "progress", 0);
  private final StringProperty progressText = new SimpleStringProperty(this, "progressText", "");
  private final DoubleProperty speed = new SimpleDoubleProperty(this, "speed", 0);
  private final StringProperty speedText = new SimpleStringProperty(this, "speedText", "");
  private final IntegerProperty peers = new SimpleIntegerProperty(this, "peers", 0);
  private final StringProperty eta = new SimpleStringProperty(this, "eta", "");
  private final ObjectProperty<Phase> phase = new SimpleObjectProperty<>(this, "phase");
  private final StringProperty state = new SimpleStringProperty(this, "state", "");
  /** The private share's link, key included (for Copy link); empty for a public file. */
  private final StringProperty link = new SimpleStringProperty(this, "link", "");
  private final ObservableList<PeerStat> peerStats = FXCollections.observableArrayList();
  /** True while a pause, resume, cancel or remove asked of the node has not completed. */
  private final BooleanProperty busy = new SimpleBooleanProperty(this, "busy", false);
  private String failure = "";
  private int uploadPeers;
  /** Where a finished download was saved (null until then). */
  private Path savedPath;
  /** The user confirmed a cancel: the download's failure that follows is that cancel, not an error. */
  private boolean cancelRequested;
  private boolean stageReports;
  /** Starts the same share or download again in this row, once it failed (null: not offered). */
  private Runnable retry;

  TransferRow(Kind kind, Path sourcePath, String name, Phase phase) {
    this.kind = kind;
    this.sourcePath = sourcePath;
    this.name.set(name);
    setPhase(phase);
  }

  public Kind kind() {
    return kind;
  }

  /** The file being shared (null for downloads). */
  Path sourcePath() {
    return sourcePath;
  }

  /** The file on disk: the shared file, or the finished download's; empty before there is one. */
  public Optional<Path> file() {
    return Optional.ofNullable(sourcePath != null ? sourcePath : savedPath);
  }

  /** True while an action asked of the node for this row has not completed. */
  public ReadOnlyBooleanProperty busyProperty() {
    return busy;
  }

  /** Whether the window started this download, so that the facade's stage reports its end. */
  boolean stageReports() {
    return stageReports;
  }

  void setStageReports(boolean value) {
    stageReports = value;
  }

  boolean cancelRequested() {
    return cancelRequested;
  }

  /** How to start this row's transfer again, if the window started it. */
  Runnable retry() {
    return retry;
  }

  void setRetry(Runnable value) {
    retry = value;
  }

  public ReadOnlyStringProperty fileIdProperty() {
    return fileId;
  }

  /** The 64-hex file ID, empty while hashing. */
  public String getFileId() {
    return fileId.get();
  }

  public ReadOnlyStringProperty nameProperty() {
    return name;
  }

  public ReadOnlyLongProperty sizeProperty() {
    return size;
  }

  public ReadOnlyStringProperty sizeTextProperty() {
    return sizeText;
  }

  /** 0..1, or {@link #INDETERMINATE}. */
  public ReadOnlyDoubleProperty progressProperty() {
    return progress;
  }

  /** Percentage text, e.g. {@code 42%}. */
  public ReadOnlyStringProperty progressTextProperty() {
    return progressText;
  }

  /** Bytes per second, down for downloads in progress, up for files being served. */
  public ReadOnlyDoubleProperty speedProperty() {
    return speed;
  }

  public ReadOnlyStringProperty speedTextProperty() {
    return speedText;
  }

  /** Peers connected (downloading: we fetch from them; seeding: they fetch from us). */
  public ReadOnlyIntegerProperty peersProperty() {
    return peers;
  }

  public ReadOnlyStringProperty etaProperty() {
    return eta;
  }

  public ReadOnlyObjectProperty<Phase> phaseProperty() {
    return phase;
  }

  public Phase getPhase() {
    return phase.get();
  }

  /** What the user reads: "hashing 40%", "locating peers", "downloading", "seeding", "failed: …". */
  public ReadOnlyStringProperty stateProperty() {
    return state;
  }

  /** The private share's link (it holds the key: never log it); empty for a public file. */
  public ReadOnlyStringProperty linkProperty() {
    return link;
  }

  public boolean isPrivate() {
    return !link.get().isEmpty();
  }

  /** The remote peers of the latest download progress report. */
  public ObservableList<PeerStat> peerStats() {
    return peerStats;
  }

  // ---- changes, by TransferTable on the UI thread ----

  void setLink(String value) {
    link.set(value == null ? "" : value);
  }

  void setBusy(boolean value) {
    busy.set(value);
  }

  void setCancelRequested(boolean value) {
    cancelRequested = value;
  }

  void setSavedPath(Path path) {
    savedPath = path;
  }

  void setFileId(String hex) {
    fileId.set(hex == null ? "" : hex);
  }

  void setName(String value) {
    if (value != null && !value.isEmpty()) name.set(value);
  }

  void setSize(long bytes) {
    size.set(bytes);
    sizeText.set(Units.bytes(bytes));
  }

  void setProgress(long done, long total) {
    double p = total <= 0 ? 1.0 : Math.min(1.0, (double) done / total);
    setProgress(p);
  }

  void setProgress(double value) {
    progress.set(value);
    progressText.set(value < 0 ? "" : (int) Math.floor(value * 100) + "%");
  }

  void setSpeed(double bytesPerSecond) {
    speed.set(bytesPerSecond);
    speedText.set(Units.speed(bytesPerSecond));
  }

  void setPeers(int n) {
    peers.set(n);
  }

  void setEta(String text) {
    eta.set(text);
  }

  void setPeerStats(List<PeerStat> stats) {
    peerStats.setAll(stats);
  }

  void setUploadPeers(int n) {
    uploadPeers = n;
    refreshState();
  }

  void setPhase(Phase p) {
    phase.set(p);
    refreshState();
  }

  /** Back to the start of a transfer tried again: the failure is forgotten. */
  void restart(Phase p) {
    failure = "";
    cancelRequested = false;
    setSpeed(0);
    setEta("");
    setPeers(0);
    setProgress(p == Phase.HASHING ? 0 : INDETERMINATE);
    setPhase(p);
  }

  void fail(String reason) {
    failure = reason;
    setSpeed(0);
    setEta("");
    setPeers(0);
    setPhase(Phase.FAILED);
  }

  private void refreshState() {
    Phase p = phase.get();
    String text = switch (p) {
      case HASHING -> "hashing" + (progress.get() > 0 ? " " + progressText.get() : "");
      case PENDING -> "sharing — tracker unreachable, will register when it is back";
      case SHARED -> isPrivate() ? "shared privately" : "shared";
      case LOCATING -> "locating peers";
      case DOWNLOADING -> "downloading";
      case VERIFYING -> "verifying";
      case SEEDING -> "seeding";
      case FAILED -> "failed: " + failure;
      case PAUSED -> "paused" + (progress.get() >= 0 ? " at " + progressText.get() : "") + ", .part kept";
      case CANCELLED -> "cancelled, .part deleted";
    };
    if (p.serving() && uploadPeers > 0) {
      text += ", " + uploadPeers + (uploadPeers == 1 ? " peer" : " peers") + " downloading";
    }
    state.set(text);
  }

  /** Hashing progress is part of the state text, so refresh it after the bar moves. */
  void refreshHashingState() {
    refreshState();
  }
}
