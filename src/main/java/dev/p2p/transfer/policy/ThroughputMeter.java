package dev.p2p.transfer.policy;

/**
 * A smoothed rate (exponentially weighted moving average) of a growing byte count, sampled at
 * each tick. The caller measures the time between samples (with an injected clock), so the meter
 * itself reads no clock.
 */
public final class ThroughputMeter {
  private final double weight;
  private long lastBytes;
  private double rate;

  /**
   * @param weight weight of the newest sample, in (0, 1]
   * @param bytes the count at the start
   */
  public ThroughputMeter(double weight, long bytes) {
    this.weight = weight;
    this.lastBytes = bytes;
  }

  /** Takes the count {@code seconds} after the previous sample; returns the smoothed rate. */
  public double sample(long bytes, double seconds) {
    double instant = seconds > 0 ? (bytes - lastBytes) / seconds : 0;
    // The first non-zero sample is taken as it is, so the rate does not creep up from zero.
    rate = rate == 0 ? instant : (1 - weight) * rate + weight * instant;
    lastBytes = bytes;
    return rate;
  }

  /** Bytes per second, smoothed; 0 before the first sample. */
  public double rate() {
    return rate;
  }
}
