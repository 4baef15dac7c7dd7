package dev.p2p.app;

import dev.p2p.peer.Library;
import dev.p2p.storage.FileId;
import dev.p2p.transfer.TransferEvent;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Who hears one node's events, and the upload counts its once-a-second {@link
 * TransferEvent.Uploading} events are made of. Used by the {@link PeerGuardian} on its own thread
 * only (it watches each subscriber and runs the tick timer while there is one).
 */
final class Subscribers {
  private final Set<ActorRef<TransferEvent>> subscribers = new HashSet<>();
  private final Map<FileId, Long> lastServed = new HashMap<>();
  /** Files whose last upload event reported traffic. */
  private final Set<FileId> uploading = new HashSet<>();

  /** Adds {@code s}; true if it was not subscribed yet. */
  boolean add(ActorRef<TransferEvent> s) {
    return subscribers.add(s);
  }

  /** Removes {@code s}; true if it was subscribed. */
  boolean remove(ActorRef<TransferEvent> s) {
    return subscribers.remove(s);
  }

  boolean isEmpty() {
    return subscribers.isEmpty();
  }

  int size() {
    return subscribers.size();
  }

  void publish(TransferEvent e) {
    subscribers.forEach(s -> s.tell(e));
  }

  /** Counting starts now (the first subscriber came): what was uploaded before is not news. */
  void startCounting(Library library) {
    for (Library.Entry e : library.entries()) {
      lastServed.put(e.source().manifest().id(), e.bytesServed());
      e.drainDownloaders();
    }
  }

  /**
   * One tick: an upload event for each file that was served since the last one, and one saying
   * zero for each that was served up to the last one but no longer.
   */
  void tick(Library library, String nodeId) {
    for (Library.Entry e : library.entries()) {
      FileId id = e.source().manifest().id();
      long served = e.bytesServed();
      long before = lastServed.getOrDefault(id, 0L);
      int peers = e.drainDownloaders();
      if (served != before || peers > 0) {
        publish(new TransferEvent.Uploading(nodeId, id, peers, served, served - before));
        uploading.add(id);
      } else if (uploading.remove(id)) {
        // Once when it stops: a view showing the last rate would show it for ever.
        publish(new TransferEvent.Uploading(nodeId, id, 0, served, 0));
      }
      lastServed.put(id, served);
    }
  }
}
