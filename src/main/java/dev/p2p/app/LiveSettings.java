package dev.p2p.app;

import dev.p2p.net.KnownTrackers;
import dev.p2p.net.Transport;
import dev.p2p.peer.RateLimiter;
import dev.p2p.text.HostPort;
import dev.p2p.text.P2pException;
import dev.p2p.tracker.TrackerClient;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;

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
      return endpoint(known.get(), to, address);
    }, blocking).thenCompose(tracker::moveTo).thenApply(v -> hostPort);
  }

  /** A client of the configured trackers (p2p.tracker.addresses or host:port), each with its own pin. */
  static TrackerClient trackerClient(ActorSystem<?> system, AppSettings s, Transport transport) {
    KnownTrackers known = s.knownTrackers();
    List<TrackerClient.Endpoint> trackers = new ArrayList<>();
    for (HostPort t : s.trackerAddresses()) trackers.add(endpoint(known, t, new InetSocketAddress(t.host(), t.port())));
    return new TrackerClient(system, trackers, Optional.of(new InetSocketAddress(s.peerHost(), 0)),
        s.connectTimeout(), s.requestTimeout(), s.maxFrameBytes(), transport);
  }

  /** Tracker {@code t} at {@code address}, pinned as {@code known} says ("host:port", not IPv6's brackets). */
  private static TrackerClient.Endpoint endpoint(KnownTrackers known, HostPort t, InetSocketAddress address) {
    return new TrackerClient.Endpoint(address, known.pinFor(t.host() + ":" + t.port()));
  }
}
