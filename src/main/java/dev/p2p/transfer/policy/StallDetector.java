package dev.p2p.transfer.policy;

import java.time.Duration;

/**
 * Says when a download has made no progress for too long: {@code max(3 × request timeout, 30 s)}
 * of ticks in a row without a new byte. Counting ticks (not reading a clock) lets the tick timer,
 * and so ManualTime in tests, drive it.
 */
public final class StallDetector {
  private final long giveUpTicks;
  private long lastBytes;
  private long idleTicks;

  public StallDetector(Duration requestTimeout, Duration tick, long bytes) {
    this.giveUpTicks = stallTime(requestTimeout).toMillis() / tick.toMillis();
    this.lastBytes = bytes;
  }

  /** How long without progress a download gives up after. */
  public static Duration stallTime(Duration requestTimeout) {
    Duration byTimeouts = requestTimeout.multipliedBy(DownloadTuning.STALL_TIMEOUTS);
    return byTimeouts.compareTo(DownloadTuning.MIN_STALL) > 0 ? byTimeouts : DownloadTuning.MIN_STALL;
  }

  /** Counts from now, with {@code bytes} done (a download resumed after a pause). */
  public void restart(long bytes) {
    lastBytes = bytes;
    idleTicks = 0;
  }

  /** One tick with {@code bytes} done so far; true once the download counts as stalled. */
  public boolean tick(long bytes) {
    idleTicks = bytes == lastBytes ? idleTicks + 1 : 0;
    lastBytes = bytes;
    return idleTicks >= giveUpTicks;
  }
}
