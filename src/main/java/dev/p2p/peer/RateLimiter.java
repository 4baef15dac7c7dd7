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
 * pass at once, as a TCP token bucket filter would let them.
 */
public final class RateLimiter {
  private static final CompletableFuture<Void> NOW = CompletableFuture.completedFuture(null);

  private final ActorSystem<?> system;
  private final LongSupplier nanoTime;
  private final double bytesPerNano;
  private final long burstNanos = 50_000_000L;
  private long nextFree;

  public RateLimiter(ActorSystem<?> system, long bytesPerSecond) {
    this(system, bytesPerSecond, System::nanoTime);
  }

  /**
   * With the clock {@code nanoTime} in place of {@link System#nanoTime()}: a test that runs
   * {@code system} under ManualTime advances this clock along with the scheduler.
   */
  public RateLimiter(ActorSystem<?> system, long bytesPerSecond, LongSupplier nanoTime) {
    this.system = system;
    this.nanoTime = nanoTime;
    this.bytesPerNano = bytesPerSecond / 1e9;
    this.nextFree = nanoTime.getAsLong();
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
