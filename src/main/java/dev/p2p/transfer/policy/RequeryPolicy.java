package dev.p2p.transfer.policy;

import java.time.Duration;

/**
 * When a running download asks the tracker again for peers. Soon after it starts (peers that
 * started at the same time appear in the first seconds), then twice as long after each re-query
 * that found nobody new, up to {@code max}; {@code settled} once every peer the tracker knows is
 * connected, or enough are. A peer that joins later still connects to us, and its HELLO makes us
 * connect back, so the tracker is only the slow path for peers that do not speak HELLO.
 */
public record RequeryPolicy(Duration first, Duration max, int enoughPeers, Duration settled) {
  public static final RequeryPolicy DEFAULT = new RequeryPolicy(DownloadTuning.REQUERY_FAST,
      DownloadTuning.REQUERY_MAX, DownloadTuning.ENOUGH_PEERS, DownloadTuning.REQUERY_SLOW);

  /**
   * The wait before the next re-query, after one that came {@code last} after the one before:
   * {@code foundNew} if it named a peer not connected before, {@code metAll} if every peer it
   * knows of is connected now; {@code connected} peers in all.
   */
  public Duration next(Duration last, boolean foundNew, boolean metAll, int connected) {
    if (metAll || connected >= enoughPeers) return settled;
    if (foundNew) return first;
    Duration twice = last.multipliedBy(2);
    return twice.compareTo(max) > 0 ? max : twice;
  }
}
