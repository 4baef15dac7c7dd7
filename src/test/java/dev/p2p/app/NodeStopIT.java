package dev.p2p.app;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import dev.p2p.storage.Manifest;
import dev.p2p.transfer.TransferEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping a node while it downloads (what closing the GUI window does) ends the download and
 * completes promptly, not after the stop request's timeout.
 */
class NodeStopIT {
  static final ActorTestKit testKit = ActorTestKit.create();
  static final Config config = testKit.system().settings().config();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void stopMidDownloadCompletesPromptly(@TempDir Path dir) throws Exception {
    Path src = dir.resolve("slow.bin");
    Files.write(src, new byte[8 * 1024 * 1024]);
    // A slow seeder (1 MiB/s), so that the download is still running when the node stops.
    Map<String, Object> slow = Map.of("p2p.chunk-size", 64 * 1024, "p2p.upload-limit", 1024 * 1024);
    try (LocalSwarm swarm = LocalSwarm.start(testKit.system(), config)) {
      LocalPeer seeder = swarm.addPeer(dir.resolve("s"), slow);
      Manifest m = seeder.share(src).toCompletableFuture().get(20, TimeUnit.SECONDS);
      LocalPeer d = swarm.addPeer(dir.resolve("d"));
      CompletableFuture<Void> started = new CompletableFuture<>();
      try (AutoCloseable sub = d.subscribe(e -> {
        if (e instanceof TransferEvent.Progress p && p.chunksDone() > 0) started.complete(null);
      })) {
        CompletableFuture<NodeFacade.DownloadResult> download =
            d.download(m.id(), dir.resolve("d")).toCompletableFuture();
        started.get(20, TimeUnit.SECONDS);

        long t0 = System.nanoTime();
        d.stop().toCompletableFuture().get(20, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - t0) / 1e9;
        // Before the fix: about 11 s (request-timeout + 1 s), the ask timing out.
        assertTrue(seconds < 5, "stop took " + seconds + " s");
        assertThrows(ExecutionException.class, () -> download.get(10, TimeUnit.SECONDS),
            "the download was cancelled");
      }
    }
  }
}
