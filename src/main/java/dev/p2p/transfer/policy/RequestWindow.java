package dev.p2p.transfer.policy;

/**
 * How many requests a peer may have outstanding: enough to cover {@link
 * DownloadTuning#QUEUE_SECONDS} of its measured rate, so that a slow peer does not sit on chunks
 * others could send, at least {@link DownloadTuning#MIN_WINDOW}, at most the pipeline depth.
 */
public final class RequestWindow {
  private RequestWindow() {}

  /**
   * @param rate the peer's smoothed rate in bytes per second
   * @param chunksDelivered chunks the peer delivered so far
   */
  public static int forRate(double rate, int chunksDelivered, int chunkSize, int pipelineDepth) {
    if (chunksDelivered == 0 && rate == 0) return DownloadTuning.MIN_WINDOW;
    int byRate = 1 + (int) Math.ceil(rate * DownloadTuning.QUEUE_SECONDS / chunkSize);
    return Math.max(DownloadTuning.MIN_WINDOW, Math.min(pipelineDepth, byRate));
  }
}
