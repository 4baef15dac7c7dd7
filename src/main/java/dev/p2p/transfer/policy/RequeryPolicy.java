package dev.p2p.transfer.policy;

import java.time.Duration;

/**
 * When a running download asks the tracker again for peers: often while few are known (peers that
 * started at the same time appear in the first seconds), rarely once there are enough.
 */
public record RequeryPolicy(Duration fast, int enoughPeers, Duration slow) {
  public static final RequeryPolicy DEFAULT = new RequeryPolicy(DownloadTuning.REQUERY_FAST,
      DownloadTuning.ENOUGH_PEERS, DownloadTuning.REQUERY_SLOW);

  /** The wait before the first re-query, right after the download started. */
  public Duration first() {
    return fast;
  }

  /** The wait before the next re-query with {@code peersKnown} peers connected. */
  public Duration next(int peersKnown) {
    return peersKnown < enoughPeers ? fast : slow;
  }
}
