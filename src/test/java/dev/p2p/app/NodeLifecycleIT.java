package dev.p2p.app;

import java.time.Duration;
import dev.p2p.testing.EventRecorder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.app.NodeFacade.DownloadResult;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import dev.p2p.testing.SwarmFixture;
import dev.p2p.transfer.TransferEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A node's facade answers every call, whatever state the node is in. */
class NodeLifecycleIT {
  @RegisterExtension static final SwarmFixture swarm = new SwarmFixture();
  static final FileId SOME_ID = new FileId("ab".repeat(32));

  @Test
  void aSharersUploadEventsEndWithZeroWhenTheDownloadEnds() throws Exception {
    SwarmFixture.Seeder s = swarm.seeder("uploader", swarm.file("up.bin", 2 * 1024 * 1024, 9),
        Map.of("p2p.chunk-size", 64 * 1024));
    EventRecorder events = swarm.record(s.peer());
    swarm.download(swarm.peer("downloader"), s.manifest().id(), swarm.dir("got"));
    // A view shows the last rate it heard: the last one must be zero, not the download's.
    swarm.eventually(Duration.ofSeconds(10), () -> {
      TransferEvent.Uploading last = events.lastOfType(TransferEvent.Uploading.class).orElseThrow();
      assertTrue(events.ofType(TransferEvent.Uploading.class).stream().anyMatch(u -> u.bytesPerSecond() > 0),
          "it did upload");
      assertEquals(0, last.peers());
      assertEquals(0.0, last.bytesPerSecond());
    });
  }

  @Test
  void twoConcurrentDownloadsEachEndUnderTheirOwnId() throws Exception {
    LocalPeer seeder = swarm.peer("s", Map.of("p2p.chunk-size", 64 * 1024));
    Manifest a = seeder.share(swarm.file("a.bin", 3 * 1024 * 1024, 1))
        .toCompletableFuture().get(20, TimeUnit.SECONDS);
    Manifest b = seeder.share(swarm.file("b.bin", 200 * 1024, 2))
        .toCompletableFuture().get(20, TimeUnit.SECONDS);
    LocalPeer d = swarm.peer("d");
    CompletableFuture<DownloadResult> first = d.download(a.id(), swarm.dir("d")).toCompletableFuture();
    CompletableFuture<DownloadResult> second = d.download(b.id(), swarm.dir("d")).toCompletableFuture();

    // Before the fix the second download's adapter replaced the first's: whichever ended first
    // was reported under b's ID and a's caller waited forever.
    assertEquals(a.id(), first.get(30, TimeUnit.SECONDS).manifest().id());
    assertEquals(b.id(), second.get(30, TimeUnit.SECONDS).manifest().id());
    assertEquals("a.bin", first.get().path().getFileName().toString());
    assertEquals("b.bin", second.get().path().getFileName().toString());
  }

  @Test
  void askingTwiceForOneFileJoinsTheOneDownload() throws Exception {
    LocalPeer seeder = swarm.peer("s");
    Manifest a = seeder.share(swarm.file("a.bin", 1024 * 1024, 3))
        .toCompletableFuture().get(20, TimeUnit.SECONDS);
    LocalPeer d = swarm.peer("d");
    CompletableFuture<DownloadResult> one = d.download(a.id(), swarm.dir("d")).toCompletableFuture();
    CompletableFuture<DownloadResult> two = d.download(a.id(), swarm.dir("d")).toCompletableFuture();

    assertEquals(one.get(30, TimeUnit.SECONDS).path(), two.get(30, TimeUnit.SECONDS).path());
    try (Stream<Path> files = Files.list(swarm.dir("d"))) {
      assertEquals(List.of("a.bin"), files.map(f -> f.getFileName().toString()).toList(),
          "one download, one file");
    }
  }

  @Test
  void eventsReachASubscriberUntilItCloses() throws Exception {
    LocalPeer node = swarm.peer("s");
    List<TransferEvent> seen = new CopyOnWriteArrayList<>();
    CompletableFuture<TransferEvent> shared = new CompletableFuture<>();
    AutoCloseable sub = node.subscribe(e -> {
      seen.add(e);
      if (e instanceof TransferEvent.Shared) shared.complete(e);
    });
    node.share(swarm.file("a.bin", 1024, 4)).toCompletableFuture().get(20, TimeUnit.SECONDS);
    assertEquals(node.peerId(), shared.get(10, TimeUnit.SECONDS).node());

    sub.close();
    int before = seen.size();
    List<TransferEvent> other = new CopyOnWriteArrayList<>();
    CompletableFuture<TransferEvent> sharedAgain = new CompletableFuture<>();
    try (AutoCloseable second = node.subscribe(e -> {
      other.add(e);
      if (e instanceof TransferEvent.Shared) sharedAgain.complete(e);
    })) {
      node.share(swarm.file("b.bin", 1024, 5)).toCompletableFuture().get(20, TimeUnit.SECONDS);
      // The second subscriber got b's Shared event; the closed one, sent to the same way, did not.
      sharedAgain.get(10, TimeUnit.SECONDS);
    }
    assertEquals(before, seen.size(), "events after close: " + seen.subList(before, seen.size()));
  }

  @Test
  void callsOnAStoppedNodeFailAtOnce() throws Exception {
    LocalPeer node = swarm.peer("d");
    node.stop().toCompletableFuture().get(20, TimeUnit.SECONDS);
    Path file = swarm.file("a.bin", 1024, 6);
    long t0 = System.nanoTime();
    ExecutionException download = assertThrows(ExecutionException.class,
        () -> node.download(SOME_ID, swarm.dir("d")).toCompletableFuture().get(5, TimeUnit.SECONDS));
    ExecutionException share = assertThrows(ExecutionException.class,
        () -> node.share(file).toCompletableFuture().get(5, TimeUnit.SECONDS));
    assertTrue((System.nanoTime() - t0) / 1e9 < 3, "refused without waiting for a timeout");
    assertTrue(download.getCause().getMessage().contains("stop"), download.getCause().getMessage());
    assertTrue(share.getCause().getMessage().contains("stop"), share.getCause().getMessage());
  }

  @Test
  void downloadOnANodeWhoseStopHasBegunIsRefusedPromptly() throws Exception {
    LocalPeer node = swarm.peer("d");
    CompletableFuture<Void> stopping = node.stop().toCompletableFuture();
    CompletableFuture<DownloadResult> download = node.download(SOME_ID, swarm.dir("d")).toCompletableFuture();

    ExecutionException e = assertThrows(ExecutionException.class,
        () -> download.get(5, TimeUnit.SECONDS));
    assertTrue(e.getCause().getMessage().contains("stopping") || e.getCause().getMessage().contains("stopped"),
        e.getCause().getMessage());
    stopping.get(20, TimeUnit.SECONDS);
  }
}
