package dev.p2p.app.ops;

import dev.p2p.app.ops.NodeStatus.Peer;
import dev.p2p.app.ops.NodeStatus.Transfer;
import dev.p2p.storage.FileId;
import dev.p2p.transfer.TransferEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A node's transfers and the peers of its downloads as its events tell them, for GET /status.
 * Events arrive one at a time from the node's subscription; a snapshot may be taken from any
 * thread at any time (both take this object's lock, which is held for a map update or a copy).
 */
public final class StatusBoard {
  /** The states of a download not yet ended (the active-transfers gauge counts these). */
  static final Set<String> ACTIVE = Set.of("locating", "waiting", "downloading", "paused", "verifying");

  private final Map<FileId, Transfer> transfers = new LinkedHashMap<>();
  private final Map<FileId, List<TransferEvent.PeerStat>> peers = new LinkedHashMap<>();

  /** Takes in one event of the node. */
  public synchronized void on(TransferEvent e) {
    FileId id = e.fileId();
    if (e instanceof TransferEvent.Shared s) {
      transfers.put(id, new Transfer(id.hex(), s.name(), "sharing", s.size(), s.size(), 0, 0));
      peers.remove(id);
    } else if (e instanceof TransferEvent.Uploading u) {
      update(id, t -> t.state().equals("sharing")
          ? new Transfer(t.id(), t.name(), t.state(), t.bytesDone(), t.size(), u.bytesPerSecond(), u.peers()) : t);
    } else if (e instanceof TransferEvent.Locating) {
      transfers.putIfAbsent(id, new Transfer(id.hex(), id.hex().substring(0, 8), "locating", 0, 0, 0, 0));
    } else if (e instanceof TransferEvent.Located l) {
      transfers.put(id, new Transfer(id.hex(), l.name(), "downloading", 0, l.size(), 0, l.peers()));
    } else if (e instanceof TransferEvent.Progress p) {
      update(id, t -> new Transfer(t.id(), t.name(), state(t, p.bytesDone()), p.bytesDone(), p.size(),
          p.bytesPerSecond(), p.peersConnected()));
      peers.put(id, p.peers());
    } else if (e instanceof TransferEvent.Paused) {
      state(id, "paused");
    } else if (e instanceof TransferEvent.Resumed) {
      state(id, "downloading");
    } else if (e instanceof TransferEvent.Waiting) {
      state(id, "waiting");
    } else if (e instanceof TransferEvent.Verifying) {
      state(id, "verifying");
    } else if (e instanceof TransferEvent.Completed c) {
      update(id, t -> new Transfer(t.id(), t.name(), "done", c.size(), c.size(), 0, 0));
      peers.remove(id);
    } else if (e instanceof TransferEvent.Failed) {
      update(id, t -> new Transfer(t.id(), t.name(), "failed", t.bytesDone(), t.size(), 0, 0));
      peers.remove(id);
    }
  }

  /**
   * Paused stays paused under the progress line it still sends; waiting stays waiting until a
   * byte arrives (Waiting is told once per reason, progress four times a second).
   */
  private static String state(Transfer t, long bytesDone) {
    boolean holds = t.state().equals("paused") || t.state().equals("waiting") && bytesDone == t.bytesDone();
    return holds ? t.state() : "downloading";
  }

  private void state(FileId id, String state) {
    update(id, t -> new Transfer(t.id(), t.name(), state, t.bytesDone(), t.size(), 0, t.peers()));
  }

  private void update(FileId id, UnaryOperator<Transfer> change) {
    transfers.computeIfPresent(id, (k, t) -> change.apply(t));
  }

  /** The transfers, in the order they first appeared. */
  public synchronized List<Transfer> transfers() {
    return List.copyOf(transfers.values());
  }

  /** The remote peers of the downloads under way. */
  public synchronized List<Peer> peers() {
    List<Peer> all = new ArrayList<>();
    peers.forEach((id, stats) -> stats.forEach(s ->
        all.add(new Peer(s.peer(), id.hex(), s.bytes(), s.chunks(), s.banned()))));
    return all;
  }

  /** Downloads not yet ended. */
  public synchronized int active() {
    return (int) transfers.values().stream().filter(t -> ACTIVE.contains(t.state())).count();
  }
}
