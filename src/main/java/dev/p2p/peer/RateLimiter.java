package dev.p2p.peer;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * A token bucket shared by every connection of a node (upload or download): {@link #acquire}
 * completes when {@code n} bytes may pass, never blocking a thread (it schedules the completion
 * on Pekko's scheduler). A rate of 0 means unlimited. Bursts of up to 50 ms of traffic pass at
 * once, as a TCP token bucket filter would let them.
 */
public final class RateLimiter {
  private static final CompletableFuture<Void> NOW = CompletableFuture.completedFuture(null);

  private final ActorSystem<?> system;
  private final double bytesPerNano;
  private final long burstNanos = 50_000_000L;
  private long nextFree = System.nanoTime();

  public RateLimiter(ActorSystem<?> system, long bytesPerSecond) {
    this.system = system;
    this.bytesPerNano = bytesPerSecond / 1e9;
  }

  public boolean unlimited() {
    return bytesPerNano == 0;
  }

  public CompletionStage<Void> acquire(long n) {
    if (unlimited() || n <= 0) return NOW;
    long wait;
    synchronized (this) {
      long now = System.nanoTime();
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
