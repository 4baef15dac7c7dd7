package dev.p2p.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.app.NodeFacade.DownloadResult;
import dev.p2p.storage.Manifest;
import dev.p2p.testing.SwarmFixture;
import dev.p2p.tracker.TrackerClient;
import dev.p2p.transfer.TransferEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The tracker goes away in the middle of a download and a new one starts on the same port: the
 * download goes on with the peers it knows, and the peers register again on their timer.
 */
class TrackerRestartIT {
  @RegisterExtension static final SwarmFixture swarm = new SwarmFixture();

  @Test
  void downloadSurvivesATrackerRestartAndPeersReRegister() throws Exception {
    Path src = swarm.file("movie.bin", 2 * 1024 * 1024, 4);
    byte[] data = Files.readAllBytes(src);
    Map<String, Object> fast = Map.of("p2p.peer.reannounce-interval", "300ms");
    int port = swarm.trackerAddress().getPort();
    // 512 KiB/s: the download takes about 4 s.
    Manifest m = swarm.seeder("seed", src, Map.of("p2p.chunk-size", 32 * 1024,
        "p2p.upload-limit", 512 * 1024, "p2p.peer.reannounce-interval", "300ms")).manifest();
    LocalPeer d = swarm.peer("out", fast);

    CompletableFuture<Void> fifth = new CompletableFuture<>();
    CompletableFuture<Void> advancedWithoutTracker = new CompletableFuture<>();
    AtomicLong bytesAtStop = new AtomicLong(-1);
    AtomicLong lastBytes = new AtomicLong();
    CompletableFuture<DownloadResult> result;
    try (AutoCloseable sub = d.subscribe(e -> {
      if (e instanceof TransferEvent.Progress p) {
        lastBytes.set(p.bytesDone());
        if (p.bytesDone() >= p.size() / 5) fifth.complete(null);
        long at = bytesAtStop.get();
        if (at >= 0 && p.bytesDone() >= at + p.size() / 4) advancedWithoutTracker.complete(null);
      }
    })) {
      result = d.download(m.id(), swarm.dir("out")).toCompletableFuture();
      fifth.get(20, TimeUnit.SECONDS);
      swarm.stopTracker();
      // Progress reported after the stop must pass a further quarter of the file.
      bytesAtStop.set(lastBytes.get());
      advancedWithoutTracker.get(20, TimeUnit.SECONDS);
      assertTrue(!result.isDone(), "still downloading while the tracker is down");

      LocalTracker second = swarm.startTracker(port);
      DownloadResult r = result.get(60, TimeUnit.SECONDS);
      assertArrayEquals(data, Files.readAllBytes(r.path()));

      // The new tracker learns the seeder and the (now complete) downloader again; until the
      // first re-registration it answers "unknown file".
      TrackerClient tc = swarm.trackerClient(second.address());
      swarm.eventually(Duration.ofSeconds(10), () -> assertEquals(2,
          tc.query(m.id()).toCompletableFuture().get(10, TimeUnit.SECONDS).peers().size(),
          "the peers did not register with the new tracker"));
    }
  }
}
