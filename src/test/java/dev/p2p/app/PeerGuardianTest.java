package dev.p2p.app;

import dev.p2p.net.Pin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.peer.Library;
import dev.p2p.protocol.ErrorCode;
import dev.p2p.protocol.Message;
import dev.p2p.testing.Wire;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import dev.p2p.storage.SharedFile;
import dev.p2p.tracker.TrackerClient;
import dev.p2p.transfer.Download;
import dev.p2p.transfer.TransferEvent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's guardian on its own, against a tracker that accepts connections and never answers
 * (so that a stop's unregistrations stay pending for the request timeout).
 */
class PeerGuardianTest {
  static final ActorTestKit testKit = ActorTestKit.create();
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
  static final FileId SOME_ID = new FileId("cd".repeat(32));

  ServerSocket silentTracker;
  Library library;
  TestProbe<PeerGuardian.Report> reports;
  ActorRef<PeerGuardian.Command> guardian;
  @TempDir Path dir;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  static final Download.ConnectionFactory noConnections = (peer, nodeId, address, id, numChunks, owner) -> {
    throw new AssertionError("no download connects in these tests");
  };

  @BeforeEach
  void start() throws IOException {
    silentTracker = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    TrackerClient tracker = new TrackerClient(testKit.system(),
        new InetSocketAddress("127.0.0.1", silentTracker.getLocalPort()), Optional.empty(),
        REQUEST_TIMEOUT, REQUEST_TIMEOUT, 1 << 20, Wire.CLIENT, Pin.none());
    Download.Settings settings = new Download.Settings(dir, REQUEST_TIMEOUT, 3, 4, 4, "p-test",
        "127.0.0.1", 1);
    library = new Library();
    reports = testKit.createTestProbe();
    guardian = testKit.spawn(PeerGuardian.create(settings, tracker, noConnections, library,
        Duration.ofMinutes(10), reports.getRef()));
    // spawn returns before the guardian's constructor has run (it is what tells the library who
    // owns changed files): one round trip through its mailbox makes sure it has.
    TestProbe<TransferEvent> ready = testKit.createTestProbe();
    guardian.tell(new PeerGuardian.Subscribe(ready.getRef()));
    guardian.tell(new PeerGuardian.Publish(new TransferEvent.Locating("p-test", SOME_ID)));
    ready.receiveMessage(Duration.ofSeconds(5));
    guardian.tell(new PeerGuardian.Unsubscribe(ready.getRef()));
  }

  @AfterEach
  void stop() throws IOException {
    testKit.stop(guardian, Duration.ofSeconds(10));
    silentTracker.close();
  }

  SharedFile served(String name) throws IOException {
    Path f = dir.resolve(name);
    Files.write(f, new byte[100_000]);
    SharedFile sf = SharedFile.hashAndOpen(f, Manifest.MIN_CHUNK_SIZE, done -> {});
    library.put(sf);
    return sf;
  }

  @Test
  void requestsThatArriveWhileStoppingAreRefusedNotDropped() throws IOException {
    SharedFile sf = served("a.bin");
    TestProbe<Done> stopped = testKit.createTestProbe();
    TestProbe<StatusReply<Done>> download = testKit.createTestProbe();
    TestProbe<StatusReply<Manifest>> share = testKit.createTestProbe();

    guardian.tell(new PeerGuardian.Stop(stopped.getRef()));
    guardian.tell(new PeerGuardian.StartDownload(SOME_ID, dir, Optional.empty(), download.getRef()));
    guardian.tell(new PeerGuardian.Share(sf, Optional.empty(), share.getRef()));

    // Bounded by the stop itself (it waits REQUEST_TIMEOUT for the silent tracker): a refusal
    // comes before it, however slow the machine (1 s was too tight on a loaded 2-core VM).
    StatusReply<Done> refused = download.receiveMessage(REQUEST_TIMEOUT);
    assertTrue(refused.isError());
    assertEquals("the node is stopping", refused.getError().getMessage());
    assertEquals("the node is stopping", share.receiveMessage(REQUEST_TIMEOUT).getError().getMessage());
    stopped.expectNoMessage(Duration.ofMillis(100)); // still unregistering: the refusals were not luck
    stopped.receiveMessage(REQUEST_TIMEOUT.multipliedBy(3));
  }

  @Test
  void aChangedFileIsWithdrawnBeforeTheChunkServerHearsBack() throws Exception {
    SharedFile sf = served("b.bin");
    CompletableFuture<Void> reported = CompletableFuture.runAsync(() -> library.changed(sf));
    reported.get(5, TimeUnit.SECONDS);
    assertEquals(Optional.empty(), library.get(sf.manifest().id()));
  }

  @Test
  void eventsGoToSubscribersUntilTheyUnsubscribe() {
    TestProbe<TransferEvent> one = testKit.createTestProbe();
    TestProbe<TransferEvent> two = testKit.createTestProbe();
    TransferEvent first = new TransferEvent.Locating("p-test", SOME_ID);
    TransferEvent second = new TransferEvent.Verifying("p-test", SOME_ID);

    guardian.tell(new PeerGuardian.Subscribe(one.getRef()));
    guardian.tell(new PeerGuardian.Subscribe(two.getRef()));
    guardian.tell(new PeerGuardian.Publish(first));
    assertEquals(first, one.receiveMessage());
    assertEquals(first, two.receiveMessage());

    guardian.tell(new PeerGuardian.Unsubscribe(one.getRef()));
    guardian.tell(new PeerGuardian.Publish(second));
    assertEquals(second, two.receiveMessage());
    one.expectNoMessage(Duration.ofMillis(200));
  }

  @Test
  void aDownloadAskedForTwiceIsAcknowledgedTwiceAndReportedOnce() {
    TestProbe<StatusReply<Done>> acks = testKit.createTestProbe();
    guardian.tell(new PeerGuardian.StartDownload(SOME_ID, dir, Optional.empty(), acks.getRef()));
    guardian.tell(new PeerGuardian.StartDownload(SOME_ID, dir, Optional.empty(), acks.getRef()));
    assertTrue(acks.receiveMessage().isSuccess());
    assertTrue(acks.receiveMessage().isSuccess());

    // The silent tracker never answers: stopping cancels the download, whose end is reported once.
    TestProbe<Done> stopped = testKit.createTestProbe();
    guardian.tell(new PeerGuardian.Stop(stopped.getRef()));
    PeerGuardian.DownloadEnded ended = (PeerGuardian.DownloadEnded) reports.receiveMessage(Duration.ofSeconds(5));
    assertEquals(SOME_ID, ended.id());
    assertEquals("cancelled", ((Download.Aborted) ended.outcome()).reason());
    stopped.receiveMessage(Duration.ofSeconds(5));
    reports.expectNoMessage(Duration.ofMillis(200));
  }

  @Test
  void aRegistrationRefusedByAFullTrackerIsRetriedLongBeforeTheNextRound() throws Exception {
    // A tracker that holds one connection per address, and a raw socket from 127.0.0.1 holding it:
    // the share's REGISTER is refused (BUSY) as it would be by a flooded tracker.
    AppSettings s = AppSettings.load(Map.of("p2p.tracker.port", 0, "p2p.max-connections-per-ip", 1,
        "p2p.header-timeout", "60s", "p2p.state-dir", ""));
    LocalTracker full = LocalTracker.start(testKit.system(), s).toCompletableFuture().get(10, TimeUnit.SECONDS);
    TrackerClient client = new TrackerClient(testKit.system(), full.address(), Optional.empty(),
        REQUEST_TIMEOUT, REQUEST_TIMEOUT, 1 << 20, Wire.CLIENT, Pin.none());
    ActorRef<PeerGuardian.Command> sharer = testKit.spawn(PeerGuardian.create(new Download.Settings(
            dir, REQUEST_TIMEOUT, 3, 4, 4, "p-retry", "127.0.0.1", 7001), client,
        noConnections, library, Duration.ofMinutes(10), reports.getRef()));
    try (Socket hog = Wire.connect(full.address())) {
      Wire.send(hog, new Message.Query(SOME_ID));
      assertEquals(ErrorCode.NOT_FOUND, ((Message.Error) Wire.readFrame(hog)).code()); // counted
      TestProbe<StatusReply<Manifest>> share = testKit.createTestProbe();
      SharedFile sf = served("retried.bin");
      sharer.tell(new PeerGuardian.Share(sf, Optional.empty(), share.getRef()));
      StatusReply<Manifest> refused = share.receiveMessage(Duration.ofSeconds(5));
      assertTrue(refused.getError().getMessage().contains("too many connections"), refused.getError().getMessage());
      hog.close();
      // The next round is 10 minutes away: only the retry (within 1 s) can register it this soon.
      // The test asks from 127.0.0.2, so that its queries never take the sharer's one slot.
      TrackerClient asker = new TrackerClient(testKit.system(), full.address(),
          Optional.of(new InetSocketAddress("127.0.0.2", 0)), REQUEST_TIMEOUT, REQUEST_TIMEOUT, 1 << 20,
          Wire.CLIENT, Pin.none());
      TestProbe<Void> waiter = testKit.createTestProbe();
      TrackerClient.Located found = waiter.awaitAssert(Duration.ofSeconds(5), Duration.ofMillis(100),
          () -> asker.query(sf.manifest().id()).toCompletableFuture().get(5, TimeUnit.SECONDS));
      assertEquals(7001, found.peers().get(0).port());
    } finally {
      testKit.stop(sharer, Duration.ofSeconds(10));
      full.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
