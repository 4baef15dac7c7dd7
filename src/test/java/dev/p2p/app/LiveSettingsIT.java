package dev.p2p.app;

import static dev.p2p.testing.SwarmFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.protocol.Message;
import dev.p2p.storage.Hashing;
import dev.p2p.storage.Manifest;
import dev.p2p.testing.EventRecorder;
import dev.p2p.testing.SwarmFixture;
import dev.p2p.text.HostPort;
import dev.p2p.text.UserText;
import dev.p2p.transfer.TransferEvent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Settings changed on a running node (the window's limits bar and Settings dialog): a speed
 * limit lifted mid-download applies to that download at once, on either side, a node moved
 * to another tracker registers its shares there, and one moved to another port serves there. A tracker and two nodes on loopback.
 */
class LiveSettingsIT {
  @RegisterExtension static final SwarmFixture swarm = new SwarmFixture();

  /** 8 MiB: 41 s at the 200 KiB/s limit, well under a second unlimited on loopback. */
  static final int SIZE = 8 * 1024 * 1024;
  static final Map<String, Object> SMALL_CHUNKS = Map.of("p2p.chunk-size", 64 * 1024);

  @ParameterizedTest(name = "limit on the {0}")
  @ValueSource(strings = {"downloader", "seeder"})
  void liftingALimitSpeedsUpTheRunningDownloadAtOnce(String limited) throws Exception {
    Map<String, Object> limit = Map.of("p2p.chunk-size", 64 * 1024,
        limited.equals("seeder") ? "p2p.upload-limit" : "p2p.download-limit", "200K");
    Path src = swarm.file("src.bin", SIZE, 7);
    SwarmFixture.Seeder seeder = swarm.seeder("seeder", src, limited.equals("seeder") ? limit : SMALL_CHUNKS);
    LocalPeer downloader = swarm.peer("downloader", limited.equals("downloader") ? limit : SMALL_CHUNKS);
    LocalPeer slowed = limited.equals("seeder") ? seeder.peer() : downloader;
    EventRecorder events = swarm.record(downloader);

    CompletableFuture<NodeFacade.DownloadResult> result =
        downloader.download(seeder.manifest().id(), swarm.dir("out")).toCompletableFuture();
    swarm.eventually(Duration.ofSeconds(20), () -> assertTrue(bytesDone(events) >= 256 * 1024,
        "some chunks through the limit"));
    long before = bytesDone(events);
    // The limit holds: at 200 KiB/s (plus bursts and a window of requests in flight) nowhere
    // near half the file is here when the first quarter MiB is.
    assertTrue(before < SIZE / 2, before + " bytes at the limit");
    assertFalse(result.isDone(), "the limited download is still running");

    await(slowed.setLimits(0, 0));
    // At the old rate the remaining 7.75 MiB would take 39 s more.
    NodeFacade.DownloadResult done = result.get(15, TimeUnit.SECONDS);
    assertEquals(seeder.manifest().id().hex(), Hashing.hex(Hashing.sha256().digest(Files.readAllBytes(done.path()))));
  }

  @Test
  void aLimitSetOnAnUnlimitedSeederSlowsItsOpenConnectionsAtOnce() throws Exception {
    Path src = swarm.file("src.bin", SIZE, 8);
    SwarmFixture.Seeder seeder = swarm.seeder("seeder", src, SMALL_CHUNKS);
    // The downloader's own limit keeps the download going long enough to change the seeder's.
    LocalPeer downloader = swarm.peer("downloader", Map.of("p2p.chunk-size", 64 * 1024,
        "p2p.download-limit", "200K"));
    EventRecorder events = swarm.record(downloader);
    CompletableFuture<NodeFacade.DownloadResult> result =
        downloader.download(seeder.manifest().id(), swarm.dir("out")).toCompletableFuture();
    swarm.eventually(Duration.ofSeconds(20), () -> assertTrue(bytesDone(events) >= 256 * 1024));

    await(seeder.peer().setLimits(50 * 1024, 0));
    await(downloader.setLimits(0, 0));
    long before = bytesDone(events);
    // Unlimited, the 7.7 MiB left arrive within about 2 s here. At 50 KiB/s, 4 s pass 200 KiB
    // and what was already on its way (at most the requests in flight: 32 chunks of 64 KiB).
    assertThrows(TimeoutException.class, () -> result.get(4, TimeUnit.SECONDS));
    long after = bytesDone(events);
    assertTrue(after - before < 4 * 1024 * 1024, (after - before) + " bytes in 4 s at 50 KiB/s");
    await(seeder.peer().setLimits(0, 0));
    assertEquals(SIZE, Files.size(result.get(15, TimeUnit.SECONDS).path()));
  }

  private static long bytesDone(EventRecorder events) {
    return events.lastOfType(TransferEvent.Progress.class).map(TransferEvent.Progress::bytesDone).orElse(0L);
  }

  @Test
  void aNodeMovedToAnotherTrackerRegistersItsSharesThere() throws Exception {
    LocalTracker second = swarm.startTracker(Map.of());
    // Re-announce rounds only every minute: a registration at the second tracker comes from the move.
    LocalPeer node = swarm.peer("node", Map.of("p2p.peer.reannounce-interval", "60s"));
    Manifest a = await(node.share(swarm.file("a.bin", 5000, 1)));
    Manifest b = await(node.share(swarm.file("b.bin", 7000, 2)));
    assertThrows(ExecutionException.class,
        () -> swarm.trackerClient(second.address()).query(a.id()).toCompletableFuture().get(10, TimeUnit.SECONDS));
    EventRecorder events = swarm.record(node);

    HostPort to = new HostPort("127.0.0.1", second.address().getPort());
    assertEquals(to.toString(), await(node.useTracker(to)));
    assertEquals(to.toString(), node.tracker());
    swarm.eventually(Duration.ofSeconds(10), () -> {
      for (Manifest m : List.of(a, b)) {
        assertEquals(m, swarm.trackerClient(second.address()).query(m.id()).toCompletableFuture()
            .get(5, TimeUnit.SECONDS).manifest());
      }
      assertEquals(List.of(new TransferEvent.TrackerChanged(node.peerId(), to.toString(), true)),
          events.ofType(TransferEvent.TrackerChanged.class));
    });
    // A download asks the new tracker: the file shared there is found by another node moved there.
    LocalPeer other = swarm.peer("other", Map.of());
    await(other.useTracker(to));
    assertEquals(a.size(), Files.size(await(other.download(a.id(), swarm.dir("got"))).path()));
  }

  @Test
  void aTrackerThatDoesNotAnswerIsNotMovedTo() throws Exception {
    LocalPeer node = swarm.peer("node", Map.of());
    String before = node.tracker();
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort(); // free again once closed: nobody listens there
    }
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> node.useTracker(new HostPort("127.0.0.1", closed)).toCompletableFuture().get(20, TimeUnit.SECONDS));
    assertTrue(e.getCause().getMessage().contains("127.0.0.1:" + closed + " is unreachable"), e.getCause().getMessage());
    assertEquals(before, node.tracker());
  }

  @Test
  void aNodeMovedToAnotherPortServesThereAndTheTrackerListsOnlyTheNewPort() throws Exception {
    // Re-announce rounds only every minute: the registration at the new port comes from the move.
    LocalPeer node = swarm.peer("node", Map.of("p2p.peer.reannounce-interval", "60s"));
    Manifest m = await(node.share(swarm.file("a.bin", 300_000, 3)));
    int old = node.address().getPort();
    assertEquals(List.of(old), listedPorts(m));

    InetSocketAddress now = await(node.movePort(0));
    assertNotEquals(old, now.getPort());
    assertEquals(now, node.address());
    // The move completes once the tracker has answered both the REGISTER and the old UNREGISTER.
    assertEquals(List.of(now.getPort()), listedPorts(m));
    // The old port takes no new connections: what the downloader gets, it gets from the new one.
    swarm.eventually(Duration.ofSeconds(10), () -> assertThrows(IOException.class,
        () -> new Socket(now.getHostString(), old).close()));
    LocalPeer other = swarm.peer("other", Map.of());
    Path got = await(other.download(m.id(), swarm.dir("got"))).path();
    assertEquals(m.id().hex(), Hashing.hex(Hashing.sha256().digest(Files.readAllBytes(got))));
  }

  @Test
  void aDownloadRunningWhileItsNodeMovesPortFinishesAndItsFileIsListedAtTheNewPort() throws Exception {
    SwarmFixture.Seeder seeder = swarm.seeder("seeder", swarm.file("c.bin", 2 * 1024 * 1024, 5), SMALL_CHUNKS);
    // 2 MiB at 400 KiB/s: about 5 s, so the move lands mid-download.
    LocalPeer downloader = swarm.peer("downloader", Map.of("p2p.chunk-size", 64 * 1024, "p2p.download-limit", "400K"));
    EventRecorder events = swarm.record(downloader);
    CompletableFuture<NodeFacade.DownloadResult> result =
        downloader.download(seeder.manifest().id(), swarm.dir("out")).toCompletableFuture();
    swarm.eventually(Duration.ofSeconds(20), () -> assertTrue(bytesDone(events) >= 128 * 1024));

    int now = await(downloader.movePort(0)).getPort();
    assertFalse(result.isDone(), "the move came mid-download");
    NodeFacade.DownloadResult done = result.get(30, TimeUnit.SECONDS);
    assertEquals(seeder.manifest().id().hex(), Hashing.hex(Hashing.sha256().digest(Files.readAllBytes(done.path()))));
    swarm.eventually(Duration.ofSeconds(10), () -> assertTrue(listedPorts(seeder.manifest()).contains(now),
        "the finished download is listed at the new port: " + listedPorts(seeder.manifest())));
  }

  @Test
  void aBusyPortIsRefusedInOneLineAndTheNodeStaysWhereItListens() throws Exception {
    LocalPeer node = swarm.peer("node", Map.of());
    Manifest m = await(node.share(swarm.file("b.bin", 5000, 4)));
    InetSocketAddress before = node.address();
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName(before.getHostString()))) {
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> node.movePort(busy.getLocalPort()).toCompletableFuture().get(20, TimeUnit.SECONDS));
      String why = UserText.unwrap(e).getMessage();
      assertEquals("cannot listen on " + before.getHostString() + ":" + busy.getLocalPort()
          + " (the port is in use by another program); still listening on port " + before.getPort(), why);
    }
    assertEquals(before, node.address());
    assertEquals(List.of(before.getPort()), listedPorts(m));
    assertEquals(m.size(), Files.size(await(swarm.peer("other", Map.of()).download(m.id(), swarm.dir("got"))).path()));
  }

  private static List<Integer> listedPorts(Manifest m) throws Exception {
    return await(swarm.trackerClient().peers(m.id())).peers().stream().map(Message.PeerInfo::port).toList();
  }
}
