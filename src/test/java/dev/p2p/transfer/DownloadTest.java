package dev.p2p.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.p2p.peer.Library;
import dev.p2p.peer.PeerConnection;
import dev.p2p.protocol.Message;
import dev.p2p.protocol.Message.PeerInfo;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import dev.p2p.storage.PartialFile;
import dev.p2p.storage.PeerAddress;
import dev.p2p.storage.SharedFile;
import dev.p2p.text.P2pException;
import dev.p2p.tracker.TrackerClient;
import dev.p2p.transfer.policy.DownloadTuning;
import dev.p2p.transfer.policy.RequeryPolicy;
import dev.p2p.transfer.policy.StallDetector;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The download actor alone: the tracker is a future the test completes, every peer connection a
 * scripted behavior whose commands a probe sees, time is {@link ManualTime} (and a clock the test
 * moves with it); the file, its partial file and every SHA-256 check are real.
 */
class DownloadTest {
  static final ActorTestKit testKit = ActorTestKit.create(
      ManualTime.config().withFallback(ConfigFactory.load("application-test")));
  static final ManualTime manualTime = ManualTime.get(testKit.system());
  static final Duration WAIT = Duration.ofSeconds(5);
  static final Duration QUIET = Duration.ofMillis(300);
  static final Duration TIMEOUT = Duration.ofSeconds(1);
  static final int CHUNK = Manifest.MIN_CHUNK_SIZE;
  static final PeerAddress A = new PeerAddress("127.0.0.1", 7001);
  static final PeerAddress B = new PeerAddress("127.0.0.1", 7002);

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @TempDir Path dir;
  byte[] data;
  Manifest manifest;
  Path out;
  final AtomicLong clock = new AtomicLong(1_000_000_000L);
  final Library library = new Library();
  final Map<PeerAddress, FakePeer> fakes = new ConcurrentHashMap<>();
  final BlockingQueue<CompletableFuture<TrackerClient.Located>> queries = new LinkedBlockingQueue<>();
  final TestProbe<Download.Outcome> outcome = testKit.createTestProbe();
  final TestProbe<TransferEvent> events = testKit.createTestProbe();
  final TestProbe<Manifest> announce = testKit.createTestProbe();
  final TestProbe<PeerAddress> stopped = testKit.createTestProbe();
  /** How long {@link #start} downloads wait for a peer when none left can deliver. */
  Duration waitForPeers = Download.Settings.DEFAULT_WAIT_FOR_PEERS;

  @BeforeEach
  void file() throws IOException {
    data = new byte[3 * CHUNK + 100]; // four chunks, the last one short
    new Random(3).nextBytes(data);
    Path src = Files.write(dir.resolve("src.bin"), data);
    try (SharedFile f = SharedFile.hashAndOpen(src, CHUNK, done -> {})) {
      manifest = f.manifest();
    }
    out = dir.resolve("out");
  }

  // ---- the scripted world ----

  /** What a fake peer answers to a request for a chunk: nothing (silent), or a reply. */
  interface Script extends IntFunction<Optional<PeerConnection.Reply>> {}

  Script honest() {
    return i -> Optional.of(new PeerConnection.ChunkArrived(i, chunk(i)));
  }

  Script corrupt() {
    return i -> {
      byte[] bad = chunk(i).toArray();
      bad[0] ^= 1;
      return Optional.of(new PeerConnection.ChunkArrived(i, ByteString.fromArray(bad)));
    };
  }

  static Script silent() {
    return i -> Optional.empty();
  }

  ByteString chunk(int i) {
    return ByteString.fromArray(data, (int) manifest.offset(i), manifest.chunkLength(i));
  }

  /** One remote peer: what it has, how it answers, and every command its connection got. */
  final class FakePeer {
    final PeerAddress address;
    final BitSet have;
    final boolean answersHave;
    final Script script;
    /** Like a peer of before HELLO: refuses it with BAD_REQUEST (and so ends that connection). */
    volatile boolean predatesHello;
    final TestProbe<PeerConnection.Command> probe = testKit.createTestProbe();
    final ConcurrentLinkedQueue<Integer> requested = new ConcurrentLinkedQueue<>();
    volatile ActorRef<PeerConnection.HaveUpdate> owner;

    FakePeer(PeerAddress address, BitSet have, boolean answersHave, Script script) {
      this.address = address;
      this.have = have;
      this.answersHave = answersHave;
      this.script = script;
    }

    Behavior<PeerConnection.Command> connection(ActorRef<PeerConnection.HaveUpdate> owner) {
      this.owner = owner;
      boolean[] saidHello = {false};
      return Behaviors.monitor(PeerConnection.Command.class, probe.getRef(),
          Behaviors.receive(PeerConnection.Command.class)
              .onMessage(PeerConnection.Notify.class, n -> {
                saidHello[0] |= n.notification() instanceof Message.Hello;
                return Behaviors.same();
              })
              .onMessageEquals(PeerConnection.RequestHave.INSTANCE, () -> {
                if (predatesHello && saidHello[0]) {
                  owner.tell(new PeerConnection.HaveUpdate(address, Optional.empty(),
                      "BAD_REQUEST: a peer does not accept Hello messages"));
                } else if (answersHave) {
                  sendHave();
                }
                return Behaviors.same();
              })
              .onMessage(PeerConnection.RequestChunk.class, r -> {
                requested.add(r.index());
                script.apply(r.index()).ifPresent(r.replyTo()::tell);
                return Behaviors.same();
              })
              .onSignal(PostStop.class, s -> {
                stopped.getRef().tell(address);
                return Behaviors.same();
              })
              .build());
    }

    /** Tells the download what this peer has (as its connection does on a HAVE). */
    void sendHave() {
      owner.tell(new PeerConnection.HaveUpdate(address, Optional.of(have), null));
    }

    /** Waits until the download asked what this peer has (after its HELLO, if any). */
    void awaitHaveRequest() {
      probe.fishForMessage(WAIT, m -> m == PeerConnection.RequestHave.INSTANCE
          ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
    }

    /** Waits for the notification {@code m} on this peer's connection. */
    void awaitNotified(Message m) {
      probe.fishForMessage(WAIT, c -> c instanceof PeerConnection.Notify n && n.notification().equals(m)
          ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
    }

    PeerInfo info() {
      return new PeerInfo("peer" + address.port(), address.host(), address.port());
    }

    /** Waits until the download asked this peer for {@code index}. */
    void awaitRequest(int index) {
      awaitRequests(index);
    }

    /** Waits until the download asked this peer for each of {@code indexes}, in any order. */
    void awaitRequests(int... indexes) {
      Set<Integer> due = new HashSet<>();
      for (int i : indexes) due.add(i);
      probe.fishForMessage(WAIT, m -> m instanceof PeerConnection.RequestChunk r
          && due.remove(r.index()) && due.isEmpty()
          ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
    }
  }

  FakePeer peer(PeerAddress address, BitSet have, boolean answersHave, Script script) {
    FakePeer f = new FakePeer(address, have, answersHave, script);
    fakes.put(address, f);
    return f;
  }

  BitSet all() {
    BitSet b = new BitSet();
    b.set(0, manifest.numChunks());
    return b;
  }

  static BitSet chunks(int... indexes) {
    BitSet b = new BitSet();
    for (int i : indexes) b.set(i);
    return b;
  }

  /** Starts a download whose first tracker query lists {@code listed} (or none when empty). */
  ActorRef<Download.Command> start(int parallelism, Download.PartialFileOpener opener,
      PeerAddress... listed) {
    List<PeerInfo> infos = new ArrayList<>();
    for (PeerAddress a : listed) infos.add(new PeerInfo("peer" + a.port(), a.host(), a.port()));
    Download.Locator tracker = (id, exclude) -> {
      CompletableFuture<TrackerClient.Located> f = new CompletableFuture<>();
      // The first query (locating) gets the list; re-queries stay unanswered unless a test answers.
      if (queries.isEmpty() && listed.length > 0) f.complete(new TrackerClient.Located(manifest, infos));
      queries.add(f);
      return f;
    };
    Download.ConnectionFactory connections = (peer, nodeId, address, id, n, owner) ->
        fakes.get(peer).connection(owner);
    Download.Deps deps = new Download.Deps(tracker, connections, library, announce.getRef(),
        events.getRef(), opener, clock::get);
    Download.Settings settings = new Download.Settings(out, TIMEOUT, 8, parallelism, 4, "me",
        "127.0.0.1", 7000, waitForPeers);
    return testKit.spawn(Download.create(manifest.id(), settings, deps, outcome.getRef()));
  }

  ActorRef<Download.Command> start(int parallelism, PeerAddress... listed) {
    return start(parallelism, PartialFile::open, listed);
  }

  /** Moves virtual time and the download's clock together. */
  void pass(Duration d) {
    clock.addAndGet(d.toNanos());
    manualTime.timePasses(d);
  }

  /** The next event of {@code type} within {@code within}, or null (other events are skipped). */
  <E extends TransferEvent> E pollEvent(Class<E> type, Duration within) {
    try {
      List<TransferEvent> got = events.fishForMessage(within, e -> type.isInstance(e)
          ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
      return type.cast(got.get(got.size() - 1));
    } catch (AssertionError none) {
      return null;
    }
  }

  <E extends TransferEvent> E awaitEvent(Class<E> type) {
    List<TransferEvent> got = events.fishForMessage(WAIT, e -> type.isInstance(e)
        ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
    return type.cast(got.get(got.size() - 1));
  }

  Download.Finished awaitFinished() throws IOException {
    Download.Finished f = outcome.expectMessageClass(Download.Finished.class, WAIT);
    assertArrayEquals(data, Files.readAllBytes(f.path()));
    outcome.expectNoMessage(QUIET);
    return f;
  }

  void assertCancelledOnce() {
    assertEquals("cancelled", outcome.expectMessageClass(Download.Aborted.class, WAIT).reason());
    outcome.expectNoMessage(QUIET);
  }

  TransferEvent.PeerStat stat(Download.Finished f, PeerAddress a) {
    return f.peers().stream().filter(p -> p.peer().equals(a.toString())).findFirst().orElseThrow();
  }

  /** Open file descriptors of this JVM that point at {@code path} (Linux: /proc/self/fd). */
  static long openDescriptorsOf(Path path) throws IOException {
    Path real = path.toRealPath();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.filter(fd -> {
        try {
          return Files.readSymbolicLink(fd).equals(real);
        } catch (IOException | UnsupportedOperationException gone) {
          return false; // closed meanwhile, or the listing's own descriptor
        }
      }).count();
    }
  }

  void assertPartialFileClosed() throws IOException {
    Path part = PartialFile.partPathFor(out, manifest.id());
    Path bitmap = PartialFile.bitmapPathFor(out, manifest.id());
    assertTrue(Files.exists(part), "the partial file stays for a resume");
    testKit.createTestProbe().awaitAssert(WAIT, () -> {
      try {
        assertEquals(0, openDescriptorsOf(part), "data channel closed");
        assertEquals(0, openDescriptorsOf(bitmap), "bitmap channel closed");
      } catch (IOException e) {
        throw new AssertionError(e);
      }
      return null;
    });
    assertTrue(library.get(manifest.id()).isEmpty(), "no longer served");
  }

  // ---- pushed availability, CANCEL, peers that predate HELLO ----

  @Test
  void aPeerThatPushesWhatItGainsIsAskedForItWithoutPolling() throws Exception {
    FakePeer a = peer(A, new BitSet(), true, honest());
    start(4, A);
    a.awaitNotified(Message.Hello.of(manifest.id(), "me", 7000, manifest.numChunks(), new BitSet()));
    a.awaitHaveRequest();
    library.notice(manifest.id(), new Library.PeerHello(a.info(), manifest.numChunks(), chunks(0)));
    a.awaitRequest(0);
    pass(DownloadTuning.HAVE_REFRESH.multipliedBy(2));
    a.probe.expectNoMessage(QUIET); // no HAVE_REQUEST (A pushes), no HAVE_CHUNK 0 (A sent it)
    for (int i = 1; i < manifest.numChunks(); i++) {
      library.notice(manifest.id(), new Library.PeerGained(a.info(), i));
    }
    awaitFinished();
    assertEquals(List.of(0, 1, 2, 3), a.requested.stream().sorted().toList());
  }

  @Test
  void eachVerifiedChunkIsPushedToThePeersThatLackIt() throws Exception {
    // Nobody has chunk 3 at first, so the download (and each connection) outlasts the checks.
    FakePeer a = peer(A, chunks(0), true, honest());
    FakePeer b = peer(B, chunks(1, 2), true, honest());
    start(8, A, B);
    b.awaitNotified(new Message.HaveChunk(manifest.id(), 0));
    a.awaitNotified(new Message.HaveChunk(manifest.id(), 1));
    library.notice(manifest.id(), new Library.PeerHello(b.info(), manifest.numChunks(), all()));
    awaitFinished();
  }

  @Test
  void anUnknownPeerThatSaysHelloIsConnectedToAtOnce() throws Exception {
    peer(A, chunks(0), true, honest());
    FakePeer b = peer(B, all(), true, honest());
    start(4, A);
    fakes.get(A).awaitRequest(0);
    library.notice(manifest.id(), new Library.PeerHello(b.info(), manifest.numChunks(), all()));
    b.awaitHaveRequest();
    awaitFinished();
  }

  @Test
  void theEndGameCancelsTheLosingRequest() throws Exception {
    FakePeer a = peer(A, all(), true, silent());
    Script honest = honest();
    // B never sends chunk 1, so the download is still running (and A connected) after chunk 0.
    FakePeer b = peer(B, all(), false, i -> i == 1 ? Optional.empty() : honest.apply(i));
    start(8, A, B);
    a.awaitRequests(0, 1, 2, 3); // A's first window holds every chunk; it never answers
    b.awaitHaveRequest();
    b.sendHave();
    // The end game: B is asked for duplicates, and its chunk 0 wins.
    a.awaitNotified(new Message.Cancel(manifest.id(), 0));
    assertTrue(b.requested.contains(0));
  }

  @Test
  void aPeerThatPredatesHelloIsAskedAgainWithoutIt() throws Exception {
    FakePeer a = peer(A, all(), true, honest());
    a.predatesHello = true;
    start(4, A);
    Download.Finished f = awaitFinished();
    assertEquals(manifest.numChunks(), stat(f, A).chunks());
    assertEquals(0, stat(f, A).failures(), "its refusal of HELLO is not held against it");
  }

  // ---- retries, bans, stalls, resume ----

  @Test
  void theTrackerHearsOfTheDownloadAtItsFirstVerifiedChunkNotBefore() throws Exception {
    // A answers nothing at first: a get that never had a chunk must not be listed as a source.
    FakePeer a = peer(A, chunks(0), true, silent());
    FakePeer b = peer(B, all(), false, honest());
    start(1, A, B);
    a.awaitRequest(0);
    announce.expectNoMessage(QUIET);
    b.awaitHaveRequest();
    b.sendHave();
    pass(TIMEOUT);
    assertEquals(manifest, announce.receiveMessage(), "announced once a chunk is here");
    awaitFinished();
  }

  @Test
  void retriesChunkOnAnotherPeerWhenFirstTimesOut() throws Exception {
    // A has only chunk 0 and never answers; B, who has everything, is heard from only once A
    // holds the request, so chunk 0 can come from B only as a retry.
    FakePeer a = peer(A, chunks(0), true, silent());
    FakePeer b = peer(B, all(), false, honest());
    start(1, A, B);
    a.awaitRequest(0);
    b.awaitHaveRequest();
    b.sendHave();
    pass(TIMEOUT);
    TransferEvent.ChunkRetried retried = awaitEvent(TransferEvent.ChunkRetried.class);
    assertEquals(0, retried.chunkIndex());
    assertEquals(A.toString(), retried.peer());
    assertTrue(retried.reason().contains("no answer within"), retried.reason());
    Download.Finished f = awaitFinished();
    assertEquals(List.of(0), List.copyOf(a.requested), "A was asked once, for its one chunk");
    assertTrue(b.requested.contains(0), "chunk 0 came from B");
    assertEquals(0, stat(f, A).bytes());
    assertEquals(1, stat(f, A).failures());
    assertEquals(manifest.numChunks(), stat(f, B).chunks());
  }

  @Test
  void bansAPeerAfterTwoCorruptChunksAndGetsThemElsewhere() throws Exception {
    peer(A, all(), true, corrupt());
    FakePeer b = peer(B, all(), false, honest());
    start(4, A, B);
    // A has two requests in its window; the first bad chunk frees a slot for a third.
    TransferEvent.PeerLost lost = awaitEvent(TransferEvent.PeerLost.class);
    assertEquals(A.toString(), lost.peer());
    assertTrue(lost.reason().startsWith("banned: sent 2 chunks"), lost.reason());
    assertEquals(A, stopped.expectMessage(WAIT, A), "its connection was closed");
    b.awaitHaveRequest();
    b.sendHave();
    Download.Finished f = awaitFinished();
    TransferEvent.PeerStat s = stat(f, A);
    assertTrue(s.banned());
    assertEquals(DownloadTuning.BAN_AFTER_BAD_CHUNKS, s.failures());
    assertEquals(0, s.bytes());
  }

  /** Starts a download of which A (silent) has every chunk, and lets A be dropped: nobody is left. */
  void startWithOnlyASilentPeerThatIsDropped() {
    FakePeer a = peer(A, all(), true, silent());
    start(4, A);
    // A new peer's window is 4: every chunk is asked of A at once.
    a.awaitRequests(0, 1, 2, 3);
    pass(TIMEOUT); // all four time out: the third failure in a row drops A
    TransferEvent.ChunkRetried retried = awaitEvent(TransferEvent.ChunkRetried.class);
    assertFalse(retried.elsewhere(), "no other peer has chunk " + retried.chunkIndex() + ": not 'asking another peer'");
    TransferEvent.PeerLost lost = awaitEvent(TransferEvent.PeerLost.class);
    assertTrue(lost.reason().startsWith("3 failures in a row"), lost.reason());
  }

  /** The download's Waiting, the first tick after nobody is left; the clock is then where the wait began. */
  TransferEvent.Waiting awaitWaiting() {
    for (int t = 0; t < 8; t++) {
      TransferEvent.Waiting w = pollEvent(TransferEvent.Waiting.class, Duration.ofMillis(200));
      if (w != null) return w;
      pass(DownloadTuning.TICK);
    }
    throw new AssertionError("no Waiting within 2 s of virtual time");
  }

  @Test
  void withNoPeerLeftItSaysAtOnceWhatItWaitsForAndGivesUpAfterTheWaitKeepingItsChunks() throws Exception {
    waitForPeers = Duration.ofSeconds(10);
    startWithOnlyASilentPeerThatIsDropped();
    TransferEvent.Waiting w = awaitWaiting();
    assertEquals("no peer has the missing 4 chunks (the last one, " + A + ", went away: 3 failures in a row,"
        + " last: no answer within 1000 ms)", w.reason());
    assertEquals(w.reason() + "; asking the tracker again in 1 s", w.text());
    // The stall time (30 s) is no longer what ends it: the wait is.
    pass(Duration.ofSeconds(10).minus(DownloadTuning.TICK));
    outcome.expectNoMessage(QUIET);
    assertNull(pollEvent(TransferEvent.Waiting.class, QUIET), "told once: the reason did not change");
    pass(DownloadTuning.TICK);
    Download.Aborted aborted = outcome.expectMessageClass(Download.Aborted.class, WAIT);
    assertEquals(P2pException.Kind.NO_PEERS, aborted.kind());
    assertEquals("gave up after waiting 10 s: " + w.reason() + "; 0 of 4 chunks are kept in "
        + PartialFile.partPathFor(out, manifest.id()).toAbsolutePath(), aborted.reason());
    assertEquals(aborted.reason(), awaitEvent(TransferEvent.Failed.class).reason(), "the window's row says the same");
    outcome.expectNoMessage(QUIET);
    assertPartialFileClosed();
  }

  @Test
  void aPeerTheTrackerListsWhileItWaitsFinishesTheDownload() throws Exception {
    startWithOnlyASilentPeerThatIsDropped();
    awaitWaiting();
    FakePeer b = peer(B, all(), true, honest());
    // The wait asks the tracker again 1 s after it began, and B is listed now.
    pass(RequeryPolicy.DEFAULT.first());
    awaitOpenQuery().complete(new TrackerClient.Located(manifest, infos(b)));
    Download.Finished f = awaitFinished();
    assertEquals(manifest.numChunks(), stat(f, B).chunks());
  }

  /** The newest tracker query not answered yet, once the download has asked one. */
  CompletableFuture<TrackerClient.Located> awaitOpenQuery() {
    return testKit.createTestProbe().awaitAssert(WAIT, () -> {
      CompletableFuture<TrackerClient.Located> open = queries.stream().filter(q -> !q.isDone()).reduce((x, y) -> y).orElse(null);
      assertNotNull(open, "the tracker was asked again");
      return open;
    });
  }

  @Test
  void aListedPeerThatNeverSaysWhatItHasDoesNotMakeTheWaitStartAgain() throws Exception {
    waitForPeers = Duration.ofSeconds(10);
    startWithOnlyASilentPeerThatIsDropped();
    awaitWaiting();
    PeerAddress c = new PeerAddress("127.0.0.1", 7003);
    FakePeer gone = peer(c, all(), false, honest()); // connects, never answers (a machine gone quiet)
    pass(RequeryPolicy.DEFAULT.first());
    awaitOpenQuery().complete(new TrackerClient.Located(manifest, infos(gone)));
    gone.awaitHaveRequest();
    pass(Duration.ofSeconds(9).minus(DownloadTuning.TICK));
    outcome.expectNoMessage(QUIET);
    pass(DownloadTuning.TICK);
    Download.Aborted aborted = outcome.expectMessageClass(Download.Aborted.class, WAIT);
    assertTrue(aborted.reason().startsWith("gave up after waiting 10 s: no peer has the missing 4 chunks"),
        aborted.reason());
  }

  @Test
  void aWaitOfZeroGivesUpAtOnceWhenNoPeerIsLeft() throws Exception {
    waitForPeers = Duration.ZERO;
    startWithOnlyASilentPeerThatIsDropped();
    pass(DownloadTuning.TICK);
    Download.Aborted aborted = outcome.expectMessageClass(Download.Aborted.class, WAIT);
    assertEquals(P2pException.Kind.NO_PEERS, aborted.kind());
    assertTrue(aborted.reason().startsWith("gave up: no peer has the missing 4 chunks (the last one, " + A), aborted.reason());
    assertNull(pollEvent(TransferEvent.Waiting.class, QUIET), "nothing to wait for, nothing said of a wait");
  }

  @Test
  void resumeFetchesOnlyTheMissingChunks() throws Exception {
    try (PartialFile earlier = PartialFile.open(out, manifest)) {
      for (int i : new int[] {0, 2}) earlier.write(i, chunk(i).toByteBuffer());
    }
    FakePeer a = peer(A, all(), true, honest());
    start(4, A);
    TransferEvent.Located located = awaitEvent(TransferEvent.Located.class);
    assertEquals(2, located.resumedChunks());
    Download.Finished f = awaitFinished();
    assertEquals(Set.of(1, 3), Set.copyOf(a.requested));
    assertEquals(2, a.requested.size(), "each missing chunk asked once");
    assertEquals(2, stat(f, A).chunks());
  }

  // ---- pause, resume and the user's cancel ----

  final TestProbe<StatusReply<Done>> control = testKit.createTestProbe();

  void expectAck() {
    assertTrue(control.expectMessageClass(StatusReply.class, WAIT).isSuccess());
  }

  String expectRefusal() {
    StatusReply<?> r = control.expectMessageClass(StatusReply.class, WAIT);
    assertTrue(r.isError(), "refused");
    return r.getError().getMessage();
  }

  /** The next chunk request on {@code p}'s connection. */
  static PeerConnection.RequestChunk nextRequest(FakePeer p) {
    List<PeerConnection.Command> got = p.probe.fishForMessage(WAIT, m -> m instanceof PeerConnection.RequestChunk
        ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
    return (PeerConnection.RequestChunk) got.get(got.size() - 1);
  }

  /** Asserts that no chunk is asked of {@code p}, nor the download ended, while virtual time passes by {@code d}. */
  void expectNoRequestWhile(FakePeer p, Duration d) {
    List<Integer> before = List.copyOf(p.requested);
    pass(d);
    outcome.expectNoMessage(QUIET);
    assertEquals(before, List.copyOf(p.requested), "asked for chunks while paused");
  }

  @Test
  void aPausedDownloadAsksForNoChunkNotEvenPastTheStallTimeAndCompletesWhenResumed() throws Exception {
    AtomicBoolean answering = new AtomicBoolean();
    Script honest = honest();
    FakePeer a = peer(A, all(), true, i -> answering.get() ? honest.apply(i) : Optional.empty());
    ActorRef<Download.Command> d = start(1, A);
    PeerConnection.RequestChunk inFlight = nextRequest(a);
    d.tell(new Download.Pause(control.getRef()));
    expectAck();
    awaitEvent(TransferEvent.Paused.class);
    // The chunk in flight may still land: it is verified and kept.
    inFlight.replyTo().tell(new PeerConnection.ChunkArrived(inFlight.index(), chunk(inFlight.index())));
    assertEquals(manifest, announce.receiveMessage(WAIT), "verified (its first chunk: announced)");
    // Twice the stall time: a download that was not paused would have given up.
    expectNoRequestWhile(a, StallDetector.stallTime(TIMEOUT).multipliedBy(2));
    d.tell(new Download.Pause(control.getRef()));
    assertTrue(expectRefusal().endsWith("is paused already"));

    answering.set(true);
    d.tell(new Download.Resume(control.getRef()));
    expectAck();
    awaitEvent(TransferEvent.Resumed.class);
    awaitFinished();
    assertEquals(manifest.numChunks(), a.requested.size(), "each chunk asked once: " + a.requested);
  }

  @Test
  void aPauseWhileLocatingHoldsOnceTheDownloadBegins() throws Exception {
    FakePeer a = peer(A, all(), true, honest());
    ActorRef<Download.Command> d = start(4); // the tracker does not answer yet
    CompletableFuture<TrackerClient.Located> first = queries.poll(5, TimeUnit.SECONDS);
    assertNotNull(first);
    d.tell(new Download.Pause(control.getRef()));
    expectAck();
    first.complete(new TrackerClient.Located(manifest, List.of(a.info())));
    a.awaitHaveRequest();
    expectNoRequestWhile(a, DownloadTuning.HAVE_REFRESH.multipliedBy(2));
    assertTrue(library.get(manifest.id()).isPresent(), "served (and registered) while paused");
    d.tell(new Download.Resume(control.getRef()));
    expectAck();
    awaitFinished();
  }

  @Test
  void theUsersCancelDeletesThePartialFileAndItsBitmapAndReportsCancelled() throws Exception {
    FakePeer a = peer(A, all(), true, silent());
    ActorRef<Download.Command> d = start(1, A);
    nextRequest(a);
    assertTrue(Files.exists(PartialFile.partPathFor(out, manifest.id())));
    d.tell(new Download.Discard(control.getRef()));
    expectAck();
    assertCancelledOnce();
    assertEquals("cancelled", awaitEvent(TransferEvent.Failed.class).reason());
    assertFalse(Files.exists(PartialFile.partPathFor(out, manifest.id())), "the .part is deleted");
    assertFalse(Files.exists(PartialFile.bitmapPathFor(out, manifest.id())), "its bitmap too");
    assertTrue(library.get(manifest.id()).isEmpty(), "no longer served");
  }

  @Test
  void theUsersCancelWhileLocatingDeletesAPartialFileAnEarlierRunLeft() throws Exception {
    try (PartialFile earlier = PartialFile.open(out, manifest)) {
      earlier.write(0, chunk(0).toByteBuffer());
    }
    ActorRef<Download.Command> d = start(4); // the tracker does not answer
    assertNotNull(queries.poll(5, TimeUnit.SECONDS));
    d.tell(new Download.Discard(control.getRef()));
    expectAck();
    assertCancelledOnce();
    assertFalse(Files.exists(PartialFile.partPathFor(out, manifest.id())));
    assertFalse(Files.exists(PartialFile.bitmapPathFor(out, manifest.id())));
  }

  // ---- cancel in every phase: one outcome, nothing left open ----

  @Test
  void cancelWhileLocatingReportsOnceAndOpensNothing() throws Exception {
    ActorRef<Download.Command> d = start(4); // the tracker does not answer
    assertNotNull(queries.poll(5, TimeUnit.SECONDS));
    d.tell(Download.Cancel.INSTANCE);
    assertCancelledOnce();
    assertFalse(Files.exists(PartialFile.partPathFor(out, manifest.id())));
  }

  /** A partial file open that waits until the test lets it finish, and keeps what it opened. */
  static final class HeldOpener implements Download.PartialFileOpener {
    final CompletableFuture<Void> release = new CompletableFuture<>();
    final CompletableFuture<Void> started = new CompletableFuture<>();
    final BlockingQueue<PartialFile> opened = new LinkedBlockingQueue<>();

    @Override
    public PartialFile open(Path dir, Manifest manifest) throws IOException {
      started.complete(null);
      release.orTimeout(10, TimeUnit.SECONDS).join();
      PartialFile f = PartialFile.open(dir, manifest);
      opened.add(f);
      return f;
    }
  }

  /** A download of 4 chunks from honest peer A, held while its partial file opens. */
  ActorRef<Download.Command> startHeldInOpening(HeldOpener opener) throws Exception {
    peer(A, all(), true, honest());
    ActorRef<Download.Command> d = start(4, opener, A);
    opener.started.get(5, TimeUnit.SECONDS);
    return d;
  }

  @Test
  void cancelWhileThePartialFileOpensClosesItOnceOpenedAndReportsOnce() throws Exception {
    HeldOpener opener = new HeldOpener();
    ActorRef<Download.Command> d = startHeldInOpening(opener);
    d.tell(Download.Cancel.INSTANCE);
    opener.release.complete(null);
    assertNotNull(opener.opened.poll(5, TimeUnit.SECONDS), "the open ran to its end");
    assertCancelledOnce();
    assertPartialFileClosed();
    assertTrue(fakes.get(A).requested.isEmpty(), "no peer was asked for anything");
  }

  @Test
  void whatTheUserAsksWhileACancelWaitsForTheFileToOpenIsAnsweredNotLeftToTimeOut() throws Exception {
    HeldOpener opener = new HeldOpener();
    ActorRef<Download.Command> d = startHeldInOpening(opener);
    d.tell(new Download.Discard(control.getRef()));
    d.tell(new Download.Pause(control.getRef()));
    assertTrue(expectRefusal().contains("is being cancelled"));
    d.tell(new Download.Resume(control.getRef()));
    assertTrue(expectRefusal().contains("is being cancelled"));
    opener.release.complete(null);
    expectAck();
    assertCancelledOnce();
  }

  @Test
  void cancelWhileDownloadingClosesConnectionsAndTheFileAndReportsOnce() throws Exception {
    FakePeer a = peer(A, all(), true, silent());
    FakePeer b = peer(B, all(), true, silent());
    ActorRef<Download.Command> d = start(4, A, B);
    a.awaitRequest(0);
    b.awaitHaveRequest();
    assertTrue(library.get(manifest.id()).isPresent(), "served while downloading");
    d.tell(Download.Cancel.INSTANCE);
    assertCancelledOnce();
    assertEquals(Set.of(A, B), Set.copyOf(stopped.receiveSeveralMessages(2, WAIT)));
    assertPartialFileClosed();
    assertFalse(Files.exists(out.resolve(manifest.name())));
  }

  @Test
  void cancelWhileVerifyingLetsTheCheckEndAndReportsItsOutcomeOnce() throws Exception {
    try (PartialFile earlier = PartialFile.open(out, manifest)) {
      for (int i = 0; i < manifest.numChunks(); i++) earlier.write(i, chunk(i).toByteBuffer());
    }
    peer(A, all(), true, honest());
    ActorRef<Download.Command> d = start(4, A);
    awaitEvent(TransferEvent.Verifying.class);
    d.tell(Download.Cancel.INSTANCE);
    Download.Finished f = awaitFinished();
    assertTrue(fakes.get(A).requested.isEmpty(), "nothing was missing");
    assertFalse(Files.exists(PartialFile.partPathFor(out, manifest.id())), "renamed, and closed");
    assertFalse(Files.exists(PartialFile.bitmapPathFor(out, manifest.id())));
    assertEquals(f.path(), ((SharedFile) library.get(manifest.id()).orElseThrow().source()).path());
  }

  // ---- a wrong manifest from the tracker: fall back to its next variant ----

  static final PeerAddress C = new PeerAddress("127.0.0.1", 7003);

  /** Every QUERY's exclude list, in order. */
  final List<List<String>> excludes = new ArrayList<>();
  /** How many connections the download opened to each peer. */
  final Map<PeerAddress, Integer> connected = new ConcurrentHashMap<>();

  /**
   * Starts a download whose QUERYs get {@code answers} in turn (then "unknown file"), as a
   * tracker that holds several variants would; re-queries stay unanswered.
   */
  ActorRef<Download.Command> startWithVariants(TrackerClient.Located... answers) {
    List<TrackerClient.Located> left = new ArrayList<>(List.of(answers));
    Download.Locator tracker = new Download.Locator() {
      @Override
      public CompletableFuture<TrackerClient.Located> query(FileId id, List<String> exclude) {
        synchronized (excludes) {
          excludes.add(exclude);
          return left.isEmpty()
              ? CompletableFuture.failedFuture(new P2pException("unknown file: the tracker knows no peer sharing it"))
              : CompletableFuture.completedFuture(left.remove(0));
        }
      }

      @Override
      public CompletableFuture<TrackerClient.PeersFound> peers(FileId id, String variant) {
        return new CompletableFuture<>();
      }
    };
    Download.ConnectionFactory connections = (peer, nodeId, address, id, n, owner) -> {
      connected.merge(peer, 1, Integer::sum);
      return fakes.get(peer).connection(owner);
    };
    Download.Deps deps = new Download.Deps(tracker, connections, library, announce.getRef(),
        events.getRef(), PartialFile::open, clock::get);
    Download.Settings settings = new Download.Settings(out, TIMEOUT, 8, 4, 4, "me", "127.0.0.1", 7000);
    return testKit.spawn(Download.create(manifest.id(), settings, deps, outcome.getRef()));
  }

  static List<PeerInfo> infos(FakePeer... peers) {
    return Stream.of(peers).map(FakePeer::info).toList();
  }

  /** A manifest of the right ID and layout whose chunk hashes are those of {@code content}. */
  Manifest manifestOf(byte[] content) throws IOException {
    Path fake = Files.write(dir.resolve("fake.bin"), content);
    try (SharedFile f = SharedFile.hashAndOpen(fake, CHUNK, done -> {})) {
      return new Manifest(manifest.id(), "fake.bin", content.length, CHUNK, f.manifest().chunkHashes());
    }
  }

  /** A peer that serves {@code content}'s chunks: they match {@code manifestOf(content)}. */
  Script serving(byte[] content) {
    return i -> Optional.of(new PeerConnection.ChunkArrived(i,
        ByteString.fromArray(content, i * CHUNK, Math.min(CHUNK, content.length - i * CHUNK))));
  }

  @Test
  void aManifestWhoseEveryChunkFailsFromTwoPeersIsLeftForTheTrackersNextOne() throws Exception {
    // Random chunk hashes: the honest bytes of A and B fail every one of them.
    Manifest poisoned = new Manifest(manifest.id(), "x", manifest.size(), CHUNK,
        List.of("a1".repeat(32), "a2".repeat(32), "a3".repeat(32), "a4".repeat(32)));
    FakePeer a = peer(A, all(), true, honest());
    FakePeer b = peer(B, all(), true, honest());
    FakePeer c = peer(C, all(), true, honest());
    startWithVariants(new TrackerClient.Located(poisoned, infos(a, b), 2),
        // The tracker now also lists A for the right manifest: A stays banned all the same.
        new TrackerClient.Located(manifest, infos(a, c), 2));

    TransferEvent.ManifestRejected rejected = awaitEvent(TransferEvent.ManifestRejected.class);
    assertEquals("file " + manifest.id().shortHex() + ": the tracker's first manifest was wrong"
        + " (from 2 peers), trying the next of 2", rejected.message());
    Download.Finished f = awaitFinished();
    assertEquals(List.of(List.of(), List.of(poisoned.variant())), excludes);
    assertEquals(1, connected.get(A), "a registrant of the wrong manifest is not used again");
    assertEquals(1, connected.get(B));
    assertEquals(manifest.numChunks(), stat(f, C).chunks());
  }

  @Test
  void aWholeFileThatDoesNotMatchItsIdSendsTheDownloadToTheNextManifest() throws Exception {
    byte[] other = data.clone();
    other[5] ^= 1;   // chunk 0 differs; the attacker's manifest lists the hashes of its own bytes
    Manifest poisoned = manifestOf(other);
    FakePeer a = peer(A, all(), true, serving(other));
    FakePeer b = peer(B, all(), true, honest());
    startWithVariants(new TrackerClient.Located(poisoned, infos(a), 2),
        new TrackerClient.Located(manifest, infos(b), 2));

    TransferEvent.ManifestRejected rejected = awaitEvent(TransferEvent.ManifestRejected.class);
    assertEquals("file " + manifest.id().shortHex() + ": the tracker's first manifest was wrong"
        + " (from 1 peer), trying the next of 2", rejected.message());
    Download.Finished f = awaitFinished();
    assertEquals(List.of(List.of(), List.of(poisoned.variant())), excludes);
    assertEquals(manifest, f.manifest());
    assertEquals(manifest.numChunks(), b.requested.size(), "nothing of the wrong manifest's data was kept");
  }

  @Test
  void givesUpInOneLineOnlyWhenTheTrackerHasNoOtherManifest() throws Exception {
    byte[] other = data.clone();
    other[5] ^= 1;
    Manifest poisoned = manifestOf(other);
    FakePeer a = peer(A, all(), true, serving(other));
    startWithVariants(new TrackerClient.Located(poisoned, infos(a), 1));

    assertEquals("file " + manifest.id().shortHex() + ": the tracker's first manifest was wrong"
        + " (from 1 peer), asking the tracker for another",
        awaitEvent(TransferEvent.ManifestRejected.class).message());
    Download.Aborted aborted = outcome.expectMessageClass(Download.Aborted.class, WAIT);
    assertEquals("file " + manifest.id().shortHex() + ": no manifest left to try: the only one the"
        + " tracker had was wrong", aborted.reason());
    outcome.expectNoMessage(QUIET);
    assertFalse(Files.exists(PartialFile.partPathFor(out, manifest.id())), "its data was discarded");
    assertTrue(library.get(manifest.id()).isEmpty(), "and is not served");
  }

  @Test
  void aManifestNobodyDeliversAChunkOfWithinTheStallTimeGivesWayToTheNextOne() throws Exception {
    Manifest decoy = new Manifest(manifest.id(), "x", manifest.size(), CHUNK,
        List.of("a1".repeat(32), "a2".repeat(32), "a3".repeat(32), "a4".repeat(32)));
    FakePeer a = peer(A, all(), true, silent());
    FakePeer b = peer(B, all(), true, honest());
    startWithVariants(new TrackerClient.Located(decoy, infos(a), 2),
        new TrackerClient.Located(manifest, infos(b), 2));
    a.awaitRequests(0, 1, 2, 3);
    pass(TIMEOUT);   // A is dropped after three time-outs; nothing verified at all
    for (int i = 0; i < 4; i++) awaitEvent(TransferEvent.ChunkRetried.class);
    // The stall time counts only once the download has taken every time-out in (ticks that come
    // while a request still runs do not count), which no event marks: move virtual time on a
    // second at a time until it gives way, within twice the stall time.
    TransferEvent.ManifestRejected rejected = null;
    for (int s = 0; s < 60 && rejected == null; s++) {
      pass(Duration.ofSeconds(1));
      rejected = pollEvent(TransferEvent.ManifestRejected.class, Duration.ofMillis(100));
    }
    assertNotNull(rejected, "the decoy gave way within 60 s of virtual time");
    assertEquals("file " + manifest.id().shortHex() + ": the tracker's first manifest was wrong"
        + " (from 1 peer), trying the next of 2", rejected.message());
    awaitFinished();
    assertEquals(List.of(List.of(), List.of(decoy.variant())), excludes);
  }
}
