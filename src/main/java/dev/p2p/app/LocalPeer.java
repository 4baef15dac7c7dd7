package dev.p2p.app;

import dev.p2p.net.FramedServer;
import dev.p2p.net.NodeIdentity;
import dev.p2p.net.Transport;
import dev.p2p.peer.Library;
import dev.p2p.peer.PeerConnection;
import dev.p2p.peer.PeerServer;
import dev.p2p.peer.RateLimiter;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import dev.p2p.storage.ManifestCache;
import dev.p2p.storage.ShareKey;
import dev.p2p.storage.ShareLink;
import dev.p2p.text.HostPort;
import dev.p2p.text.P2pException;
import dev.p2p.text.UserText;
import dev.p2p.tracker.TrackerClient;
import dev.p2p.transfer.Download;
import dev.p2p.transfer.TransferEvent;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.typed.javadsl.ActorSource;

/**
 * A peer node: a chunk server, a {@link PeerGuardian} (spawned by the process's {@link Guardian})
 * and a tracker client. This is the {@link NodeFacade} the CLI and the GUI use: every call is an
 * ask with a bound, or waits for the node's one report of a download's end; once the node has
 * ended, calls fail at once.
 */
public final class LocalPeer implements NodeFacade {
  /** Events a slow listener has not taken yet; beyond this the oldest are dropped, so that a
   * stuck listener never holds up the node. */
  private static final int LISTENER_BUFFER = 4096;

  private final ActorSystem<?> system;
  private final AppSettings settings;
  private final String peerId;
  private final ChunkPort port;
  private final ActorRef<PeerGuardian.Command> node;
  private final DownloadOutcomes outcomes;
  private final Executor blocking;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final CompletableFuture<Void> stoppedFuture = new CompletableFuture<>();

  private final TrackerClient tracker;
  private final FileHasher hasher;
  private final Recording state;
  private final TrackerWatch watch;
  private final LiveSettings live;

  private LocalPeer(ActorSystem<?> system, AppSettings settings, String peerId,
      ChunkPort port, ActorRef<PeerGuardian.Command> node, DownloadOutcomes outcomes,
      TrackerClient tracker, RateLimiter upload, RateLimiter download) {
    this.system = system;
    this.state = outcomes.state;
    this.tracker = tracker;
    this.settings = settings;
    this.peerId = peerId;
    this.port = port;
    this.node = node;
    this.outcomes = outcomes;
    this.blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
    this.live = new LiveSettings(upload, download, tracker, settings::knownTrackers, blocking);
    this.hasher = new FileHasher(settings.chunkSize(),
        (file, done, total) -> node.tell(new PeerGuardian.Publish(new TransferEvent.Hashing(peerId, file, done, total))));
    this.watch = TrackerWatch.start(system, tracker, peerId, e -> node.tell(new PeerGuardian.Publish(e)));
  }

  /** Binds the chunk server and has the process's guardian start the node's actors. */
  public static CompletionStage<LocalPeer> start(ActorSystem<?> system, AppSettings s) {
    Transport transport = s.transport();
    Library library = new Library(transport.identity().map(NodeIdentity::nodeId).orElse(""));
    // Over TLS a node is its certificate's fingerprint; in plaintext it proves nothing, and a
    // random name only tells it from others in logs and in the tracker's lists.
    String peerId = transport.identity().map(NodeIdentity::nodeId).orElseGet(() ->
        "p" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(0, 10));
    FramedServer.Limits limits = new FramedServer.Limits(s.maxConnections(),
        s.maxConnectionsPerIp(), s.maxFrameBytes(), s.idleTimeout(), s.headerTimeout());
    RateLimiter upload = new RateLimiter(system, s.uploadLimit());
    RateLimiter download = new RateLimiter(system, s.downloadLimit());
    IntFunction<CompletionStage<FramedServer.Server>> bind = p -> PeerServer.bind(system, library, s.peerHost(), p,
        limits, transport, s.pipelineDepth(), upload, s.legacyWire(), s.zeroCopy()); // again on a move of the port
    return bind.apply(s.peerPort())
        .exceptionally(t -> {
          throw new P2pException("cannot listen on " + s.peerHost() + ":" + s.peerPort() + " ("
              + UserText.oneLine(t) + "); choose another port with --port", t);
        })
        .thenCompose(binding -> {
          int port = s.announcePort() > 0 ? s.announcePort() : binding.localAddress().getPort();
          Optional<InetSocketAddress> local = Optional.of(new InetSocketAddress(s.peerHost(), 0));
          TrackerClient tracker = LiveSettings.trackerClient(system, s, transport);
          PeerConnection.Settings conn = new PeerConnection.Settings(s.connectTimeout(),
              s.idleTimeout(), s.maxFrameBytes(), s.pipelineDepth() * 2 + 8, local, download, transport);
          Download.Settings ds = new Download.Settings(s.downloadDir(), s.requestTimeout(),
              s.retries(), s.parallelism(), s.pipelineDepth(), peerId, s.peerHost(), port, s.waitForPeers(),
              s.maxPeersPerDownload());
          Download.ConnectionFactory connections = (peer, nodeId, address, id, numChunks, owner) ->
              PeerConnection.create(peer, nodeId, address, id, numChunks, conn, owner);
          DownloadOutcomes outcomes = new DownloadOutcomes(Recording.start(system, s));
          ActorRef<PeerGuardian.Report> reports = ActorSource.<PeerGuardian.Report>actorRef(
                  r -> false, r -> Optional.empty(), 256, OverflowStrategy.fail())
              .to(Sink.foreach(outcomes::onReport))
              .run(system);
          return AskPattern.<Guardian.Command, ActorRef<PeerGuardian.Command>>ask(Guardian.of(system),
                  r -> new Guardian.SpawnPeer("peer-" + port,
                      PeerGuardian.create(ds, tracker, connections, library, s.reannounceInterval(), reports),
                      reports, r),
                  s.requestTimeout(), system.scheduler())
              .thenApply(node -> {
                // Subscribers (the window) hear which tracker the node uses from now on.
                tracker.onSwitch((next, chosen) -> node.tell(new PeerGuardian.Publish(new TransferEvent.TrackerChanged(
                    peerId, next.getHostString() + ":" + next.getPort(), chosen))));
                LocalPeer peer = new LocalPeer(system, s, peerId, new ChunkPort(binding, s, bind, node, system), node,
                    outcomes, tracker, upload, download);
                outcomes.state.listen(peer);
                return peer;
              });
        });
  }

  /**
   * Revokes this node's private shares of {@code id} at its tracker without starting the node
   * (the {@code unshare} command of another process): the tracker knows the owner by the node ID
   * the connection proves, which every process of this node shares.
   */
  public static CompletionStage<Integer> revoke(ActorSystem<?> system, AppSettings s, FileId id) {
    return LiveSettings.trackerClient(system, s, s.transport()).revoke(id);
  }

  @Override
  public String peerId() {
    return peerId;
  }

  @Override
  public InetSocketAddress address() {
    return port.address();
  }

  @Override
  public CompletionStage<InetSocketAddress> movePort(int to) {
    return outcomes.nodeEnded ? CompletableFuture.failedFuture(ended()) : port.move(to);
  }

  @Override
  public String tracker() {
    InetSocketAddress a = tracker.address();
    return a.getHostString() + ":" + a.getPort();
  }

  @Override
  public CompletionStage<Void> setLimits(long upload, long download) {
    return live.setLimits(upload, download);
  }

  @Override
  public CompletionStage<String> useTracker(HostPort to) {
    return live.useTracker(to);
  }

  @Override
  public CompletionStage<List<SearchHit>> search(String words) {
    if (outcomes.nodeEnded) return CompletableFuture.failedFuture(ended());
    return TrackerSearch.run(tracker, words).thenApply(TrackerSearch.Found::hits);
  }

  @Override
  public CompletionStage<Manifest> share(Path file) {
    return share(file, state.cache(), Optional.empty());
  }

  /**
   * Shares {@code file}, taking its manifest from {@code cache} when the cache has one for the
   * file as it is now (and, if {@code expected} is given, with that ID); otherwise hashes the file
   * and records the manifest there, so that the next share of it is instant.
   *
   * @param expected the ID the caller knows the file has: a file that hashes to another fails
   */
  public CompletionStage<Manifest> share(Path file, ManifestCache cache, Optional<FileId> expected) {
    return share(file, cache, expected, Optional.empty());
  }

  @Override
  public CompletionStage<ShareLink> share(Path file, ShareOptions options) {
    return share(file, state.cache(), Optional.empty(), options);
  }

  /**
   * As {@link #share(Path, ManifestCache, Optional)}, publicly or privately as {@code options}
   * say; completes with the file's link (the private share's key is in it and nowhere else).
   */
  public CompletionStage<ShareLink> share(Path file, ManifestCache cache, Optional<FileId> expected,
      ShareOptions options) {
    Optional<Library.Privacy> privacy = Optional.empty();
    if (options.privately()) {
      Long expiresAt = options.expiresIn()
          .map(d -> Instant.now().plus(d).getEpochSecond()).orElse(null);
      privacy = Optional.of(new Library.Privacy(ShareKey.generate(), expiresAt,
          options.maxDownloads().orElse(null)));
    }
    Optional<Library.Privacy> p = privacy;
    // The link names the tracker the share was registered with: the one in use, which may not
    // be the first one configured (p2p.tracker.addresses, a cluster's nodes).
    return share(file, cache, expected, p).thenApply(m -> new ShareLink(
        Optional.of(new HostPort(tracker.address().getHostString(), tracker.address().getPort())), m.id(),
        p.map(Library.Privacy::key), Optional.of(m.name()), OptionalLong.of(m.size()),
        p.map(Library.Privacy::expiresAt).map(OptionalLong::of).orElse(OptionalLong.empty())));
  }

  CompletionStage<Manifest> share(Path file, ManifestCache cache, Optional<FileId> expected,
      Optional<Library.Privacy> privacy) {
    Path path = file.toAbsolutePath().normalize();
    if (outcomes.nodeEnded) return CompletableFuture.failedFuture(ended());
    return CompletableFuture.supplyAsync(() -> hasher.openOrHash(path, cache, expected), blocking)
        .thenCompose(shared -> this.<Manifest>ask(r -> new PeerGuardian.Share(shared, privacy, r),
            settings.requestTimeout().multipliedBy(2)))
        .thenApply(m -> {
          state.shared(path, m, privacy);
          return m;
        })
        .whenComplete((m, t) -> NotRegisteredYet.in(t).ifPresent(n -> state.shared(path, n.manifest(), privacy)));
  }

  @Override
  public CompletionStage<Void> unshare(FileId id) {
    if (outcomes.nodeEnded) return CompletableFuture.failedFuture(ended());
    return this.<Done>ask(r -> new PeerGuardian.Unshare(id, r), settings.requestTimeout().multipliedBy(2))
        .thenApply(d -> {
          state.unshared(id);
          return null;
        });
  }

  /**
   * The node acknowledges the request within the request timeout (or refuses it: stopping); the
   * stage then completes from the node's one report of the download's end, or fails when the
   * node ends first. Asking for a file already downloading joins that download.
   */
  @Override
  public CompletionStage<DownloadResult> download(FileId id, Path outDir) {
    return download(id, outDir, Optional.empty());
  }

  /** A link's tracker is the caller's business (the CLI starts its node with it). */
  @Override
  public CompletionStage<DownloadResult> download(ShareLink link, Path outDir) {
    if (link.expires().isPresent() && link.expires().getAsLong() <= Instant.now().getEpochSecond()) {
      return CompletableFuture.failedFuture(new P2pException("this link expired at "
          + Instant.ofEpochSecond(link.expires().getAsLong())));
    }
    Long expiresAt = link.expires().isPresent() ? link.expires().getAsLong() : null;
    return download(link.id(), outDir, link.key().map(k -> new Library.Privacy(k, expiresAt, null)));
  }

  CompletionStage<DownloadResult> download(FileId id, Path outDir, Optional<Library.Privacy> privacy) {
    CompletableFuture<DownloadResult> result = new CompletableFuture<>();
    CompletableFuture<DownloadResult> running = outcomes.waiting.putIfAbsent(id, result);
    if (running != null) return running;
    state.started(id, outDir, privacy);
    // Checked after the put: either this sees the end, or the end's sweep sees the entry.
    if (outcomes.nodeEnded) outcomes.fail(id, ended());
    this.<Done>ask(r -> new PeerGuardian.StartDownload(id, outDir, privacy, r), settings.requestTimeout())
        .whenComplete((ack, refused) -> {
          if (refused != null) outcomes.fail(id, refused);
        });
    return result;
  }

  @Override
  public CompletionStage<Void> pause(FileId id) {
    return control(id, Download.Control.PAUSE);
  }

  @Override
  public CompletionStage<Void> resume(FileId id) {
    return control(id, Download.Control.RESUME);
  }

  /**
   * Completes once the download's own stage has failed with "cancelled" (its {@code .part} gone),
   * so that a download of the same file asked for next starts afresh rather than joining this one.
   */
  @Override
  public CompletionStage<Void> cancel(FileId id) {
    CompletableFuture<DownloadResult> running = outcomes.waiting.get(id);
    CompletionStage<Void> done = control(id, Download.Control.CANCEL);
    return running == null ? done : done.thenCompose(v -> running.handle((r, t) -> null));
  }

  private CompletionStage<Void> control(FileId id, Download.Control what) {
    if (outcomes.nodeEnded) return CompletableFuture.failedFuture(ended());
    return this.<Done>ask(r -> new PeerGuardian.ControlDownload(id, what, r), settings.requestTimeout())
        .thenApply(d -> null);
  }

  @Override
  public AutoCloseable subscribe(Consumer<TransferEvent> listener) {
    Pair<ActorRef<TransferEvent>, UniqueKillSwitch> sub = ActorSource.<TransferEvent>actorRef(
            e -> false, e -> Optional.empty(), LISTENER_BUFFER, OverflowStrategy.dropHead())
        .viaMat(KillSwitches.single(), Keep.both())
        .to(Sink.foreach(listener::accept))
        .run(system);
    node.tell(new PeerGuardian.Subscribe(sub.first()));
    watch.current().ifPresent(sub.first()::tell); // the tracker's state from the start, not its next change
    return () -> {
      node.tell(new PeerGuardian.Unsubscribe(sub.first()));
      sub.second().shutdown();
    };
  }

  /**
   * Makes this the machine's long-running node (the window, a bare {@code p2p}): from now on its
   * shares and downloads are kept in its state, and those kept by its last run are shared and
   * resumed now ({@link Restorer}).
   */
  public CompletionStage<Restorer.Restored> resumeState() {
    return Restorer.restore(this, state, blocking);
  }

  @Override
  public CompletionStage<List<String>> resumeSaved() {
    return resumeState().thenApply(Restorer.Restored::lines);
  }

  @Override
  public CompletionStage<List<HistoryEntry>> history() {
    return state.history();
  }

  @Override
  public CompletionStage<Totals> totals() {
    return state.totals();
  }

  @Override
  public CompletionStage<Void> stop() {
    if (stopped.compareAndSet(false, true)) {
      watch.close();
      state.stopping(); // downloads cut short by the stop are resumed next time, not failures
      AskPattern.<PeerGuardian.Command, Done>ask(node, PeerGuardian.Stop::new,
              settings.requestTimeout().plus(Duration.ofSeconds(1)), system.scheduler())
          .exceptionally(t -> Done.getInstance())
          .thenCompose(d -> port.stop())
          .thenCompose(d -> state.close())
          .whenComplete((d, t) -> stoppedFuture.complete(null));
    }
    return stoppedFuture;
  }

  /** An ask of the node whose failure is one line for the user. */
  private <T> CompletionStage<T> ask(
      Function<ActorRef<StatusReply<T>>, PeerGuardian.Command> request, Duration timeout) {
    return AskPattern.askWithStatus(node, request, timeout, system.scheduler())
        .exceptionally(t -> {
          Throwable cause = UserText.unwrap(t);
          if (outcomes.nodeEnded) throw ended();
          if (cause instanceof TimeoutException) {
            throw new P2pException("the node did not answer within " + timeout.toSeconds() + " s", cause);
          }
          throw new P2pException(cause.getMessage(), cause);
        });
  }

  private static P2pException ended() {
    return DownloadOutcomes.ended();
  }
}
