package dev.p2p.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.p2p.app.NodeFacade.DownloadResult;
import dev.p2p.app.NodeFacade.SearchHit;
import dev.p2p.storage.Manifest;
import dev.p2p.testing.SwarmFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Search against the real tracker, over loopback TCP: a downloader counts as a peer while it has
 * part of the file and as a seeder once verified, in the hits a node's search returns.
 */
class SearchIT {
  @RegisterExtension static final SwarmFixture swarm = new SwarmFixture();

  @Test
  void aDownloaderIsAPeerUntilVerifiedThenASeederInTheHits() throws Exception {
    Path src = swarm.file("Holiday Video.bin", 2 * 1024 * 1024, 3);
    // About 4 s of upload: the downloader is found half-way.
    Map<String, Object> slow = Map.of("p2p.chunk-size", 64 * 1024, "p2p.upload-limit", 512 * 1024);
    Manifest m = swarm.seeder("seed", src, slow).manifest();
    LocalPeer d = swarm.peer("out");
    CompletableFuture<DownloadResult> result = d.download(m.id(), swarm.dir("out")).toCompletableFuture();
    swarm.eventually(Duration.ofSeconds(20), () -> assertEquals(
        List.of(new SearchHit(m.id().hex(), "Holiday Video.bin", m.size(), 1, 2)),
        SwarmFixture.await(d.search("holiday VIDEO"))));
    SwarmFixture.await(result);
    swarm.eventually(Duration.ofSeconds(10), () -> assertEquals(
        List.of(new SearchHit(m.id().hex(), "Holiday Video.bin", m.size(), 2, 2)),
        SwarmFixture.await(d.search("video"))));
    assertEquals(List.of(), SwarmFixture.await(d.search("nothing")));
  }
}
