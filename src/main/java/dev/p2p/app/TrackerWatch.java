package dev.p2p.app;

import dev.p2p.protocol.Message;
import dev.p2p.storage.FileId;
import dev.p2p.text.P2pException;
import dev.p2p.text.UserText;
import dev.p2p.tracker.TrackerClient;
import dev.p2p.transfer.TransferEvent;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Whether one node's tracker answers, told to the node's subscribers as {@link
 * TransferEvent.TrackerStatus} each time that changes: reachable after any request that got an
 * answer (whoever made it: a registration, a download's query, a probe), unreachable after one
 * that did not. While unreachable it asks the tracker again by itself (a QUERY_PEERS of a file
 * nobody shares, the cheapest question every tracker answers), {@link #FIRST_PROBE} doubling up
 * to {@link #MAX_PROBE}, until it answers; the node re-registers its shares then (the tracker
 * client's exchange that says {@code recovered}). The state is about the tracker in use, after
 * any failover.
 *
 * <p>Nothing is asked of the tracker while it answers: requests the node makes anyway tell.
 * Thread-safe: the tracker client tells it from any thread.
 */
final class TrackerWatch implements AutoCloseable {
  /** The first probe after a failure: soon, since a tracker restart takes a second or two. */
  static final Duration FIRST_PROBE = Duration.ofSeconds(1);

  /** The longest wait between probes: a tracker that is back is seen within this. */
  static final Duration MAX_PROBE = Duration.ofSeconds(30);

  /** A file ID nobody shares: the tracker answers "none" without looking anything up. */
  private static final FileId PROBE_ID = new FileId("0".repeat(64));

  /** Runs {@code task} after {@code delay}; the returned runnable cancels it. */
  @FunctionalInterface
  interface Timer {
    Runnable schedule(Duration delay, Runnable task);
  }

  private final String nodeId;
  private final Runnable probe;
  private final Consumer<TransferEvent> publish;
  private final Timer timer;
  private final Clock clock;
  /** The last state told; null until the first request ended. */
  private TransferEvent.TrackerStatus status;
  /** When the next probe is due, while one is scheduled. */
  private Instant due;
  private Runnable cancelProbe;
  private int failures;
  private boolean probing;
  private boolean closed;

  TrackerWatch(String nodeId, Runnable probe, Consumer<TransferEvent> publish, Timer timer, Clock clock) {
    this.nodeId = nodeId;
    this.probe = probe;
    this.publish = publish;
    this.timer = timer;
    this.clock = clock;
  }

  /** Watches {@code tracker}'s requests from now on; events go to {@code publish}. */
  static TrackerWatch start(ActorSystem<?> system, TrackerClient tracker, String nodeId,
      Consumer<TransferEvent> publish) {
    Runnable ask = () -> tracker.request(new Message.QueryPeers(PROBE_ID, null, null));
    Timer timer = (delay, task) -> {
      Cancellable c = system.scheduler().scheduleOnce(delay, task, system.executionContext());
      return c::cancel;
    };
    TrackerWatch watch = new TrackerWatch(nodeId, ask, publish, timer, Clock.systemUTC());
    tracker.onExchange(e -> watch.exchanged(e.tracker(), e.failure()));
    return watch;
  }

  /** How long to wait before the {@code n}-th probe in a row: 1 s doubling, at most {@link #MAX_PROBE}. */
  static Duration probeDelay(int n) {
    return Duration.ofMillis(Math.min(MAX_PROBE.toMillis(), FIRST_PROBE.toMillis() << Math.min(n - 1, 20)));
  }

  /** A request to {@code tracker} ended: answered ({@code failure} null) or not. */
  synchronized void exchanged(InetSocketAddress tracker, P2pException failure) {
    if (closed) return;
    String where = tracker.getHostString() + ":" + tracker.getPort();
    if (failure == null) {
      failures = 0;
      probing = false;
      cancelProbe();
      if (status == null || !status.reachable() || !status.tracker().equals(where)) {
        tell(new TransferEvent.TrackerStatus(nodeId, where, true, clock.instant(), "", Duration.ZERO));
      }
      return;
    }
    if (cancelProbe != null) return; // a probe is due: its answer tells
    probing = false;
    boolean wasDown = status != null && !status.reachable() && status.tracker().equals(where);
    Duration wait = probeDelay(++failures);
    due = clock.instant().plus(wait);
    cancelProbe = timer.schedule(wait, this::probeNow);
    tell(new TransferEvent.TrackerStatus(nodeId, where, false, wasDown ? status.since() : clock.instant(),
        reason(failure), wait));
  }

  /**
   * The state as a new subscriber should first hear it (the wait until the next probe as it is
   * now), or empty when nothing is known yet; then a probe is made, so that the window knows
   * from its start rather than from its first transfer.
   */
  synchronized Optional<TransferEvent.TrackerStatus> current() {
    if (status == null) {
      if (!probing && cancelProbe == null && !closed) {
        probing = true;
        probe.run();
      }
      return Optional.empty();
    }
    if (status.reachable() || due == null) return Optional.of(status);
    Duration left = Duration.between(clock.instant(), due);
    return Optional.of(new TransferEvent.TrackerStatus(status.node(), status.tracker(), false,
        status.since(), status.reason(), left.isNegative() ? Duration.ZERO : left));
  }

  /** No more probes (the node stops). */
  @Override
  public synchronized void close() {
    closed = true;
    cancelProbe();
  }

  private synchronized void probeNow() {
    cancelProbe = null;
    due = null;
    if (closed) return;
    probing = true;
    probe.run(); // its end comes back through exchanged()
  }

  private void cancelProbe() {
    if (cancelProbe != null) cancelProbe.run();
    cancelProbe = null;
    due = null;
  }

  private void tell(TransferEvent.TrackerStatus s) {
    status = s;
    publish.accept(s);
  }

  private static String reason(P2pException failure) {
    return failure instanceof TrackerClient.Unavailable u ? u.reason() : UserText.oneLine(failure);
  }
}
