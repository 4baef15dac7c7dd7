package dev.p2p.transfer;

import dev.p2p.peer.Library;
import dev.p2p.peer.PeerConnection;
import dev.p2p.protocol.ErrorCode;
import dev.p2p.protocol.Message.PeerInfo;
import dev.p2p.storage.Manifest;
import dev.p2p.storage.PartialFile;
import dev.p2p.storage.PeerAddress;
import dev.p2p.text.P2pException.Kind;
import dev.p2p.transfer.ChunkFetcher.FetchFailed;
import dev.p2p.transfer.ChunkFetcher.Request;
import dev.p2p.transfer.Download.Cancel;
import dev.p2p.transfer.Download.Command;
import dev.p2p.transfer.Download.ConnectionEnded;
import dev.p2p.transfer.Download.Failed;
import dev.p2p.transfer.Download.FetchEnded;
import dev.p2p.transfer.Download.FetcherDied;
import dev.p2p.transfer.Download.HaveReceived;
import dev.p2p.transfer.Download.Noticed;
import dev.p2p.transfer.Download.RefreshHave;
import dev.p2p.transfer.Download.Requery;
import dev.p2p.transfer.Download.Requeried;
import dev.p2p.transfer.Download.Tick;
import dev.p2p.transfer.policy.DownloadTuning;
import dev.p2p.transfer.policy.FailureKind;
import dev.p2p.transfer.policy.PeerScoreboard;
import dev.p2p.transfer.policy.SelfFilter;
import dev.p2p.transfer.policy.StallDetector;
import dev.p2p.transfer.policy.ThroughputMeter;
import dev.p2p.transfer.selection.ChunkPicker;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Phase 3 of a {@link Download}: keeps one connection per usable peer and one {@link
 * ChunkFetcher} per request in flight, and serves the verified chunks of its open partial file.
 * It owns the file, the connections and the fetchers (children stop with it); when it stops
 * without handing over to {@link Verifying} it closes the file and stops serving it.
 */
final class Downloading extends AbstractBehavior<Command> {
  private final DownloadContext c;
  private final Manifest manifest;
  private final PartialFile file;
  private final ChunkPicker picker;
  private final PeerScoreboard scores;
  private final PeerSet peers;
  private final ThroughputMeter meter;
  private final StallDetector stall;
  private final PeerWait wait;
  private final int[] attempts;
  /** Requests in flight by their fetch key. */
  private final Map<Integer, Request> running = new HashMap<>();
  private final ActorRef<ChunkFetcher.Result> fetchAdapter;
  private final Connector connector;
  /** How the chunk server passes on what peers push about this file. */
  private final Consumer<Library.Notice> listener;
  private final Requerier requeries;
  private long bytesDone;
  private long lastTickNanos;
  private int seq;

  static Behavior<Command> start(DownloadContext c, Manifest m, PartialFile f, List<PeerInfo> initial) {
    return new Downloading(c, m, f).begin(initial);
  }

  private Downloading(DownloadContext c, Manifest m, PartialFile f) {
    super(c.actor());
    this.c = c;
    this.manifest = m;
    this.file = f;
    BitSet have = f.have();
    this.picker = new ChunkPicker(m.numChunks(), have, new Random());
    this.attempts = new int[m.numChunks()];
    for (int i = have.nextSetBit(0); i >= 0; i = have.nextSetBit(i + 1)) bytesDone += m.chunkLength(i);
    this.scores = new PeerScoreboard(c.settings().requestTimeout(), new ChunkEvents(c));
    this.meter = new ThroughputMeter(DownloadTuning.DOWNLOAD_RATE_WEIGHT, bytesDone);
    this.stall = new StallDetector(c.settings().requestTimeout(), DownloadTuning.TICK, bytesDone);
    this.wait = new PeerWait(c.settings().waitForPeers());
    this.peers = new PeerSet(m.numChunks(), m.chunkSize(), c.settings().pipelineDepth(), picker,
        scores, new SelfFilter(c.settings().nodeId(), c.settings().selfHost(), c.settings().selfPort()),
        c.wrong());
    this.lastTickNanos = c.now();
    this.fetchAdapter = c.actor().messageAdapter(ChunkFetcher.Result.class, FetchEnded::new);
    this.connector = new Connector(c, peers, m, f,
        c.actor().messageAdapter(PeerConnection.HaveUpdate.class, HaveReceived::new));
    ActorRef<Command> self = c.actor().getSelf();
    this.listener = n -> self.tell(new Noticed(n));
    this.requeries = new Requerier(c, peers, connector, wait, m.variant());
  }

  private Behavior<Command> begin(List<PeerInfo> initial) {
    c.deps().library().put(file, c.deps().privacy());
    c.deps().library().listen(c.id(), listener);
    // Resumed with chunks: it has something to serve already (else from its first chunk on).
    if (picker.doneCount() > 0) c.deps().announce().tell(manifest);
    c.publish(new TransferEvent.Located(c.settings().nodeId(), c.id(), manifest.name(),
        manifest.size(), manifest.numChunks(), initial.size(), file.resumedChunks()));
    if (picker.complete()) return toVerifying();
    connector.connect(initial);
    c.timers().startTimerWithFixedDelay(Tick.INSTANCE, DownloadTuning.TICK);
    c.timers().startTimerWithFixedDelay(RefreshHave.INSTANCE, DownloadTuning.HAVE_REFRESH);
    requeries.start();
    return this;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(FetchEnded.class, f -> onResult(f.result()))
        .onMessage(FetcherDied.class, this::onFetcherDied)
        .onMessage(HaveReceived.class, this::onHave)
        .onMessage(Noticed.class, n -> onNotice(n.notice()))
        .onMessage(ConnectionEnded.class, this::onConnectionEnded)
        .onMessageEquals(Tick.INSTANCE, this::onTick)
        .onMessageEquals(RefreshHave.INSTANCE, this::onRefreshHave)
        .onMessageEquals(Requery.INSTANCE, () -> same(requeries::ask))
        .onMessage(Requeried.class, r -> same(() -> requeries.answered(r)))
        .onMessage(Failed.class, f -> same(requeries::failed)) // keep going with known peers
        .onMessageEquals(Cancel.INSTANCE, () -> abort("cancelled"))
        .onMessage(Download.Pause.class, p -> {
          c.setPaused(true, p.replyTo());
          return this;
        })
        .onMessage(Download.Resume.class, this::onResume)
        .onMessage(Download.Discard.class, d -> {
          c.deps().library().unlisten(c.id(), listener);
          return c.discard(Optional.of(file), d.replyTo());
        })
        .onSignal(PostStop.class, s -> onStop())
        .build();
  }

  private Behavior<Command> same(Runnable r) {
    r.run();
    return this;
  }

  private Behavior<Command> onHave(HaveReceived h) {
    PeerAddress a = h.update().peer();
    if (!peers.contains(a)) return this;
    if (h.update().ended()) {
      dropPeer(a, h.update().refusal());
      return this;
    }
    if (h.update().have().isEmpty()) {
      // The refusal of a peer that predates HELLO (it closes this connection): ask it again
      // the old way, on a new connection. It had no requests yet: its chunks were unknown.
      if (!peers.isLegacy(a) && h.update().refusal().startsWith(ErrorCode.BAD_REQUEST.name())) {
        stop(peers.connection(a));
        peers.rejoinedLegacy(a, connector.open(a, false));
        return this;
      }
      dropPeer(a, "does not share the file (" + h.update().refusal() + ")");
      return this;
    }
    peers.tookHello(a);
    peers.has(a, h.update().have().get());
    fill();
    return this;
  }

  /** What a peer pushed through our chunk server (on its own connection to us). */
  private Behavior<Command> onNotice(Library.Notice n) {
    PeerAddress a = n.peer().address();
    if (n instanceof Library.PeerHello h) {
      if (h.numChunks() != manifest.numChunks()) return this; // another file's layout: ignore
      // A peer we did not know yet (the tracker told it of us first): connect back at once.
      if (!peers.contains(a)) connector.connect(List.of(n.peer()));
      if (!peers.contains(a)) return this; // ourselves, banned, or waiting to rejoin
      peers.pushes(a, true);
      peers.has(a, h.have());
    } else if (n instanceof Library.PeerGained g) {
      if (!peers.contains(a)) return this;
      peers.gained(a, g.index());
    } else {
      peers.pushes(a, false); // poll it again, from the next refresh on
      return this;
    }
    fill();
    return this;
  }

  /** Requests chunks up to the parallelism, unless paused: then the ones in flight only end. */
  private void fill() {
    if (c.paused().get()) return;
    for (PeerSet.Assignment next : peers.assign(c.settings().parallelism() - running.size())) {
      Request req = new Request(seq++, next.index(), next.peer());
      ActorRef<ChunkFetcher.Command> ref = getContext().spawn(
          Behaviors.supervise(ChunkFetcher.create(manifest, req, peers.connection(req.peer()), file,
              c.settings().requestTimeout(), fetchAdapter)).onFailure(SupervisorStrategy.stop()),
          "chunk-" + req.index() + "-" + req.fetch(), DispatcherSelector.blocking());
      getContext().watchWith(ref, new FetcherDied(req.fetch()));
      running.put(req.fetch(), req);
    }
  }

  private Behavior<Command> onFetcherDied(FetcherDied d) {
    Request req = running.get(d.fetch());
    // A fetcher that reported its result was already removed; one still listed crashed.
    if (req == null) return this;
    return onResult(new FetchFailed(req, FailureKind.CONNECTION, "fetcher stopped unexpectedly"));
  }

  private Behavior<Command> onResult(ChunkFetcher.Result r) {
    Request req = r.request();
    if (!running.remove(req.fetch(), req)) return this; // never a stale one: its peer is banned
    PeerAddress a = req.peer();
    int i = req.index();
    scores.answered(a);
    if (r instanceof ChunkFetcher.Fetched ok) {
      peers.verified();
      if (picker.completed(i)) {
        bytesDone += ok.bytes();
        scores.delivered(a, i, ok.bytes());
        gained(i);
      }
      if (picker.complete()) return toVerifying();
    } else if (!picker.isDone(i)) { // else the end game's losing duplicate: nothing to retry
      FetchFailed bad = (FetchFailed) r;
      if (bad.kind() == FailureKind.DISK) {
        return abort(Kind.DISK, bad.reason() + " (the partial download is kept; run the same command again to resume)");
      }
      if (bad.kind() == FailureKind.REFUSED) {
        picker.peerLacks(a, i);
        picker.abandoned(i, a);
      } else {
        peers.failedWith(a, bad.kind());
        failed(bad);
        if (peers.chunksSayManifestIsWrong()) return wrongManifest("nearly every chunk failed its hash");
        if (attempts[i] >= c.settings().retries()) {
          return abort(Kind.NO_PEERS, "chunk " + i + " failed " + attempts[i] + " times, last on " + a + ": "
              + bad.reason());
        }
      }
    }
    fill();
    return this;
  }

  /**
   * Chunk {@code i} is verified and written: the tracker hears of us at the first one (a get that
   * never had a chunk is never listed), every peer that lacks chunks and takes notifications hears
   * it, and the end game's other requests for it are cancelled.
   */
  private void gained(int i) {
    if (picker.doneCount() == 1) c.deps().announce().tell(manifest); // the first chunk here
    peers.gained(c.id(), i, running.values().stream().filter(r -> r.index() == i).map(Request::peer).toList());
  }

  private void failed(FetchFailed bad) {
    PeerAddress a = bad.request().peer();
    int i = bad.request().index();
    picker.failed(i, a);
    attempts[i]++;
    c.publish(new TransferEvent.ChunkRetried(c.settings().nodeId(), c.id(), i, a.toString(), bad.reason(),
        peers.anotherHas(a, i)));
    getContext().getLog().info("chunk {} of {} failed on {}: {}", i, c.id().shortHex(), a, bad.reason());
    switch (scores.failed(a, bad.kind())) {
      case BAN -> dropPeer(a, "banned: sent " + scores.badChunks(a) + " chunks that failed their SHA-256");
      case DROP -> dropPeer(a, scores.consecutiveFailures(a) + " failures in a row, last: " + bad.reason());
      case KEEP -> { }
    }
    peers.forgiveIfNoneLeft(i);
  }

  private void dropPeer(PeerAddress a, String reason) {
    getContext().getLog().info("dropping peer {} for {}: {}", a, c.id().shortHex(), reason);
    stop(peers.drop(a, c.now()));
    c.publish(new TransferEvent.PeerLost(c.settings().nodeId(), c.id(), a.toString(), wait.lost(a, reason)));
  }

  private Behavior<Command> onConnectionEnded(ConnectionEnded e) {
    if (peers.isConnection(e.peer(), e.ref())) dropPeer(e.peer(), "connection lost");
    fill();
    return this;
  }

  private Behavior<Command> onRefreshHave() {
    peers.toPoll().forEach(conn -> conn.tell(PeerConnection.RequestHave.INSTANCE));
    return this;
  }

  private Behavior<Command> onTick() {
    long now = c.now();
    double secs = (now - lastTickNanos) / 1e9;
    meter.sample(bytesDone, secs);
    scores.tick(secs);
    lastTickNanos = now;
    c.publish(progress());
    // Paused, no progress is expected: the stall count starts again at the resume.
    if (c.paused().get()) return this;
    boolean stalled = stall.tick(bytesDone) && running.isEmpty();
    if (stalled && peers.mayBeADecoy()) return wrongManifest("no peer of it delivered a verified chunk");
    // Requests to a peer that went away only end at their time-out: no reason to hold back. Once
    // waiting, a peer still connecting is none either (the tracker may list one that is gone).
    if (running.values().stream().noneMatch(r -> peers.contains(r.peer())) && !peers.mayDeliver()
        || wait.waiting() && !peers.holdsMissing()) return waitForPeers(now);
    if (wait.waiting()) {
      wait.end();
      stall.restart(bytesDone);
    } else if (stalled) {
      return abort(Kind.NO_PEERS, peers.whyNoProgress());
    }
    fill();
    return this;
  }

  /**
   * No peer left can deliver: says so at once and asks the tracker now (then on the re-query
   * timer, with its backoff), telling the user again only when the reason changes; after the
   * wait's limit, gives up (a manifest nobody ever delivered a chunk of gives way to the next).
   */
  private Behavior<Command> waitForPeers(long now) {
    boolean began = !wait.waiting();
    wait.begin(now);
    String reason = wait.reason(manifest.numChunks() - picker.doneCount(), peers.answered());
    if (wait.expired(now)) return peers.mayBeADecoy() ? wrongManifest("no peer of it delivered a verified chunk")
        : abort(Kind.NO_PEERS, wait.gaveUp(reason, picker.doneCount(), manifest.numChunks(), file.partPath()));
    if (began) requeries.soon();
    if (wait.news(reason)) {
      getContext().getLog().info("{}: waiting: {}", c.id().shortHex(), reason);
      c.publish(new TransferEvent.Waiting(c.settings().nodeId(), c.id(), reason, requeries.next()));
    }
    return this;
  }

  /** Requests again from where it stopped; with no peer left (they closed meanwhile), asks the tracker now. */
  private Behavior<Command> onResume(Download.Resume r) {
    if (!c.setPaused(false, r.replyTo())) return this;
    stall.restart(bytesDone);
    wait.end(); // a paused download was not waiting: a wait begins again from now
    if (peers.size() == 0) requeries.ask();
    fill();
    return this;
  }

  private TransferEvent.Progress progress() {
    return new TransferEvent.Progress(c.settings().nodeId(), c.id(), bytesDone, manifest.size(),
        picker.doneCount(), manifest.numChunks(), meter.rate(), peers.stats());
  }

  /**
   * Hands the file over to the verifying phase. The connections stop here; a fetcher still running
   * (the end game's losing duplicate) writes only a chunk that is already there, and its result is
   * ignored.
   */
  private Behavior<Command> toVerifying() {
    c.deps().library().unlisten(c.id(), listener);
    c.timers().cancelAll();
    peers.dropAll().forEach(this::stop);
    return Verifying.start(c, manifest, file, progress(), peers.goneStats(), peers.seen());
  }

  /** The manifest proved wrong ({@code why}): leave it and its peers for the tracker's next. */
  private Behavior<Command> wrongManifest(String why) {
    c.deps().library().unlisten(c.id(), listener);
    return Locating.again(c, manifest, file, peers.seen(), why);
  }

  private void stop(ActorRef<PeerConnection.Command> conn) {
    getContext().unwatch(conn);
    getContext().stop(conn);
  }

  /**
   * Closes the partial file (which writes its pending bitmap marks) before the outcome goes out:
   * whoever hears "failed" may exit at once, and the verified chunks must already be marked for
   * a resume.
   */
  private Behavior<Command> abort(String reason) {
    return abort(Kind.FAILED, reason);
  }

  private Behavior<Command> abort(Kind kind, String reason) {
    c.release(file);
    return c.abort(kind, reason);
  }

  private Behavior<Command> onStop() {
    c.deps().library().unlisten(c.id(), listener);
    c.release(file);
    c.reportStopped();
    return this;
  }
}
