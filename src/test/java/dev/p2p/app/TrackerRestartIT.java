package dev.p2p.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.p2p.app.NodeFacade.DownloadResult;
import dev.p2p.storage.Manifest;
import dev.p2p.tracker.TrackerClient;
import dev.p2p.transfer.TransferEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tracker goes away in the middle of a download and a new one starts on the same port: the
 * download goes on with the peers it knows, and the peers register again on their timer.
 */
class TrackerRestartIT {
  static final ActorTestKit testKit = ActorTestKit.create();
  static final Config config = testKit.system().settings().config();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void downloadSurvivesATrackerRestartAndPeersReRegister(@TempDir Path dir) throws Exception {
    byte[] data = new byte[2 * 1024 * 1024];
    new Random(4).nextBytes(data);
    Path src = dir.resolve("movie.bin");
    Files.write(src, data);
    Map<String, Object> fast = Map.of("p2p.peer.reannounce-interval", "300ms");
    try (LocalSwarm swarm = LocalSwarm.start(testKit.system(), config)) {
      int port = swarm.tracker().address().getPort();
      // 512 KiB/s: the download takes about 4 s.
      LocalPeer seeder = swarm.addPeer(dir.resolve("seed"), Map.of("p2p.chunk-size", 32 * 1024,
          "p2p.upload-limit", 512 * 1024, "p2p.peer.reannounce-interval", "300ms"));
      Manifest m = seeder.share(src).toCompletableFuture().get(20, TimeUnit.SECONDS);
      LocalPeer d = swarm.addPeer(dir.resolve("out"), fast);

      CompletableFuture<Void> fifth = new CompletableFuture<>();
      CompletableFuture<Void> advancedWithoutTracker = new CompletableFuture<>();
      AtomicLong bytesAtStop = new AtomicLong(-1);
      AtomicLong lastBytes = new AtomicLong();
      CompletableFuture<DownloadResult> result;
      LocalTracker second = null;
      try (AutoCloseable sub = d.subscribe(e -> {
        if (e instanceof TransferEvent.Progress p) {
          lastBytes.set(p.bytesDone());
          if (p.bytesDone() >= p.size() / 5) fifth.complete(null);
          long at = bytesAtStop.get();
          if (at >= 0 && p.bytesDone() >= at + p.size() / 4) advancedWithoutTracker.complete(null);
        }
      })) {
        result = d.download(m.id(), dir.resolve("out")).toCompletableFuture();
        fifth.get(20, TimeUnit.SECONDS);
        swarm.tracker().stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
        // Progress reported after the stop must pass a further quarter of the file.
        bytesAtStop.set(lastBytes.get());
        advancedWithoutTracker.get(20, TimeUnit.SECONDS);
        assertTrue(!result.isDone(), "still downloading while the tracker is down");

        AppSettings s = AppSettings.create(ConfigFactory.parseMap(Map.of("p2p.tracker.port", port))
            .withFallback(config));
        second = LocalTracker.start(testKit.system(), s).toCompletableFuture().get(10, TimeUnit.SECONDS);
        DownloadResult r = result.get(60, TimeUnit.SECONDS);
        assertArrayEquals(data, Files.readAllBytes(r.path()));

        // The new tracker learns the seeder and the (now complete) downloader again.
        TrackerClient tc = new TrackerClient(testKit.system(), second.address(), Optional.empty(),
            Duration.ofSeconds(5), Duration.ofSeconds(5), 1 << 24);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
          try {
            List<?> peers = tc.query(m.id()).toCompletableFuture().get(10, TimeUnit.SECONDS).peers();
            if (peers.size() == 2) break;
          } catch (java.util.concurrent.ExecutionException notYet) {
            // unknown file until the first re-registration
          }
          if (System.nanoTime() > deadline) fail("the peers did not register with the new tracker");
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
      } finally {
        if (second != null) second.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    }
  }
}
