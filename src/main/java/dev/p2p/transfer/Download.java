package dev.p2p.transfer;

import dev.p2p.text.UserText;
import dev.p2p.peer.Library;
import dev.p2p.peer.PeerConnection;
import dev.p2p.protocol.Message.PeerInfo;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import dev.p2p.storage.PartialFile;
import dev.p2p.storage.SharedFile;
import dev.p2p.tracker.TrackerClient;
import dev.p2p.transfer.ChunkFetcher.FailureKind;
import dev.p2p.transfer.selection.ChunkPicker;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Downloads one file: asks the tracker for its manifest and peers, opens (or resumes) the
 * partial file, keeps one {@link PeerConnection} per peer and one {@link ChunkFetcher} per chunk
 * request in flight, retries failed chunks on other peers, and finally checks the whole file's
 * SHA-256 before it gets its final name. While downloading, verified chunks are served to others.
 *
 * <p>Phases: {@code locating} (tracker query) → {@code opening} (partial file) → {@code
 * downloading} → {@code verifying}; each is one behavior, as in Pekko's Hakker sample.
 *
 * <p>Peer policy: a peer is dropped after {@value #MAX_CONSECUTIVE_FAILURES} failures in a row
 * (time-outs, lost connections) and may be tried again when the tracker lists it later; a peer
 * that sent {@value #BAN_AFTER_BAD_CHUNKS} chunks that failed their hash is banned for the rest of
 * the download. A peer that refuses a chunk it does not have is not penalised.
 */
public final class Download extends AbstractBehavior<Download.Command> {
  static final int MAX_CONSECUTIVE_FAILURES = 3;
  static final int BAN_AFTER_BAD_CHUNKS = 2;
  private static final Duration TICK = Duration.ofMillis(250);
  private static final Duration HAVE_REFRESH = Duration.ofMillis(500);
  private static final Duration REQUERY = Duration.ofSeconds(1);
  /** With this many peers known, the tracker is asked again only every {@link #REQUERY_SLOW}. */
  private static final int ENOUGH_PEERS = 16;
  private static final Duration REQUERY_SLOW = Duration.ofSeconds(10);
  /** A peer gets about this much of its measured rate in outstanding requests. */
  private static final double QUEUE_SECONDS = 1.0;
  /**
   * Tracker queries tried before a download gives up on an unreachable or silent tracker, waiting
   * 1, 2, 4 s in between: many peers starting at once (or a busy tracker) overflow its accept
   * queue for a moment, and a dropped SYN is retransmitted only after 1 s, 3 s, ...
   */
  private static final int LOCATE_ATTEMPTS = 4;


  public sealed interface Command {}

  private record Located(TrackerClient.Located located) implements Command {}

  private record Opened(PartialFile file) implements Command {}

  private record Failed(String reason) implements Command {}

  private record TrackerUnavailable(String reason) implements Command {}

  private enum LocateAgain implements Command { INSTANCE }

  private record Fetch(ChunkFetcher.Result result) implements Command {}

  private record FetcherDied(ActorRef<ChunkFetcher.Command> ref) implements Command {}

  private record Have(PeerConnection.HaveUpdate update) implements Command {}

  private record ConnectionEnded(String peer, ActorRef<PeerConnection.Command> ref) implements Command {}

  private record Requeried(List<PeerInfo> peers) implements Command {}

  private record Verified(Path path, SharedFile shared) implements Command {}

  private enum Tick implements Command { INSTANCE }

  private enum RefreshHave implements Command { INSTANCE }

  private enum Requery implements Command { INSTANCE }

  /** Stops the download; the partial file is kept for a later resume. */
  public enum Cancel implements Command { INSTANCE }

  /** How a download ended. */
  public sealed interface Outcome permits Finished, Aborted {}

  public record Finished(Path path, Manifest manifest, double seconds,
      List<TransferEvent.PeerStat> peers) implements Outcome {}

  public record Aborted(FileId id, String reason) implements Outcome {}

  /** Everything a download needs to know about its node. */
  public record Settings(Path outDir, Duration requestTimeout, int retries, int parallelism,
      int pipelineDepth, String nodeId, String selfHost, int selfPort) {
    public Settings withOutDir(Path dir) {
      return new Settings(dir, requestTimeout, retries, parallelism, pipelineDepth, nodeId,
          selfHost, selfPort);
    }
  }

  /** How a download asks the tracker where a file is. */
  @FunctionalInterface
  public interface Locator {
    CompletionStage<TrackerClient.Located> query(FileId id);
  }

  /** How a download opens a connection to one peer (tests pass a behavior they script). */
  @FunctionalInterface
  public interface ConnectionFactory {
    Behavior<PeerConnection.Command> create(String peer, InetSocketAddress address, FileId id,
        int numChunks, ActorRef<PeerConnection.HaveUpdate> owner);
  }

  /**
   * What a download uses of its node: the tracker, peer connections, the library it serves
   * verified chunks from, where to ask for (re-)registration and where its events go.
   */
  public record Deps(Locator tracker, ConnectionFactory connections, Library library,
      ActorRef<Manifest> announce, ActorRef<TransferEvent> events, PartialFileOpener opener) {
    public Deps(Locator tracker, ConnectionFactory connections, Library library,
        ActorRef<Manifest> announce, ActorRef<TransferEvent> events) {
      this(tracker, connections, library, announce, events, PartialFile::open);
    }
  }

  /** How a download opens (or resumes) its partial file; it runs on the blocking dispatcher. */
  @FunctionalInterface
  public interface PartialFileOpener {
    PartialFile open(Path dir, Manifest manifest) throws IOException;
  }

  private static final class Peer {
    final String key;
    final PeerInfo info;
    ActorRef<PeerConnection.Command> conn;
    boolean haveKnown;
    boolean complete;
    int inFlight;
    long bytes;
    long bytesAtLastTick;
    double rate; // bytes per second, smoothed over ticks
    int chunks;
    int failures;
    int consecutiveFailures;
    int badChunks;

    Peer(String key, PeerInfo info) {
      this.key = key;
      this.info = info;
    }
  }

  private final FileId id;
  private final Settings s;
  private final Locator tracker;
  private final ConnectionFactory connections;
  private final Library library;
  private final ActorRef<Manifest> announce;
  private final ActorRef<TransferEvent> events;
  private final PartialFileOpener opener;
  private final ActorRef<Outcome> replyTo;
  private final TimerScheduler<Command> timers;
  private int locateAttempts;
  private final Executor blocking;
  private final long startNanos = System.nanoTime();

  // Set once located/opened.
  private Manifest manifest;
  private PartialFile file;
  private ChunkPicker picker;
  private int[] attempts;
  private final Map<String, Peer> peers = new LinkedHashMap<>();
  private final Map<String, TransferEvent.PeerStat> gone = new LinkedHashMap<>();
  private final Set<String> banned = new HashSet<>();
  /** Dropped peers and when (System.nanoTime) they may be tried again: one request timeout on. */
  private final Map<String, Long> retryAfter = new HashMap<>();
  private final Map<ActorRef<ChunkFetcher.Command>, ChunkFetcher.Result> running = new HashMap<>();
  private ActorRef<ChunkFetcher.Result> fetchAdapter;
  private ActorRef<PeerConnection.HaveUpdate> haveAdapter;
  private long bytesDone;
  private long lastTickBytes;
  private long lastTickNanos = System.nanoTime();
  private double rate;
  private int idleTicks;
  private int seq;
  private boolean finished;

  public static Behavior<Command> create(FileId id, Settings settings, Deps deps,
      ActorRef<Outcome> replyTo) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
        new Download(ctx, timers, id, settings, deps, replyTo).locate()));
  }

  private Download(ActorContext<Command> ctx, TimerScheduler<Command> timers, FileId id,
      Settings s, Deps deps, ActorRef<Outcome> replyTo) {
    super(ctx);
    this.timers = timers;
    this.id = id;
    this.s = s;
    this.tracker = deps.tracker();
    this.connections = deps.connections();
    this.library = deps.library();
    this.announce = deps.announce();
    this.events = deps.events();
    this.opener = deps.opener();
    this.replyTo = replyTo;
    this.blocking = ctx.getSystem().dispatchers().lookup(DispatcherSelector.blocking());
  }

  // ---- phase 1: locating ----

  private Behavior<Command> locate() {
    publish(new TransferEvent.Locating(s.nodeId(), id));
    query();
    return Behaviors.receive(Command.class)
        .onMessage(Located.class, this::onLocated)
        .onMessage(TrackerUnavailable.class, this::onTrackerUnavailable)
        .onMessageEquals(LocateAgain.INSTANCE, () -> {
          query();
          return Behaviors.same();
        })
        .onMessage(Failed.class, f -> abort(f.reason()))
        .onMessageEquals(Cancel.INSTANCE, () -> abort("cancelled"))
        .build();
  }

  private void query() {
    locateAttempts++;
    getContext().pipeToSelf(tracker.query(id), (located, err) -> {
      if (err == null) return new Located(located);
      Throwable cause = err instanceof java.util.concurrent.CompletionException && err.getCause() != null
          ? err.getCause() : err;
      return cause instanceof TrackerClient.Unavailable
          ? new TrackerUnavailable(UserText.oneLine(err))
          : new Failed(UserText.oneLine(err));
    });
  }

  private Behavior<Command> onTrackerUnavailable(TrackerUnavailable u) {
    if (locateAttempts >= LOCATE_ATTEMPTS) return abort(u.reason());
    Duration wait = Duration.ofSeconds(1L << (locateAttempts - 1));
    getContext().getLog().info("{}: {}; asking again in {} s", id.shortHex(), u.reason(), wait.toSeconds());
    timers.startSingleTimer(LocateAgain.INSTANCE, wait);
    return Behaviors.same();
  }

  private Behavior<Command> onLocated(Located l) {
    manifest = l.located().manifest();
    if (!manifest.id().equals(id)) return abort("tracker sent the manifest of another file");
    Path dir = s.outDir();
    getContext().pipeToSelf(onBlockingDispatcher(() -> opener.open(dir, manifest)), (f, err) -> err != null
        ? new Failed("cannot write to " + dir.toAbsolutePath() + ": " + UserText.oneLine(err))
        : new Opened(f));
    List<PeerInfo> initial = l.located().peers();
    return Behaviors.receive(Command.class)
        .onMessage(Opened.class, o -> startDownloading(o.file(), initial))
        .onMessage(Failed.class, f -> abort(f.reason()))
        .onMessageEquals(Cancel.INSTANCE, () -> abort("cancelled"))
        .build();
  }

  // ---- phase 2: downloading ----

  private Behavior<Command> startDownloading(PartialFile f, List<PeerInfo> initial) {
    this.file = f;
    this.picker = new ChunkPicker(manifest.numChunks(), f.have(), new Random());
    this.attempts = new int[manifest.numChunks()];
    this.bytesDone = 0;
    BitSet have = f.have();
    for (int i = have.nextSetBit(0); i >= 0; i = have.nextSetBit(i + 1)) bytesDone += manifest.chunkLength(i);
    lastTickBytes = bytesDone;
    fetchAdapter = getContext().messageAdapter(ChunkFetcher.Result.class, Fetch::new);
    haveAdapter = getContext().messageAdapter(PeerConnection.HaveUpdate.class, Have::new);
    library.put(f);
    announce.tell(manifest);
    publish(new TransferEvent.Located(s.nodeId(), id, manifest.name(), manifest.size(),
        manifest.numChunks(), initial.size(), f.resumedChunks()));
    if (picker.complete()) return verify();
    connect(initial);
    timers.startTimerWithFixedDelay(Tick.INSTANCE, TICK);
    timers.startTimerWithFixedDelay(RefreshHave.INSTANCE, HAVE_REFRESH);
    timers.startSingleTimer(Requery.INSTANCE, REQUERY);
    return this;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Fetch.class, this::onFetch)
        .onMessage(FetcherDied.class, this::onFetcherDied)
        .onMessage(Have.class, this::onHave)
        .onMessage(ConnectionEnded.class, this::onConnectionEnded)
        .onMessageEquals(Tick.INSTANCE, this::onTick)
        .onMessageEquals(RefreshHave.INSTANCE, this::onRefreshHave)
        .onMessageEquals(Requery.INSTANCE, this::onRequery)
        .onMessage(Requeried.class, r -> {
          connect(r.peers());
          return this;
        })
        .onMessage(Failed.class, f -> this) // a failed re-query: keep going with known peers
        .onMessageEquals(Cancel.INSTANCE, () -> abort("cancelled"))
        .onSignal(PostStop.class, sig -> onStop())
        .build();
  }

  private static String key(PeerInfo p) {
    return p.host() + ":" + p.port();
  }

  private boolean isSelf(PeerInfo p) {
    return p.peerId().equals(s.nodeId())
        || (p.port() == s.selfPort() && (p.host().equals(s.selfHost()) || p.host().startsWith("127.")
            && s.selfHost().startsWith("127.")));
  }

  private void connect(List<PeerInfo> infos) {
    for (PeerInfo p : infos) {
      String k = key(p);
      if (isSelf(p) || peers.containsKey(k) || banned.contains(k)) continue;
      Long after = retryAfter.get(k);
      if (after != null && System.nanoTime() - after < 0) continue;
      Peer peer = new Peer(k, p);
      peer.conn = getContext().spawn(
          connections.create(k, new InetSocketAddress(p.host(), p.port()), id,
              manifest.numChunks(), haveAdapter),
          "peer-" + (seq++));
      getContext().watchWith(peer.conn, new ConnectionEnded(k, peer.conn));
      peer.conn.tell(PeerConnection.RequestHave.INSTANCE);
      peers.put(k, peer);
    }
  }

  private Behavior<Command> onHave(Have h) {
    Peer p = peers.get(h.update().peer());
    if (p == null) return this;
    if (h.update().have().isEmpty()) {
      dropPeer(p, "does not share the file (" + h.update().refusal() + ")");
      return this;
    }
    BitSet bits = h.update().have().get();
    picker.peerHas(p.key, bits);
    p.haveKnown = true;
    p.complete = bits.cardinality() == manifest.numChunks();
    fill();
    return this;
  }

  private void fill() {
    while (running.size() < s.parallelism()) {
      Peer best = null;
      for (Peer p : peers.values()) {
        if (p.haveKnown && p.conn != null && p.inFlight < window(p)
            && (best == null || p.inFlight < best.inFlight)) {
          best = p;
        }
      }
      if (best == null) return;
      // Offer the slot to the least busy peer first, then the others in order of load.
      List<Peer> order = new ArrayList<>(peers.values());
      order.sort(Comparator.comparingInt(p -> p.inFlight));
      boolean started = false;
      boolean endGame = picker.doneCount() + picker.inFlightCount() >= manifest.numChunks();
      for (Peer p : order) {
        if (!p.haveKnown || p.conn == null || p.inFlight >= window(p)) continue;
        OptionalInt c = endGame ? picker.pickDuplicate(p.key, 2) : picker.pick(p.key);
        if (c.isPresent()) {
          startFetch(p, c.getAsInt());
          started = true;
          break;
        }
      }
      if (!started) return;
    }
  }

  private void startFetch(Peer p, int index) {
    ActorRef<ChunkFetcher.Command> ref = getContext().spawn(
        Behaviors.supervise(ChunkFetcher.create(manifest, index, p.key, p.conn, file,
            s.requestTimeout(), fetchAdapter)).onFailure(SupervisorStrategy.stop()),
        "chunk-" + index + "-" + (seq++), DispatcherSelector.blocking());
    getContext().watchWith(ref, new FetcherDied(ref));
    running.put(ref, new ChunkFetcher.FetchFailed(index, p.key, FailureKind.CONNECTION,
        "fetcher stopped unexpectedly"));
    p.inFlight++;
  }

  private Behavior<Command> onFetcherDied(FetcherDied d) {
    ChunkFetcher.Result pendingFailure = running.get(d.ref());
    // A fetcher that reported its result was already removed; one still listed crashed.
    if (pendingFailure == null) return this;
    return onResult(d.ref(), pendingFailure);
  }

  private Behavior<Command> onFetch(Fetch f) {
    ActorRef<ChunkFetcher.Command> ref = null;
    for (Map.Entry<ActorRef<ChunkFetcher.Command>, ChunkFetcher.Result> e : running.entrySet()) {
      if (e.getValue().index() == f.result().index() && e.getValue().peer().equals(f.result().peer())) {
        ref = e.getKey();
        break;
      }
    }
    if (ref == null) return this;
    return onResult(ref, f.result());
  }

  private Behavior<Command> onResult(ActorRef<ChunkFetcher.Command> ref, ChunkFetcher.Result r) {
    running.remove(ref);
    Peer p = peers.get(r.peer());
    if (p != null) p.inFlight--;
    if (r instanceof ChunkFetcher.Fetched ok) {
      if (picker.completed(ok.index())) {
        bytesDone += ok.bytes();
        if (p != null) {
          p.bytes += ok.bytes();
          p.chunks++;
          p.consecutiveFailures = 0;
        }
      }
      if (picker.complete()) return verify();
      fill();
      return this;
    }
    ChunkFetcher.FetchFailed bad = (ChunkFetcher.FetchFailed) r;
    int i = bad.index();
    if (picker.isDone(i)) {
      fill(); // the end game's losing duplicate: nothing to retry
      return this;
    }
    switch (bad.kind()) {
      case DISK:
        return abort(bad.reason() + " (the partial download is kept; run the same command again to resume)");
      case REFUSED:
        picker.peerLacks(bad.peer(), i);
        picker.abandoned(i, bad.peer());
        break;
      default:
        picker.failed(i, bad.peer());
        attempts[i]++;
        publish(new TransferEvent.ChunkRetried(s.nodeId(), id, i, bad.peer(), bad.reason()));
        getContext().getLog().info("chunk {} of {} failed on {}: {}", i, id.shortHex(), bad.peer(), bad.reason());
        if (p != null) {
          p.failures++;
          p.consecutiveFailures++;
          if (bad.kind() == FailureKind.BAD_DATA && ++p.badChunks >= BAN_AFTER_BAD_CHUNKS) {
            banned.add(p.key);
            dropPeer(p, "banned: sent " + p.badChunks + " chunks that failed their SHA-256");
          } else if (p.consecutiveFailures >= MAX_CONSECUTIVE_FAILURES) {
            dropPeer(p, p.consecutiveFailures + " failures in a row, last: " + bad.reason());
          }
        }
        if (attempts[i] >= s.retries()) {
          return abort("chunk " + i + " failed " + attempts[i] + " times, last on " + bad.peer()
              + ": " + bad.reason());
        }
        // No connected peer left that has not failed this chunk: let them try it again (each
        // attempt still counts) rather than stall.
        if (peers.values().stream().noneMatch(q -> picker.peerHasChunk(q.key, i)
            && !picker.hasFailed(i, q.key))) {
          picker.forgiveFailures(i);
        }
    }
    fill();
    return this;
  }

  private void dropPeer(Peer p, String reason) {
    getContext().getLog().info("dropping peer {} for {}: {}", p.key, id.shortHex(), reason);
    peers.remove(p.key);
    gone.put(p.key, stat(p));
    retryAfter.put(p.key, System.nanoTime() + s.requestTimeout().toNanos());
    picker.removePeer(p.key);
    if (p.conn != null) {
      getContext().unwatch(p.conn);
      getContext().stop(p.conn);
    }
    publish(new TransferEvent.PeerLost(s.nodeId(), id, p.key, reason));
  }

  private Behavior<Command> onConnectionEnded(ConnectionEnded e) {
    Peer p = peers.get(e.peer());
    if (p != null && p.conn == e.ref()) dropPeer(p, "connection lost");
    fill();
    return this;
  }

  private Behavior<Command> onRefreshHave() {
    for (Peer p : peers.values()) {
      if (!p.complete && p.conn != null) p.conn.tell(PeerConnection.RequestHave.INSTANCE);
    }
    return this;
  }

  private Behavior<Command> onRequery() {
    getContext().pipeToSelf(tracker.query(id), (l, err) ->
        err != null ? new Failed(UserText.oneLine(err)) : new Requeried(l.peers()));
    // New peers (other downloaders that started with us) matter most early on: ask often until
    // enough are known, then rarely.
    timers.startSingleTimer(Requery.INSTANCE, peers.size() < ENOUGH_PEERS ? REQUERY : REQUERY_SLOW);
    return this;
  }

  /**
   * Requests a peer may have outstanding: enough to cover {@link #QUEUE_SECONDS} of its measured
   * rate (so a slow peer does not sit on many chunks others could send), at least 2, at most the
   * pipeline depth.
   */
  private int window(Peer p) {
    int byRate = 1 + (int) Math.ceil(p.rate * QUEUE_SECONDS / manifest.chunkSize());
    return p.chunks == 0 && p.rate == 0 ? 2 : Math.max(2, Math.min(s.pipelineDepth(), byRate));
  }

  private Behavior<Command> onTick() {
    long now = System.nanoTime();
    double secs = (now - lastTickNanos) / 1e9;
    double instant = secs > 0 ? (bytesDone - lastTickBytes) / secs : 0;
    rate = rate == 0 ? instant : 0.7 * rate + 0.3 * instant;
    idleTicks = bytesDone == lastTickBytes ? idleTicks + 1 : 0;
    for (Peer p : peers.values()) {
      double r = secs > 0 ? (p.bytes - p.bytesAtLastTick) / secs : 0;
      p.rate = p.rate == 0 ? r : 0.6 * p.rate + 0.4 * r;
      p.bytesAtLastTick = p.bytes;
    }
    lastTickBytes = bytesDone;
    lastTickNanos = now;
    publish(progress());
    long giveUpTicks = Math.max(3 * s.requestTimeout().toMillis(), 30_000) / TICK.toMillis();
    if (idleTicks >= giveUpTicks && running.isEmpty()) {
      return abort(peers.isEmpty() && gone.isEmpty()
          ? "no peer is reachable for this file"
          : "every peer failed or has gone (" + String.join(", ", gone.keySet()) + ")");
    }
    fill();
    return this;
  }

  private TransferEvent.Progress progress() {
    return new TransferEvent.Progress(s.nodeId(), id, bytesDone, manifest.size(),
        picker.doneCount(), manifest.numChunks(), rate, stats());
  }

  private List<TransferEvent.PeerStat> stats() {
    List<TransferEvent.PeerStat> out = new ArrayList<>();
    for (Peer p : peers.values()) out.add(stat(p));
    for (TransferEvent.PeerStat g : gone.values()) {
      if (!peers.containsKey(g.peer())) out.add(g);
    }
    return out;
  }

  private TransferEvent.PeerStat stat(Peer p) {
    TransferEvent.PeerStat old = gone.get(p.key);
    long bytes = p.bytes + (old == null ? 0 : old.bytes());
    int chunks = p.chunks + (old == null ? 0 : old.chunks());
    int failures = p.failures + (old == null ? 0 : old.failures());
    return new TransferEvent.PeerStat(p.key, bytes, chunks, p.inFlight, failures, banned.contains(p.key));
  }

  // ---- phase 3: verifying ----

  private Behavior<Command> verify() {
    timers.cancelAll();
    for (Peer p : List.copyOf(peers.values())) {
      gone.put(p.key, stat(p));
      getContext().unwatch(p.conn);
      getContext().stop(p.conn);
    }
    peers.clear();
    publish(progress());
    publish(new TransferEvent.Verifying(s.nodeId(), id));
    PartialFile f = file;
    Manifest m = manifest;
    getContext().pipeToSelf(onBlockingDispatcher(() -> {
      Path path = f.complete(m.name(), done -> {});
      return new Verified(path, SharedFile.open(path, m, Files.getLastModifiedTime(path)));
    }), (v, err) -> err != null ? new Failed(UserText.oneLine(err)) : v);
    return Behaviors.receive(Command.class)
        .onMessage(Verified.class, this::onVerified)
        .onMessage(Failed.class, f2 -> abort(f2.reason()))
        .onMessage(Fetch.class, x -> Behaviors.same())
        .onMessage(FetcherDied.class, x -> Behaviors.same())
        .onMessage(Have.class, x -> Behaviors.same())
        .onMessage(ConnectionEnded.class, x -> Behaviors.same())
        .onMessageEquals(Cancel.INSTANCE, () -> Behaviors.same())
        .onSignal(PostStop.class, sig -> onStop())
        .build();
  }

  private Behavior<Command> onVerified(Verified v) {
    finished = true;
    library.replace(file, v.shared());
    announce.tell(manifest);
    double secs = (System.nanoTime() - startNanos) / 1e9;
    List<TransferEvent.PeerStat> st = new ArrayList<>(gone.values());
    publish(new TransferEvent.Completed(s.nodeId(), id, v.path(), manifest.size(), secs, st));
    replyTo.tell(new Finished(v.path(), manifest, secs, st));
    return Behaviors.stopped();
  }

  // ---- endings ----

  private Behavior<Command> abort(String reason) {
    if (!finished) {
      finished = true;
      publish(new TransferEvent.Failed(s.nodeId(), id, reason));
      replyTo.tell(new Aborted(id, reason));
    }
    return Behaviors.stopped();
  }

  private Behavior<Command> onStop() {
    if (file != null) {
      library.remove(file);
      try {
        file.close();
      } catch (IOException e) {
        getContext().getLog().warn("closing {}: {}", file.partPath(), e.getMessage());
      }
    }
    if (!finished) {
      finished = true;
      replyTo.tell(new Aborted(id, "download stopped"));
    }
    return this;
  }

  /** File work that may block, run on the blocking dispatcher; its result is piped to this actor. */
  private interface FileWork<T> {
    T run() throws IOException;
  }

  private <T> CompletableFuture<T> onBlockingDispatcher(FileWork<T> work) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return work.run();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }, blocking);
  }

  private void publish(TransferEvent e) {
    events.tell(e);
  }
}
