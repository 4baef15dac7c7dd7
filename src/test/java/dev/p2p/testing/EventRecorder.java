package dev.p2p.testing;

import dev.p2p.app.NodeFacade;
import dev.p2p.transfer.TransferEvent;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every {@link TransferEvent} a node publishes from subscription until {@link #close()}, safe to
 * read while the node is still publishing. Queries by type replace hand-written
 * {@code filter(instanceof).map(cast)} chains.
 */
public final class EventRecorder implements AutoCloseable {
  private final List<TransferEvent> events = new CopyOnWriteArrayList<>();
  private AutoCloseable subscription;
  private boolean closed;

  private EventRecorder() {}

  /** Subscribes to {@code node}'s events. */
  public static EventRecorder of(NodeFacade node) {
    EventRecorder r = new EventRecorder();
    r.subscription = node.subscribe(r.events::add);
    return r;
  }

  /** Everything recorded so far, in order. */
  public List<TransferEvent> all() {
    return List.copyOf(events);
  }

  /** The recorded events of {@code type}, in order. */
  public <T extends TransferEvent> List<T> ofType(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** The last recorded event of {@code type}, if any. */
  public <T extends TransferEvent> Optional<T> lastOfType(Class<T> type) {
    List<T> all = ofType(type);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /** Stops recording; what was recorded stays readable. Idempotent. */
  @Override
  public synchronized void close() throws Exception {
    if (closed) return;
    closed = true;
    subscription.close();
  }

  @Override
  public String toString() {
    return events.toString();
  }
}
