package dev.p2p.app;

import dev.p2p.net.FramedServer;
import dev.p2p.net.NodeIdentity;
import dev.p2p.net.Transport;
import dev.p2p.peer.Library;
import dev.p2p.peer.PeerServer;
import dev.p2p.peer.RateLimiter;
import dev.p2p.protocol.legacy.LegacyWire;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import dev.p2p.storage.ManifestCache;
import dev.p2p.storage.SharedFile;
import dev.p2p.text.HostPort;
import dev.p2p.text.P2pException;
import dev.p2p.text.UserText;
import dev.p2p.transfer.TransferEvent;
import dev.p2p.transfer.legacy.LegacyDownload;
import dev.p2p.transfer.legacy.LegacyExchange;
import dev.p2p.transfer.legacy.LegacyTrackerLink;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;

/**
 * This node toward the original Python program's network: {@link #download} fetches a file by
 * its 16-hex short ID through a tracker that speaks the original's protocol, and {@link #seed}
 * serves files to the original's downloaders, registered with such a tracker as its own client
 * registers them (REGISTER, then ANNOUNCE started; on {@link #stop}, ANNOUNCE stopped and
 * UNREGISTER). A seeding node's chunk server answers our protocol on the same port too, but it
 * registers with no tracker of ours.
 */
public final class LegacyPeer {
  /**
   * The longest one exchange may take, in request timeouts: a 256 KiB chunk takes 60 s (the
   * default) at 4.4 KB/s; a slower peer is dropped for another. Silences longer than one request
   * timeout end an exchange before that.
   */
  static final int WHOLE_EXCHANGE_TIMEOUTS = 6;

  /** The original's peer IDs: an 8-character client tag and 12 hex digits (20 characters). */
  static final String PEER_ID_TAG = "-PJ0001-";

  /** Chunks in flight at once: the original's downloader runs 5 workers. */
  static final int LEGACY_PARALLELISM = 5;

  /** A file being seeded: its short ID (what original nodes know it by), full ID and name. */
  public record Seeded(String shortId, FileId id, String name, int numChunks) {}

  private final FramedServer.Server binding;
  private final LegacyTrackerLink tracker;
  private final String peerId;
  private final String host;
  private final int port;
  private final List<Seeded> files;
  private final List<SharedFile> open;

  private LegacyPeer(FramedServer.Server binding, LegacyTrackerLink tracker,
      String peerId, String host, int port, List<Seeded> files, List<SharedFile> open) {
    this.binding = binding;
    this.tracker = tracker;
    this.peerId = peerId;
    this.host = host;
    this.port = port;
    this.files = files;
    this.open = open;
  }

  static LegacyExchange.Timeouts timeouts(AppSettings s) {
    return new LegacyExchange.Timeouts(s.connectTimeout(), s.requestTimeout(),
        s.requestTimeout().multipliedBy(WHOLE_EXCHANGE_TIMEOUTS));
  }

  private static LegacyTrackerLink tracker(ActorSystem<?> system, AppSettings s) {
    HostPort t = s.trackerAddresses().get(0);
    return new LegacyTrackerLink(system, new InetSocketAddress(t.host(), t.port()), timeouts(s));
  }

  /**
   * Downloads {@code shortId} through the first configured tracker into p2p.download-dir, at most
   * 5 chunks at once (as the original), each tried at most p2p.retries times.
   */
  public static CompletionStage<LegacyDownload.Result> download(ActorSystem<?> system, AppSettings s,
      String shortId, Consumer<TransferEvent> events) {
    LegacyDownload.Settings ds = new LegacyDownload.Settings(s.downloadDir(), timeouts(s),
        Math.min(LEGACY_PARALLELISM, s.parallelism()), s.retries(), "legacy-get");
    return LegacyDownload.run(system, tracker(system, s), shortId, ds, events);
  }

  /**
   * Opens (or hashes) {@code paths}, binds the chunk server with the original's protocol on, and
   * registers each file with the first configured tracker as the original's client does. The
   * host announced is p2p.peer.host (--host), or this machine's address if that is a wildcard.
   */
  public static CompletionStage<LegacyPeer> seed(ActorSystem<?> system, AppSettings s, List<Path> paths,
      ManifestCache cache, Consumer<TransferEvent> events) {
    Transport transport = s.transport();
    String peerId = PEER_ID_TAG + transport.identity().map(NodeIdentity::nodeId)
        .orElseGet(() -> HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong())).substring(0, 12);
    FileHasher hasher = new FileHasher(s.chunkSize(),
        (file, done, total) -> events.accept(new TransferEvent.Hashing(peerId, file, done, total)));
    Library library = new Library(transport.identity().map(NodeIdentity::nodeId).orElse(""));
    List<SharedFile> open = new ArrayList<>();
    List<Seeded> seeded = new ArrayList<>();
    return CompletableFuture.runAsync(() -> {
      for (Path p : paths) {
        SharedFile f = hasher.openOrHash(p.toAbsolutePath().normalize(), cache, Optional.empty());
        open.add(f);
        Manifest m = f.manifest();
        if (m.size() == 0) throw new P2pException(p + " is empty: the original's tracker refuses a file of 0 chunks");
        int chunks = (int) Manifest.chunkCount(m.size(), LegacyWire.CHUNK_SIZE);
        seeded.add(new Seeded(m.id().legacyId(), m.id(), m.name(), chunks));
        library.put(f);
      }
    }, system.dispatchers().lookup(DispatcherSelector.blocking()))
        .thenCompose(v -> PeerServer.bind(system, library, s.peerHost(), s.peerPort(),
            new FramedServer.Limits(s.maxConnections(), s.maxConnectionsPerIp(), s.maxFrameBytes(),
                s.idleTimeout(), s.headerTimeout()),
            transport, s.pipelineDepth(), new RateLimiter(system, s.uploadLimit()), true, s.zeroCopy()))
        .thenCompose(binding -> {
          int port = s.announcePort() > 0 ? s.announcePort() : binding.localAddress().getPort();
          LegacyPeer node = new LegacyPeer(binding, tracker(system, s), peerId,
              announcedHost(s.peerHost(), s.trackerAddresses().get(0)), port, List.copyOf(seeded), List.copyOf(open));
          return node.registerAll().handle((v, t) -> {
            if (t == null) return CompletableFuture.completedFuture(node);
            return node.stop().<LegacyPeer>thenApply(x -> {
              throw new P2pException(UserText.oneLine(t), t);
            });
          }).thenCompose(x -> x);
        })
        .whenComplete((node, t) -> {
          if (t != null) open.forEach(LegacyPeer::closeQuietly);
        });
  }

  /**
   * The address to register: {@code bound}, unless it is a wildcard nobody can connect to; then
   * the address this machine reaches {@code tracker} from (the original's tracker trusts the host
   * it is sent, and the machine's own name often resolves to 127.0.1.1, which nobody else can
   * reach). Found by connecting a UDP socket, which sends nothing: the kernel only picks the
   * route. Falls back to the machine's name when that fails (no route).
   */
  static String announcedHost(String bound, HostPort tracker) {
    try {
      InetAddress a = InetAddress.getByName(bound);
      if (!a.isAnyLocalAddress()) return bound;
      try (DatagramChannel probe = DatagramChannel.open()) {
        probe.connect(new InetSocketAddress(tracker.host(), tracker.port()));
        InetAddress local = ((InetSocketAddress) probe.getLocalAddress()).getAddress();
        if (!local.isAnyLocalAddress()) return local.getHostAddress();
      } catch (IOException | RuntimeException noRoute) {
        // below
      }
      return InetAddress.getLocalHost().getHostAddress();
    } catch (UnknownHostException e) {
      return bound;
    }
  }

  private CompletionStage<Void> registerAll() {
    CompletionStage<Void> all = CompletableFuture.completedFuture(null);
    for (Seeded f : files) {
      all = all.thenCompose(v -> tracker.register(f.shortId(), f.name(), f.numChunks(), peerId, host, port))
          .thenCompose(v -> tracker.started(f.shortId(), peerId, host, port, f.name(), f.numChunks()));
    }
    return all;
  }

  public List<Seeded> files() {
    return files;
  }

  /** Where the chunk server listens. */
  public InetSocketAddress address() {
    return binding.localAddress();
  }

  /** The host and port registered with the tracker. */
  public String announced() {
    return host + ":" + port;
  }

  public String tracker() {
    return tracker.name();
  }

  /**
   * Withdraws every file from the tracker (ANNOUNCE stopped, then UNREGISTER, as the original's
   * remove does; a tracker that is gone costs at most one exchange timeout each), then stops
   * serving. Always completes normally.
   */
  public CompletionStage<Void> stop() {
    CompletionStage<Void> all = CompletableFuture.completedFuture(null);
    for (Seeded f : files) {
      all = all.thenCompose(v -> tracker.stopped(f.shortId(), peerId).exceptionally(t -> null))
          .thenCompose(v -> tracker.unregister(f.shortId(), peerId).exceptionally(t -> null));
    }
    return all.thenCompose(v -> binding.stop()).exceptionally(t -> null)
        .thenRun(() -> open.forEach(LegacyPeer::closeQuietly));
  }

  private static void closeQuietly(SharedFile f) {
    try {
      f.close();
    } catch (IOException e) {
      // a read channel
    }
  }
}
