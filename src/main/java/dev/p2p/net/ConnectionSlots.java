package dev.p2p.net;

import dev.p2p.metrics.Meters;
import dev.p2p.metrics.ServerMeters;
import dev.p2p.protocol.ProtocolException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.KillSwitch;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.stage.AbstractInOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections one server holds, and who gives way when it is full.
 *
 * <ul>
 *   <li>A newcomer from an IP address that already holds {@code maxPerIp} connections is refused
 *       ({@link #admit} is empty): only that address's own connections are at stake, and
 *       refusing is cheaper than letting one host churn the server's slots.
 *   <li>At the total cap {@code max} the newcomer is admitted and one connection is aborted
 *       instead: one that has not completed its first frame yet if there is any (a connection
 *       that has said nothing useful gives way before one that has), else the one whose last
 *       bytes arrived longest ago. So idle sockets, from however many addresses, can no longer
 *       keep a client out; at worst they push each other out.
 * </ul>
 *
 * <p>{@link Slot#guard} wraps a connection's byte flow (the raw TCP side, so that it also covers
 * a TLS handshake below the framing) with the slot's kill switch, its activity stamp (one volatile
 * write per received {@code ByteString}, no lock on the data path) and the header timeout: a
 * connection that has not completed a frame ({@link Slot#framesSeen}) within it is closed, cap or
 * not. Admission, release and the choice of victim take this object's lock; they run once per
 * connection. The clock is injected so that the policy can be tested without time passing.
 */
public final class ConnectionSlots {
  private static final Logger log = LoggerFactory.getLogger(ConnectionSlots.class);

  /** Unframed connections first, then by the time of their last received bytes, oldest first. */
  private static final Comparator<Slot> EVICTION_ORDER =
      Comparator.comparing((Slot s) -> s.framed).thenComparingLong(s -> s.lastReceived);

  private final String name;
  private final int max;
  private final int maxPerIp;
  private final Duration headerTimeout;
  private final LongSupplier nanoClock;
  private final Set<Slot> open = new HashSet<>();
  private final Map<String, Integer> perIp = new HashMap<>();
  private long evictions;
  private long refusals;
  private final ServerMeters meters;

  /**
   * Slots of the server {@code name} (for its log lines): at most {@code max} connections, at
   * most {@code maxPerIp} from one IP address, each to complete its first frame within {@code
   * headerTimeout}; {@code nanoClock} as {@link System#nanoTime}.
   */
  public ConnectionSlots(String name, int max, int maxPerIp, Duration headerTimeout,
      LongSupplier nanoClock) {
    if (max < 1 || maxPerIp < 1) throw new IllegalArgumentException("connection caps must be >= 1");
    this.name = name;
    this.max = max;
    this.maxPerIp = maxPerIp;
    this.headerTimeout = headerTimeout;
    this.nanoClock = nanoClock;
    this.meters = Meters.process().server(name);
  }

  /**
   * A slot for a connection from {@code remote}, or empty when its address holds {@code maxPerIp}
   * connections already (the caller refuses it). At the total cap the connection that gives way
   * (see the class comment) is aborted and its slot is free at once, before its stream ends.
   */
  public Optional<Slot> admit(InetSocketAddress remote) {
    String ip = remote.getAddress().getHostAddress();
    Slot victim = null;
    Slot slot;
    long evicted;
    synchronized (this) {
      int mine = perIp.getOrDefault(ip, 0);
      if (mine >= maxPerIp) {
        meters.refusedPerIp();
        if (isPowerOfTen(++refusals)) {
          log.warn("{}: refusing connection from {}: too many connections from it ({}); {} refused so far",
              name, remote, mine, refusals);
        }
        return Optional.empty();
      }
      if (open.size() >= max) {
        victim = open.stream().min(EVICTION_ORDER).orElseThrow();
        release(victim);
      }
      slot = new Slot(remote, ip, nanoClock.getAsLong());
      open.add(slot);
      perIp.merge(ip, 1, Integer::sum);
      evicted = victim == null ? 0 : ++evictions;
    }
    meters.opened();
    if (victim != null) meters.evictedAtCap();
    if (victim != null) evict(victim, remote, evicted);
    return Optional.of(slot);
  }

  private void evict(Slot victim, InetSocketAddress newcomer, long evicted) {
    long idleMs = TimeUnit.NANOSECONDS.toMillis(nanoClock.getAsLong() - victim.lastReceived);
    String why = victim.framed ? "was idle longest" : "had not completed a frame";
    victim.abort(new ProtocolException("closed for a newcomer: the server is full (" + max
        + " connections) and this one " + why + " (no bytes for " + idleMs + " ms)"));
    // One line per eviction (or refusal) would let a flood fill the log: the 1st, 10th, 100th, ...
    if (isPowerOfTen(evicted)) {
      log.warn("{}: full ({} connections): closed {} ({}, idle {} ms) for {}; {} closed so far",
          name, max, victim.remote, victim.framed ? "framed" : "no frame yet", idleMs, newcomer, evicted);
    }
  }

  private static boolean isPowerOfTen(long n) {
    while (n >= 10 && n % 10 == 0) n /= 10;
    return n == 1;
  }

  /** Frees {@code slot}; a second call (the stream ends after an eviction) does nothing. */
  synchronized void release(Slot slot) {
    if (open.remove(slot)) {
      perIp.computeIfPresent(slot.ip, (k, v) -> v > 1 ? v - 1 : null);
      meters.closed();
    }
  }

  /** Connections holding a slot now. */
  public synchronized int size() {
    return open.size();
  }

  /** Connections from {@code ip} holding a slot now. */
  synchronized int size(String ip) {
    return perIp.getOrDefault(ip, 0);
  }

  /**
   * One admitted connection: its last-activity time, whether it has completed a frame, and the
   * kill switch that evicts it.
   */
  public final class Slot {
    private final InetSocketAddress remote;
    private final String ip;
    // Written by the connection's stream, read by admit (another stream's thread).
    private volatile long lastReceived;
    private volatile boolean framed;
    // Guarded by this slot: the switch arrives when the stream is materialized, an eviction may
    // come first.
    private KillSwitch killSwitch;
    private Throwable abortedBy;

    private Slot(InetSocketAddress remote, String ip, long now) {
      this.remote = remote;
      this.ip = ip;
      this.lastReceived = now;
    }

    /**
     * {@code connection} (raw TCP bytes in, bytes out) with this slot's kill switch around it, its
     * activity stamped as bytes arrive and the header timeout; the slot is released when the
     * connection ends.
     */
    public <O> Flow<ByteString, O, NotUsed> guard(Flow<ByteString, O, NotUsed> connection) {
      return BidiFlow.fromGraph(KillSwitches.<ByteString, O>singleBidi())
          .join(Flow.of(ByteString.class).via(new Inbound()).via(connection))
          .watchTermination((ks, done) -> {
            attach(ks);
            done.whenComplete((d, t) -> release());
            return NotUsed.getInstance();
          });
    }

    /**
     * Frames (after the framing, and after TLS if any) pass through and mark the slot as framed:
     * that stops its header timeout and ranks it after unframed ones for eviction, and count
   * toward the server's bytes received.
     */
    public Flow<ByteString, ByteString, NotUsed> framesSeen() {
      return Flow.of(ByteString.class).map(frame -> {
        if (!framed) framed = true;
        meters.received(frame.size());
        return frame;
      });
    }

    /** Frames on their way out, counted (one add per frame, a chunk at most, not per buffer). */
    public Flow<ByteString, ByteString, NotUsed> framesSent() {
      return Flow.of(ByteString.class).map(frame -> {
        sent(frame.size());
        return frame;
      });
    }

    /** {@code bytes} of frames went out (counted once per frame, as {@link #framesSent}). */
    void sent(int bytes) {
      meters.sent(bytes);
    }

    void received() {
      lastReceived = nanoClock.getAsLong();
    }


    void framed() {
      framed = true;
    }

    synchronized void attach(KillSwitch ks) {
      killSwitch = ks;
      if (abortedBy != null) ks.abort(abortedBy);
    }

    synchronized void abort(Throwable why) {
      if (abortedBy != null) return;
      abortedBy = why;
      if (killSwitch != null) killSwitch.abort(why);
    }

    void release() {
      ConnectionSlots.this.release(this);
    }

    /**
     * The raw bytes in: stamps the slot's activity per element and, if no frame is complete when
     * the header timeout fires, fails the connection downstream with a {@link ProtocolException}
     * (answered with one ERROR) while cancelling upstream normally, so that the TCP stage still
     * writes that ERROR before it closes (a failure-cancel would reset at once). A slowloris that
     * sends nothing, half a header, a byte now and then or a stalled handshake goes this way.
     */
    private final class Inbound extends GraphStage<FlowShape<ByteString, ByteString>> {
      private final FlowShape<ByteString, ByteString> shape = FlowShape.of(
          Inlet.<ByteString>create("ConnectionSlots.in"), Outlet.<ByteString>create("ConnectionSlots.out"));

      @Override
      public FlowShape<ByteString, ByteString> shape() {
        return shape;
      }

      @Override
      public GraphStageLogic createLogic(Attributes attributes) {
        Inlet<ByteString> in = shape.in();
        Outlet<ByteString> out = shape.out();
        return new TimerGraphStageLogic(shape) {
          {
            setHandlers(in, out, new AbstractInOutHandler() {
              @Override
              public void onPush() {
                received();
                push(out, grab(in));
              }

              @Override
              public void onPull() {
                pull(in);
              }
            });
          }

          @Override
          public void preStart() {
            scheduleOnce("header-timeout", headerTimeout);
          }

          @Override
          public void onTimer(Object key) {
            if (framed) return;
            meters.headerTimedOut();
            fail(out, new ProtocolException("no complete frame within " + headerTimeout.toMillis() + " ms"));
            cancel(in);
          }
        };
      }
    }

    @Override
    public String toString() {
      return remote + (framed ? " framed" : " unframed") + " last bytes at " + lastReceived;
    }
  }
}
