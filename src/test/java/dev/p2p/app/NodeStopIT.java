package dev.p2p.app;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.storage.Manifest;
import dev.p2p.testing.SwarmFixture;
import dev.p2p.transfer.TransferEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Stopping a node while it downloads (what closing the GUI window does) ends the download and
 * completes promptly, not after the stop request's timeout.
 */
class NodeStopIT {
  @RegisterExtension static final SwarmFixture swarm = new SwarmFixture();

  @Test
  void stopMidDownloadCompletesPromptly() throws Exception {
    Path src = Files.write(swarm.dir("slow.bin"), new byte[8 * 1024 * 1024]);
    // A slow seeder (1 MiB/s), so that the download is still running when the node stops.
    Map<String, Object> slow = Map.of("p2p.chunk-size", 64 * 1024, "p2p.upload-limit", 1024 * 1024);
    Manifest m = swarm.seeder("s", src, slow).manifest();
    LocalPeer d = swarm.peer("d");
    CompletableFuture<Void> started = new CompletableFuture<>();
    try (AutoCloseable sub = d.subscribe(e -> {
      if (e instanceof TransferEvent.Progress p && p.chunksDone() > 0) started.complete(null);
    })) {
      CompletableFuture<NodeFacade.DownloadResult> download =
          d.download(m.id(), swarm.dir("d")).toCompletableFuture();
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
