package dev.p2p.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The limiter under ManualTime: its clock and the scheduler advance together, by the test. */
class RateLimiterTest {
  static final ActorTestKit testKit = ActorTestKit.create(ManualTime.config());
  static final ManualTime manualTime = ManualTime.get(testKit.system());

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  final AtomicLong clock = new AtomicLong();

  void timePasses(Duration d) {
    clock.addAndGet(d.toNanos());
    manualTime.timePasses(d);
  }

  static int done(List<CompletableFuture<Void>> all) {
    return (int) all.stream().filter(CompletableFuture::isDone).count();
  }

  @Test
  void passesBytesAtTheConfiguredRate() throws Exception {
    RateLimiter limiter = new RateLimiter(testKit.system(), 1024 * 1024, Duration.ofMillis(50), clock::get);
    List<CompletableFuture<Void>> grants = new ArrayList<>();
    for (int i = 0; i < 32; i++) grants.add(limiter.acquire(32 * 1024).toCompletableFuture());
    // 32 KiB takes 31.25 ms at 1 MiB/s, so grant k (from 1) is due at 31.25 k - 50 ms (the burst
    // allowance): only the first passes at once.
    assertEquals(1, done(grants));

    // After 500 ms: 500 ms of traffic plus the burst, 550 ms = 17.6 grants, so 17.
    timePasses(Duration.ofMillis(500));
    grants.get(16).get(5, TimeUnit.SECONDS);
    assertEquals(17, done(grants), "grants after 0.5 s");

    // 1 MiB at 1 MiB/s, less the 50 ms burst allowance: the last grant is due at 950 ms (less a
    // rounding of the per-grant interval, under 1 ms in all).
    timePasses(Duration.ofMillis(440));
    assertFalse(grants.get(31).isDone(), "the last grant is not due at 940 ms");
    assertEquals(31, done(grants));
    timePasses(Duration.ofMillis(10));
    grants.get(31).get(5, TimeUnit.SECONDS);
    assertEquals(32, done(grants));
  }

  @Test
  void burstCoversTwoSchedulerTicksButNeverLessThan50Ms() {
    assertEquals(Duration.ofMillis(50), RateLimiter.burstFor(Duration.ofMillis(10)));
    assertEquals(Duration.ofMillis(50), RateLimiter.burstFor(Duration.ofMillis(25)));
    assertEquals(Duration.ofMillis(100), RateLimiter.burstFor(Duration.ofMillis(50)));
  }

  @Test
  void grantsSeenLateWithinTwiceTheBurstKeepTheRate() throws Exception {
    RateLimiter limiter = new RateLimiter(testKit.system(), 1024 * 1024, Duration.ofMillis(100),
        clock::get);
    // One 128 KiB grant (125 ms at 1 MiB/s) at a time, each asked for only once the previous one
    // has been seen, 120 ms after it was due (a scheduler with a coarse tick runs late): 1 MiB
    // still passes in about 0.9 s, as if on time. A 40 ms burst would take 1.24 s.
    long start = clock.get();
    for (int i = 0; i < 8; i++) {
      CompletableFuture<Void> g = limiter.acquire(128 * 1024).toCompletableFuture();
      while (!completesSoon(g)) timePasses(Duration.ofMillis(2));
      if (i < 7) timePasses(Duration.ofMillis(120));
    }
    long ms = (clock.get() - start) / 1_000_000;
    assertTrue(ms < 1000, "1 MiB took " + ms + " ms");
  }

  /** The completion runs on the system's executor: a due grant is done within a moment. */
  static boolean completesSoon(CompletableFuture<Void> g) throws Exception {
    try {
      g.get(5, TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    }
  }

  @Test
  void zeroMeansUnlimited() {
    RateLimiter limiter = new RateLimiter(testKit.system(), 0);
    assertTrue(limiter.unlimited());
    assertTrue(limiter.acquire(1L << 40).toCompletableFuture().isDone());
  }

  @Test
  void aWaitingGrantComesSoonerWhenTheRateRises() throws Exception {
    RateLimiter limiter = new RateLimiter(testKit.system(), 1024 * 1024, Duration.ofMillis(50), clock::get);
    assertTrue(limiter.acquire(32 * 1024).toCompletableFuture().isDone(), "within the burst");
    // 1 MiB more at 1 MiB/s: due at 31.25 + 1000 - 50 = 981.25 ms.
    CompletableFuture<Void> big = limiter.acquire(1024 * 1024).toCompletableFuture();
    timePasses(Duration.ofMillis(100));
    assertFalse(big.isDone());
    limiter.setRate(4 * 1024 * 1024);
    assertEquals(4 * 1024 * 1024, limiter.rate());
    // The 881.25 ms left at the old rate are 220.3 ms at the new one: due at 320.3 ms.
    timePasses(Duration.ofMillis(210));
    assertFalse(big.isDone(), "not yet due at the new rate");
    timePasses(Duration.ofMillis(20));
    big.get(5, TimeUnit.SECONDS);
  }

  @Test
  void aWaitingGrantComesLaterWhenTheRateDrops() throws Exception {
    RateLimiter limiter = new RateLimiter(testKit.system(), 1024 * 1024, Duration.ofMillis(50), clock::get);
    CompletableFuture<Void> big = limiter.acquire(1024 * 1024).toCompletableFuture();
    // Due at 950 ms at 1 MiB/s; halved at 450 ms, the 500 ms left take 1000 ms.
    timePasses(Duration.ofMillis(450));
    limiter.setRate(512 * 1024);
    timePasses(Duration.ofMillis(900));
    assertFalse(big.isDone(), "the old due time (950 ms) has passed, the new one (1450 ms) not");
    timePasses(Duration.ofMillis(110));
    big.get(5, TimeUnit.SECONDS);
  }

  @Test
  void goingUnlimitedPassesEveryWaitingGrantAtOnceAndLimitingAgainThrottles() throws Exception {
    RateLimiter limiter = new RateLimiter(testKit.system(), 100 * 1024, Duration.ofMillis(50), clock::get);
    List<CompletableFuture<Void>> grants = new ArrayList<>();
    for (int i = 0; i < 10; i++) grants.add(limiter.acquire(64 * 1024).toCompletableFuture());
    assertEquals(0, done(grants), "64 KiB at 100 KiB/s is more than the burst");

    limiter.setRate(0);
    assertTrue(limiter.unlimited());
    assertEquals(10, done(grants), "lifting the limit releases every waiter, without time passing");
    assertTrue(limiter.acquire(1L << 30).toCompletableFuture().isDone());

    limiter.setRate(1024 * 1024);
    assertFalse(limiter.unlimited());
    assertTrue(limiter.acquire(32 * 1024).toCompletableFuture().isDone(), "a fresh burst after unlimited");
    CompletableFuture<Void> next = limiter.acquire(1024 * 1024).toCompletableFuture();
    assertFalse(next.isDone(), "limited again: 1 MiB at 1 MiB/s waits");
    timePasses(Duration.ofMillis(990));
    next.get(5, TimeUnit.SECONDS);
  }

  @Test
  void aNegativeRateIsRefused() {
    RateLimiter limiter = new RateLimiter(testKit.system(), 0);
    assertThrows(IllegalArgumentException.class, () -> limiter.setRate(-1));
    assertTrue(limiter.unlimited());
  }
}
