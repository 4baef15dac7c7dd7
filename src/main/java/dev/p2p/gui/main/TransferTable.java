package dev.p2p.gui.main;

import dev.p2p.app.NodeFacade.DownloadResult;
import dev.p2p.text.Units;
import dev.p2p.gui.main.TransferRow.Kind;
import dev.p2p.gui.main.TransferRow.Phase;
import dev.p2p.storage.FileId;
import dev.p2p.transfer.TransferEvent;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The rows of the transfers table and the reducer that maps a node's events onto them: share rows
 * still hashing are found by path, every other row by file ID. A plain model (JavaFX collections,
 * no facade, no threads; call it on the UI thread). Outcomes come from the facade's stages, once
 * each, through {@link #shared}, {@link #completed} and {@link #failed}: the
 * {@link TransferEvent.Completed} and {@link TransferEvent.Failed} events end only a download the
 * window did not start (one the node resumed by itself), which has no stage.
 * What happens is told in plain language to {@code log}.
 */
public final class TransferTable {
  private final ObservableList<TransferRow> rows = FXCollections.observableArrayList();
  /** Share rows still hashing, by absolute path (they have no file ID yet). */
  private final Map<Path, TransferRow> hashing = new HashMap<>();
  /** Rows with a file ID, by its hex. */
  private final Map<String, TransferRow> byId = new HashMap<>();
  private final Consumer<String> log;

  public TransferTable(Consumer<String> log) {
    this.log = log;
  }

  public ObservableList<TransferRow> rows() {
    return rows;
  }

  // ---------------------------------------------------------------- actions and their outcomes

  /** A new hashing row for {@code file}, or empty if that file is already being hashed. */
  public Optional<TransferRow> startShare(Path file) {
    Path key = key(file);
    if (hashing.containsKey(key)) {
      log.accept(file.getFileName() + " is already being hashed");
      return Optional.empty();
    }
    TransferRow row = hashingRow(key);
    log.accept("Hashing " + row.nameProperty().get() + " to share it");
    return Optional.of(row);
  }

  /** The row of a download of {@code id} about to start, or empty if one is running already. */
  public Optional<TransferRow> startDownload(FileId id) {
    TransferRow row = byId.get(id.hex());
    if (row != null && row.kind() == Kind.DOWNLOAD && (row.getPhase() == Phase.LOCATING
        || row.getPhase() == Phase.DOWNLOADING || row.getPhase() == Phase.VERIFYING)) {
      log.accept(row.nameProperty().get() + " is already being downloaded");
      return Optional.empty();
    }
    if (row != null && (row.getPhase() == Phase.FAILED || row.getPhase() == Phase.CANCELLED)) {
      // A new attempt gets a fresh row; the old one's end stays in the log.
      rows.remove(row);
      byId.remove(id.hex());
      row = null;
    }
    TransferRow started = row != null ? row : downloadRow(id);
    started.setStageReports(true);
    return Optional.of(started);
  }

  /** A file is shared and registered: the row gets its ID (idempotent). */
  public void shared(TransferRow row, FileId id, String name, long size) {
    identify(row, id);
    if (row.kind() == Kind.DOWNLOAD) {
      // A finished download shared again: that is seeding, already told when it completed.
      if (row.getPhase() != Phase.SEEDING) row.setPhase(Phase.SEEDING);
      return;
    }
    if (row.getPhase() == Phase.SHARED) return;
    served(row, name, size, Phase.SHARED);
    log.accept("Shared " + name + " (" + Units.bytes(size) + ") and registered it with the tracker; ID "
        + id.hex());
  }

  /**
   * The node serves the row's file but could not register it (the tracker did not answer); it
   * registers it when the tracker answers, and its Shared event then moves the row on.
   */
  public void pending(TransferRow row, FileId id, String name, long size) {
    identify(row, id);
    served(row, name, size, Phase.PENDING);
    log.accept("Sharing " + name + " (" + Units.bytes(size) + "), not registered yet: the tracker did not answer;"
        + " it is registered as soon as the tracker is back. ID " + id.hex());
  }

  /** The row of a hashed file has its ID: no longer found by its path, found by the ID. */
  private void identify(TransferRow row, FileId id) {
    if (row.sourcePath() != null) hashing.remove(row.sourcePath(), row);
    byId.put(id.hex(), row);
    row.setFileId(id.hex());
  }

  /** A whole file served in {@code phase} (shared, or waiting to register). */
  private static void served(TransferRow row, String name, long size, Phase phase) {
    row.setName(name);
    row.setSize(size);
    row.setProgress(1.0);
    row.setPhase(phase);
  }

  /** A failed share row is hashed and shared again (Retry): hashing, found by its path again. */
  public void restartShare(TransferRow row) {
    hashing.put(row.sourcePath(), row);
    row.restart(Phase.HASHING);
    log.accept("Sharing " + row.nameProperty().get() + " again");
  }

  /** A failed download row is started again (Retry) with the same ID, folder and key. */
  public void restartDownload(TransferRow row) {
    byId.put(row.getFileId(), row);
    row.setStageReports(true);
    row.restart(Phase.LOCATING);
  }

  public void completed(TransferRow row, DownloadResult r) {
    row.setName(r.manifest().name());
    finished(row, r.path(), r.manifest().size(), r.seconds(), r.peers());
  }

  private void finished(TransferRow row, Path path, long size, double seconds, List<TransferEvent.PeerStat> peers) {
    row.setSavedPath(path);
    row.setPeerStats(peers);
    row.setSize(size);
    row.setProgress(1.0);
    row.setSpeed(0);
    row.setEta("");
    row.setPeers(0);
    row.setPhase(Phase.SEEDING);
    log.accept(String.format(Locale.ROOT, "Downloaded %s (%s) in %.1f s from %s; verified, saved to %s and now seeding",
        row.nameProperty().get(), Units.bytes(size), seconds, plural(peers.size(), "peer"), path));
  }

  /** The node paused the row's download: it keeps its progress and its {@code .part} (idempotent). */
  public void paused(TransferRow row) {
    if (row.getPhase() == Phase.PAUSED) return;
    row.setSpeed(0);
    row.setEta("");
    row.setPhase(Phase.PAUSED);
    log.accept("Paused " + row.nameProperty().get() + "; its .part is kept, Resume goes on from there");
  }

  /** The node resumed the row's download: back to downloading, or locating if nothing was found yet. */
  public void resumed(TransferRow row) {
    if (row.getPhase() != Phase.PAUSED) return;
    row.setPhase(row.sizeProperty().get() >= 0 ? Phase.DOWNLOADING : Phase.LOCATING);
    log.accept("Resumed " + row.nameProperty().get());
  }

  /** The row's download was cancelled and its {@code .part} deleted (idempotent). */
  public void cancelled(TransferRow row) {
    if (row.getPhase() == Phase.CANCELLED) return;
    row.setSpeed(0);
    row.setEta("");
    row.setPeers(0);
    row.setPhase(Phase.CANCELLED);
    log.accept("Cancelled the download of " + row.nameProperty().get() + "; its .part is deleted");
  }

  /** The row is gone from the table (the user removed a share or an ended download). */
  public void remove(TransferRow row) {
    rows.remove(row);
    byId.remove(row.getFileId(), row);
  }

  /** The share or download of {@code row} failed; a share row is no longer hashing. */
  public void failed(TransferRow row, String reason) {
    if (row.sourcePath() != null) hashing.remove(row.sourcePath(), row);
    row.fail(reason);
  }

  // ---------------------------------------------------------------- events

  public void apply(TransferEvent e) {
    if (e instanceof TransferEvent.Hashing h) onHashing(h);
    else if (e instanceof TransferEvent.Shared s) onShared(s);
    else if (e instanceof TransferEvent.Uploading u) onUploading(u);
    else if (e instanceof TransferEvent.Locating l) onLocating(l);
    else if (e instanceof TransferEvent.Waiting w) log.accept(w.fileId().shortHex() + ": " + w.text());
    else if (e instanceof TransferEvent.Located l) onLocated(l);
    else if (e instanceof TransferEvent.Progress p) onProgress(p);
    else if (e instanceof TransferEvent.ChunkRetried r) onChunkRetried(r);
    else if (e instanceof TransferEvent.PeerLost l) onPeerLost(l);
    else if (e instanceof TransferEvent.ManifestRejected m) onManifestRejected(m);
    else if (e instanceof TransferEvent.Verifying v) onVerifying(v);
    else if (e instanceof TransferEvent.Paused p) onPaused(p.fileId());
    else if (e instanceof TransferEvent.Resumed r) onResumed(r.fileId());
    else if (e instanceof TransferEvent.Completed c) onEnded(c.fileId(), row -> finished(row, c.path(), c.size(),
        c.seconds(), c.peers()));
    else if (e instanceof TransferEvent.Failed f) onEnded(f.fileId(), row -> {
      if (row.cancelRequested()) cancelled(row);
      else failed(row, f.reason());
    });
    else if (e instanceof TransferEvent.AlreadyHere a) {
      log.accept("Already in the folder, nothing downloaded: " + a.path());
    }
  }

  /**
   * A download the window did not start (e.g. one the node resumed from its saved state) has no
   * stage to report its end: its Completed or Failed event does. Any other row ignores them.
   */
  private void onEnded(FileId id, Consumer<TransferRow> end) {
    TransferRow row = id == null ? null : byId.get(id.hex());
    if (row == null || row.kind() != Kind.DOWNLOAD || row.stageReports()) return;
    Phase p = row.getPhase();
    if (p == Phase.LOCATING || p == Phase.DOWNLOADING || p == Phase.VERIFYING || p == Phase.PAUSED) end.accept(row);
  }

  /** A pause the node reports (after the facade's answer, or asked elsewhere): same as that answer. */
  private void onPaused(FileId id) {
    TransferRow row = id == null ? null : byId.get(id.hex());
    if (row != null && (row.getPhase() == Phase.LOCATING || row.getPhase() == Phase.DOWNLOADING)) paused(row);
  }

  private void onResumed(FileId id) {
    TransferRow row = id == null ? null : byId.get(id.hex());
    if (row != null) resumed(row);
  }

  private void onHashing(TransferEvent.Hashing h) {
    Path key = key(h.file());
    // A share started elsewhere (e.g. the CLI) gets a row too.
    TransferRow row = hashing.containsKey(key) ? hashing.get(key) : hashingRow(key);
    if (row.getPhase() != Phase.HASHING) return;
    row.setSize(h.total());
    row.setProgress(h.done(), h.total());
    row.refreshHashingState();
  }

  private void onShared(TransferEvent.Shared s) {
    TransferRow row = byId.get(s.fileId().hex());
    if (row == null && s.path() != null) row = hashing.get(key(s.path()));
    if (row == null) {
      row = new TransferRow(Kind.SHARE, s.path() == null ? null : key(s.path()), s.name(), Phase.HASHING);
      rows.add(row);
    }
    shared(row, s.fileId(), s.name(), s.size());
  }

  private void onUploading(TransferEvent.Uploading u) {
    TransferRow row = byId.get(u.fileId().hex());
    if (row == null) return;
    Phase p = row.getPhase();
    if (!p.serving()) return;
    row.setPeers(u.peers());
    row.setSpeed(u.peers() > 0 ? u.bytesPerSecond() : 0);
    row.setUploadPeers(u.peers());
  }

  private void onLocating(TransferEvent.Locating l) {
    TransferRow row = downloadRow(l.fileId());
    // Only a row still locating: a late event never revives a row whose outcome is known.
    if (row.getPhase() == Phase.LOCATING) row.setProgress(TransferRow.INDETERMINATE);
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
    log.accept("Found " + l.name() + " (" + Units.bytes(l.size()) + ") on " + plural(l.peers(), "peer")
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
    log.accept("Chunk " + r.chunkIndex() + " of " + nameOf(r.fileId()) + " failed on " + r.peer() + " ("
        + r.reason() + "); asking another peer");
  }

  private void onPeerLost(TransferEvent.PeerLost l) {
    log.accept("Lost peer " + l.peer() + " for " + nameOf(l.fileId()) + ": " + l.reason());
  }

  /** The download locates the file again: the next manifest's Located moves the row on. */
  private void onManifestRejected(TransferEvent.ManifestRejected m) {
    TransferRow row = downloadRow(m.fileId());
    if (row.getPhase() == Phase.DOWNLOADING || row.getPhase() == Phase.VERIFYING) {
      row.setPhase(Phase.LOCATING);
      row.setProgress(TransferRow.INDETERMINATE);
    }
    log.accept(m.message());
  }

  private void onVerifying(TransferEvent.Verifying v) {
    TransferRow row = downloadRow(v.fileId());
    // The download's outcome may be known before its last events arrive (another channel).
    if (row.getPhase() == Phase.SEEDING || row.getPhase() == Phase.FAILED
        || row.getPhase() == Phase.CANCELLED) return;
    row.setPhase(Phase.VERIFYING);
    row.setProgress(1.0);
    row.setSpeed(0);
    row.setEta("");
    log.accept("All chunks of " + row.nameProperty().get() + " received; verifying the whole file");
  }

  // ---------------------------------------------------------------- helpers

  private TransferRow hashingRow(Path key) {
    TransferRow row = new TransferRow(Kind.SHARE, key, String.valueOf(key.getFileName()), Phase.HASHING);
    hashing.put(key, row);
    rows.add(row);
    return row;
  }

  /** The row of download {@code id}, made (locating) if there is none. */
  private TransferRow downloadRow(FileId id) {
    TransferRow row = byId.get(id.hex());
    if (row == null) {
      row = new TransferRow(Kind.DOWNLOAD, null, id.shortHex() + "…", Phase.LOCATING);
      row.setFileId(id.hex());
      row.setProgress(TransferRow.INDETERMINATE);
      byId.put(id.hex(), row);
      rows.add(row);
    }
    return row;
  }

  private String nameOf(FileId id) {
    TransferRow row = id == null ? null : byId.get(id.hex());
    return row != null ? row.nameProperty().get() : id == null ? "?" : id.shortHex() + "…";
  }

  private static Path key(Path file) {
    return file.toAbsolutePath().normalize();
  }

  private static String plural(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
