package dev.p2p.app;

import dev.p2p.net.KnownTrackers;
import dev.p2p.peer.RateLimiter;
import dev.p2p.text.HostPort;
import dev.p2p.text.P2pException;
import dev.p2p.tracker.TrackerClient;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The settings a running node changes without a restart ({@link NodeFacade#setLimits},
 * {@link NodeFacade#useTracker}): its two rate limiters, shared by every connection, and the
 * tracker its client uses. Kept out of {@link LocalPeer}, which only forwards to it.
 */
final class LiveSettings {
  private final RateLimiter upload;
  private final RateLimiter download;
  private final TrackerClient tracker;
  private final Supplier<KnownTrackers> known;
  private final Executor blocking;

  LiveSettings(RateLimiter upload, RateLimiter download, TrackerClient tracker, Supplier<KnownTrackers> known,
      Executor blocking) {
    this.upload = upload;
    this.download = download;
    this.tracker = tracker;
    this.known = known;
    this.blocking = blocking;
  }

  CompletionStage<Void> setLimits(long up, long down) {
    if (up < 0 || down < 0) {
      return CompletableFuture.failedStage(new P2pException("a speed limit cannot be negative"));
    }
    upload.setRate(up);
    download.setRate(down);
    return CompletableFuture.completedStage(null);
  }

  CompletionStage<String> useTracker(HostPort to) {
    String hostPort = to.toString();
    // Resolving the name may block on DNS, reading the known trackers on disk: not on the
    // caller's (the window's) thread.
    return CompletableFuture.supplyAsync(() -> {
      InetSocketAddress address = new InetSocketAddress(to.host(), to.port());
      if (address.isUnresolved()) {
        throw new P2pException("tracker host " + to.host() + " is unknown (no address for that name)");
      }
      // The same pin as a start with this tracker would use: trust on first use, per address.
      return new TrackerClient.Endpoint(address, known.get().pinFor(to.host() + ":" + to.port()));
    }, blocking).thenCompose(tracker::moveTo).thenApply(v -> hostPort);
  }
}
