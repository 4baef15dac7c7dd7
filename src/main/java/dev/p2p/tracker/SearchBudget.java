package dev.p2p.tracker;

import java.util.function.LongSupplier;

/**
 * How many name searches a tracker answers per second, over all its connections and both
 * protocols (a token bucket). A search scans every public file and every original peer's entry
 * on the thread that answers it, tens of milliseconds at the registry's largest; without a bound
 * a few clients sending searches back to back would take the threads that answer everyone's
 * QUERY. A search over the budget is refused at once (ERROR BUSY, or the original's error), never
 * queued.
 */
final class SearchBudget {
  /**
   * Searches per second, and the burst allowed: at the largest registry this keeps searching under
   * about half of one core, while a window's search box (one search per click) never meets it.
   */
  static final int PER_SECOND = 20;

  private static final long NANOS_PER_TOKEN = 1_000_000_000L / PER_SECOND;

  private final LongSupplier nanoClock;
  private long tokens = PER_SECOND;
  private long refilledAt;

  SearchBudget(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
    this.refilledAt = nanoClock.getAsLong();
  }

  SearchBudget() {
    this(System::nanoTime);
  }

  /** Takes one search from the budget; false if none is left this instant. */
  synchronized boolean tryTake() {
    long now = nanoClock.getAsLong();
    long earned = (now - refilledAt) / NANOS_PER_TOKEN;
    if (earned > 0) {
      tokens = Math.min(PER_SECOND, tokens + earned);
      refilledAt += earned * NANOS_PER_TOKEN;
    }
    if (tokens == 0) return false;
    tokens--;
    return true;
  }
}
