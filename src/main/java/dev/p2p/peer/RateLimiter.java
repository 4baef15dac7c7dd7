package dev.p2p.peer;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * A token bucket shared by every connection of a node (upload or download): {@link #acquire}
 * completes when {@code n} bytes may pass, never blocking a thread (it schedules the completion
 * on the actor system's scheduler). A rate of 0 means unlimited. Bursts of up to 50 ms of traffic
 * (or two scheduler ticks, if longer) pass at once, as a TCP token bucket filter would let them.
 */
public final class RateLimiter {
  private static final CompletableFuture<Void> NOW = CompletableFuture.completedFuture(null);

  private final ActorSystem<?> system;
  private final LongSupplier nanoTime;
  private final double bytesPerNano;
  private final long burstNanos;
  private long nextFree;

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

  public boolean unlimited() {
    return bytesPerNano == 0;
  }

  public CompletionStage<Void> acquire(long n) {
    if (unlimited() || n <= 0) return NOW;
    long wait;
    synchronized (this) {
      long now = nanoTime.getAsLong();
      nextFree = Math.max(nextFree, now - burstNanos) + (long) (n / bytesPerNano);
      wait = nextFree - now - burstNanos;
    }
    if (wait <= 0) return NOW;
    CompletableFuture<Void> later = new CompletableFuture<>();
    system.scheduler().scheduleOnce(Duration.ofNanos(wait), () -> later.complete(null),
        system.executionContext());
    return later;
  }
}
