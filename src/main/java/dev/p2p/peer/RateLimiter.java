package dev.p2p.peer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * A token bucket shared by every connection of a node (upload or download): {@link #acquire}
 * completes when {@code n} bytes may pass, never blocking a thread (it schedules the completion
 * on the actor system's scheduler). A rate of 0 means unlimited. Bursts of up to 50 ms of traffic
 * (or two scheduler ticks, if longer) pass at once, as a TCP token bucket filter would let them.
 *
 * <p>The rate can change at any time ({@link #setRate}, the window's limits): grants already
 * waiting are rescheduled for the new rate, so a change applies at once to running transfers.
 */
public final class RateLimiter {
  private static final CompletableFuture<Void> NOW = CompletableFuture.completedFuture(null);

  private final ActorSystem<?> system;
  private final LongSupplier nanoTime;
  private final long burstNanos;
  /** Guarded by {@code this}, as are the fields below. */
  private double bytesPerNano;
  private long nextFree;
  private final Set<Waiter> waiting = new HashSet<>();

  public RateLimiter(ActorSystem<?> system, long bytesPerSecond) {
    this(system, bytesPerSecond,
        burstFor(system.settings().config().getDuration("pekko.scheduler.tick-duration")),
        System::nanoTime);
  }

  /**
   * With the burst allowance {@code burst} and the clock {@code nanoTime} in place of
   * {@link System#nanoTime()}: a test that runs {@code system} under ManualTime advances this
   * clock along with the scheduler.
   */
  public RateLimiter(ActorSystem<?> system, long bytesPerSecond, Duration burst,
      LongSupplier nanoTime) {
    this.system = system;
    this.nanoTime = nanoTime;
    this.bytesPerNano = bytesPerSecond / 1e9;
    this.burstNanos = burst.toNanos();
    this.nextFree = nanoTime.getAsLong();
  }

  /**
   * The burst allowance for a scheduler ticking every {@code tick}: a wait ends up to two ticks
   * late (rounded up to a tick, plus the tick in progress), and a grant that late still counts
   * from when it was due only while the lateness stays within the burst; beyond it the rate drops
   * (measured: a 100 ms tick with a 50 ms burst halved a 2.5 MB/s upload).
   */
  public static Duration burstFor(Duration tick) {
    Duration twoTicks = tick.multipliedBy(2);
    Duration floor = Duration.ofMillis(50);
    return twoTicks.compareTo(floor) > 0 ? twoTicks : floor;
  }

  public synchronized boolean unlimited() {
    return bytesPerNano == 0;
  }

  /** The rate in bytes per second now (0: unlimited). */
  public synchronized long rate() {
    return Math.round(bytesPerNano * 1e9);
  }

  public CompletionStage<Void> acquire(long n) {
    if (n <= 0) return NOW;
    synchronized (this) {
      if (bytesPerNano == 0) return NOW;
      long now = nanoTime.getAsLong();
      nextFree = Math.max(nextFree, now - burstNanos) + (long) (n / bytesPerNano);
      long due = nextFree - burstNanos;
      if (due <= now) return NOW;
      Waiter w = new Waiter(due);
      waiting.add(w);
      schedule(w, now);
      return w.grant;
    }
  }

  /**
   * Sets the rate to {@code bytesPerSecond} (0: unlimited) from now on. The backlog of bytes
   * already promised (grants waiting, and the burst's debt) is spread over the new rate: each
   * waiting grant comes due as if the new rate had been in force while it waited; going
   * unlimited lets every waiting grant pass at once.
   */
  public void setRate(long bytesPerSecond) {
    if (bytesPerSecond < 0) throw new IllegalArgumentException("negative rate: " + bytesPerSecond);
    List<Waiter> now;
    synchronized (this) {
      double next = bytesPerSecond / 1e9;
      if (next == bytesPerNano) return;
      long t = nanoTime.getAsLong();
      if (next == 0) {
        now = new ArrayList<>(waiting);
        waiting.clear();
        now.forEach(w -> w.task.cancel()); // granted now: their timers would only hold them
        nextFree = t;
      } else if (bytesPerNano == 0) {
        now = List.of();
        nextFree = t; // nothing is owed after unlimited traffic: start with a full burst
      } else {
        now = new ArrayList<>();
        double stretch = bytesPerNano / next;
        if (nextFree > t) nextFree = t + (long) ((nextFree - t) * stretch);
        for (Waiter w : new ArrayList<>(waiting)) {
          w.due = t + (long) (Math.max(0, w.due - t) * stretch);
          w.task.cancel();
          if (w.due <= t) {
            waiting.remove(w);
            now.add(w);
          } else {
            schedule(w, t);
          }
        }
      }
      bytesPerNano = next;
    }
    // Outside the lock: a grant's completion runs its transfer's next step, which may acquire.
    now.forEach(w -> w.grant.complete(null));
  }

  /** Guarded by {@code this}: (re)schedules {@code w}'s grant for its due time. */
  private void schedule(Waiter w, long now) {
    long generation = ++w.generation;
    w.task = system.scheduler().scheduleOnce(Duration.ofNanos(w.due - now), () -> fire(w, generation),
        system.executionContext());
  }

  private void fire(Waiter w, long generation) {
    synchronized (this) {
      // A rescheduled grant's old timer may fire anyway (cancel lost the race): it is stale.
      if (w.generation != generation || !waiting.remove(w)) return;
    }
    w.grant.complete(null);
  }

  /** A grant waiting for its due time (nanoTime), with its timer; guarded by the limiter. */
  private static final class Waiter {
    final CompletableFuture<Void> grant = new CompletableFuture<>();
    long due;
    long generation;
    Cancellable task;

    Waiter(long due) {
      this.due = due;
    }
  }
}
