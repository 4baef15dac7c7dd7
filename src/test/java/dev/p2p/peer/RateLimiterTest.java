package dev.p2p.peer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void passesBytesAtTheConfiguredRate() throws Exception {
    RateLimiter limiter = new RateLimiter(testKit.system(), 1024 * 1024);
    long t0 = System.nanoTime();
    CompletableFuture<Void> last = null;
    for (int i = 0; i < 32; i++) last = limiter.acquire(32 * 1024).toCompletableFuture();
    last.get(5, TimeUnit.SECONDS);
    double secs = (System.nanoTime() - t0) / 1e9;
    // 1 MiB at 1 MiB/s, less the 50 ms burst allowance.
    assertTrue(secs > 0.8 && secs < 2.0, "took " + secs + " s");
  }

  @Test
  void zeroMeansUnlimited() {
    RateLimiter limiter = new RateLimiter(testKit.system(), 0);
    assertTrue(limiter.unlimited());
    assertTrue(limiter.acquire(1L << 40).toCompletableFuture().isDone());
  }
}
