package dev.p2p.transfer.policy;

/**
 * How many requests a peer may have outstanding: enough to cover {@link
 * DownloadTuning#QUEUE_SECONDS} of its measured rate, so that a slow peer does not sit on chunks
 * others could send; {@link DownloadTuning#INITIAL_WINDOW} before its rate is known; at least
 * {@link DownloadTuning#MIN_WINDOW}; at most the pipeline depth and {@link
 * DownloadTuning#MAX_WINDOW_BYTES}.
 */
public final class RequestWindow {
  private RequestWindow() {}

  /**
   * @param rate the peer's smoothed rate in bytes per second
   * @param chunksDelivered chunks the peer delivered so far
   */
  public static int forRate(double rate, int chunksDelivered, int chunkSize, int pipelineDepth) {
    int cap = (int) Math.min(pipelineDepth, DownloadTuning.MAX_WINDOW_BYTES / chunkSize);
    int wanted = chunksDelivered == 0 && rate == 0 ? DownloadTuning.INITIAL_WINDOW
        : (int) Math.ceil(rate * DownloadTuning.QUEUE_SECONDS / chunkSize);
    return Math.max(DownloadTuning.MIN_WINDOW, Math.min(cap, wanted));
  }
}
