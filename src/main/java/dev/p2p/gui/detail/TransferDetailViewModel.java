package dev.p2p.gui.detail;

import dev.p2p.storage.FileId;
import dev.p2p.transfer.TransferEvent;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The piece map and speed graph of the selected transfer. Fed every node event on the UI thread
 * ({@link #apply}); keeps the {@link ChunkStates} and a {@link SpeedHistory} per transfer (the
 * per-chunk events update the states and are shown with the next other event, so a fast download
 * does not redraw per chunk), so a row selected later shows its last two minutes too. At most {@link #MAX_TRACKED} transfers are kept,
 * the least recently reported dropped first.
 */
public final class TransferDetailViewModel {
  /** Transfers whose detail is kept: a bound on memory whatever the node reports. */
  public static final int MAX_TRACKED = 256;
  /** Peers named in the summary line; the rest are counted. */
  static final int PEERS_NAMED = 4;

  private static final class Detail {
    final ChunkStates pieces = new ChunkStates();
    final SpeedHistory speed = new SpeedHistory();
    List<TransferEvent.PeerStat> peers = List.of();
  }

  private final Clock clock;
  private final Map<FileId, Detail> details = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<FileId, Detail> eldest) {
      return size() > MAX_TRACKED;
    }
  };
  private final StringProperty selectedId = new SimpleStringProperty(this, "selectedId", "");
  private final ReadOnlyObjectWrapper<PieceMap> pieceMap = new ReadOnlyObjectWrapper<>(this, "pieceMap", PieceMap.EMPTY);
  private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
  private final ObservableList<SpeedHistory.Sample> speeds = FXCollections.observableArrayList();

  public TransferDetailViewModel(Clock clock) {
    this.clock = clock;
    selectedId.addListener((obs, old, now) -> publish());
  }

  /** The hex file ID of the selected transfer; empty for none (or a file still being hashed). */
  public StringProperty selectedIdProperty() {
    return selectedId;
  }

  public ReadOnlyObjectProperty<PieceMap> pieceMapProperty() {
    return pieceMap.getReadOnlyProperty();
  }

  /** One line: chunk counts, retries and whom the chunks came from. */
  public ReadOnlyStringProperty summaryProperty() {
    return summary.getReadOnlyProperty();
  }

  /** The selected transfer's speed samples, oldest first (at most {@link SpeedHistory#CAPACITY}). */
  public ObservableList<SpeedHistory.Sample> speeds() {
    return speeds;
  }

  /** Takes in one node event; events about no file are ignored. */
  public void apply(TransferEvent event) {
    FileId id = event.fileId();
    if (id == null) return;
    Detail d = details.computeIfAbsent(id, k -> new Detail());
    long now = clock.instant().getEpochSecond();
    if (event instanceof TransferEvent.ChunkRequested r) {
      d.pieces.requested(r.index());
      return; // per chunk: drawn with the next progress report, a few times a second
    } else if (event instanceof TransferEvent.ChunkVerified v) {
      d.pieces.verified(v.index(), v.peer());
      return;
    } else if (event instanceof TransferEvent.Located l) {
      d.pieces.layout(l.numChunks());
      d.pieces.counts(l.numChunks(), l.resumedChunks(), 0);
    } else if (event instanceof TransferEvent.Progress p) {
      int inFlight = p.peers().stream().mapToInt(TransferEvent.PeerStat::inFlight).sum();
      d.pieces.counts(p.numChunks(), p.chunksDone(), inFlight);
      d.peers = p.peers();
      d.speed.download(now, p.bytesPerSecond());
    } else if (event instanceof TransferEvent.ChunkRetried r) {
      d.pieces.retried(r.chunkIndex());
    } else if (event instanceof TransferEvent.Uploading u) {
      d.speed.upload(now, u.bytesPerSecond());
    } else if (event instanceof TransferEvent.Shared) {
      d.pieces.completed();
    } else if (event instanceof TransferEvent.Completed) {
      d.pieces.completed();
      d.speed.stop(now);
    } else if (event instanceof TransferEvent.ManifestRejected) {
      // A new manifest means other chunk hashes: what was marked is about the old one.
      d.pieces.reset();
    } else if (event instanceof TransferEvent.Paused || event instanceof TransferEvent.Failed) {
      d.speed.stop(now);
    }
    if (id.equals(selected())) publish();
  }

  private FileId selected() {
    String hex = selectedId.get();
    return hex != null && FileId.isValid(hex) ? FileId.parse(hex) : null;
  }

  private void publish() {
    FileId id = selected();
    Detail d = id == null ? null : details.get(id);
    if (d == null) {
      pieceMap.set(PieceMap.EMPTY);
      summary.set(id == null ? "" : "No chunk reports yet.");
      speeds.clear();
      return;
    }
    PieceMap map = d.pieces.snapshot();
    pieceMap.set(map);
    summary.set(summaryOf(map, d.peers));
    speeds.setAll(d.speed.samples());
  }

  static String summaryOf(PieceMap map, List<TransferEvent.PeerStat> peers) {
    StringBuilder line = new StringBuilder();
    if (map.complete()) line.append("All chunks here");
    else line.append(map.verified()).append(" of ").append(map.numChunks()).append(" chunks verified, ")
        .append(map.inFlight()).append(" in flight");
    if (!map.retried().isEmpty()) line.append(", ").append(map.retried().size()).append(" retried on another peer");
    List<TransferEvent.PeerStat> from = peers.stream().filter(p -> p.chunks() > 0)
        .sorted(Comparator.comparingInt(TransferEvent.PeerStat::chunks).reversed()).toList();
    if (!from.isEmpty()) {
      line.append("; from ").append(from.stream().limit(PEERS_NAMED)
          .map(p -> p.peer() + " (" + p.chunks() + ")").collect(Collectors.joining(", ")));
      if (from.size() > PEERS_NAMED) line.append(" and ").append(from.size() - PEERS_NAMED).append(" more");
    }
    return line.append('.').toString();
  }
}
