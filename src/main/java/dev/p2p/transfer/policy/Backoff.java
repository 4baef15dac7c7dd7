package dev.p2p.transfer.policy;

import java.time.Duration;
import java.util.Optional;

/**
 * Exponential backoff over a fixed number of attempts: after attempt {@code n} failed, wait
 * {@code first × 2^(n-1)}, until {@code attempts} have been made.
 */
public record Backoff(int attempts, Duration first) {
  /** The tracker query of a starting download: 4 attempts, 1, 2, 4 s apart. */
  public static final Backoff TRACKER =
      new Backoff(DownloadTuning.LOCATE_ATTEMPTS, DownloadTuning.LOCATE_FIRST_WAIT);

  public Backoff {
    if (attempts < 1) throw new IllegalArgumentException("attempts must be at least 1");
  }

  /** How long to wait after {@code made} failed attempts, or empty when none is left. */
  public Optional<Duration> after(int made) {
    if (made >= attempts) return Optional.empty();
    return Optional.of(first.multipliedBy(1L << (made - 1)));
  }
}
