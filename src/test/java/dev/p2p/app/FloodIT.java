package dev.p2p.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.app.NodeFacade.DownloadResult;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import dev.p2p.testing.Flood;
import dev.p2p.testing.SwarmFixture;
import dev.p2p.tracker.TrackerClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Floods of idle connections against a real tracker and a real chunk server at their default caps
 * (512 in all, 64 per address): more idle sockets than the cap, from 20 loopback addresses, and a
 * well-behaved client is still served at once. The header timeout is set far (60 s) in these
 * tests, so that only the eviction at the cap can make room.
 */
class FloodIT {
  @RegisterExtension static final SwarmFixture swarm = new SwarmFixture();

  static final int CAP = 512;
  static final int FLOOD = 640;
  static final int ADDRESSES = 20; // 32 sockets each: under the per-address cap of 64
  static final Map<String, Object> SLOW_HEADER_TIMEOUT = Map.of("p2p.header-timeout", "60s");
  /** "Promptly": far below the 60 s idle and header timeouts that would otherwise free slots. */
  static final Duration PROMPTLY = Duration.ofSeconds(5);

  /** Waits until the server has taken in the whole flood: it then holds its cap, the rest went. */
  void awaitServerFull(Flood flood) {
    swarm.eventually(Duration.ofSeconds(30),
        () -> assertEquals(FLOOD - CAP, flood.closedByServer().size(), "closed by the server"));
    // The oldest went, not the newest (a server that refused newcomers would close the last ones).
    List<Integer> closed = flood.closedByServer();
    assertTrue(closed.stream().allMatch(i -> i < FLOOD / 2), "the earliest sockets were closed: " + closed);
  }

  static <T> T promptly(CompletableFuture<T> f) throws Exception {
    return f.get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Test
  void aTrackerFloodedWithIdleConnectionsFromManyAddressesServesARealClientAtOnce() throws Exception {
    LocalTracker tracker = swarm.startTracker(Map.of("p2p.tracker.port", 0, "p2p.header-timeout", "60s"));
    Flood flood = swarm.flood(tracker.address(), FLOOD, ADDRESSES);
    awaitServerFull(flood);

    TrackerClient client = swarm.trackerClient(tracker.address());
    Manifest m = new Manifest(new FileId("ab".repeat(32)), "x.bin", 2000, 1024,
        List.of("1".repeat(64), "2".repeat(64)));
    assertEquals(1, promptly(client.register(m, "peer-a", "127.0.0.1", 6001).toCompletableFuture()));
    assertEquals(6001, promptly(client.query(m.id()).toCompletableFuture()).peers().get(0).port());
    // The client's connections took the place of idle sockets: the first for sure, the second
    // too unless the server had freed the first one's place by then.
    swarm.eventually(PROMPTLY, () -> {
      int closed = flood.closedByServer().size();
      assertTrue(closed == FLOOD - CAP + 1 || closed == FLOOD - CAP + 2, closed + " closed");
    });
  }

  @Test
  void aChunkServerUnderAContinuingFloodStillServesADownload() throws Exception {
    Path src = swarm.file("flooded.bin", 3 * 1024 * 1024 + 11, 7);
    SwarmFixture.Seeder seeder = swarm.seeder("seed", src, SLOW_HEADER_TIMEOUT);
    Flood flood = swarm.flood(seeder.peer().address(), FLOOD, ADDRESSES);
    awaitServerFull(flood);

    LocalPeer downloader = swarm.peer("get");
    CompletableFuture<DownloadResult> download =
        downloader.download(seeder.manifest().id(), swarm.dir("get")).toCompletableFuture();
    // The attacker goes on opening idle sockets while the download runs: each pushes out an
    // older idle one, never the downloader's busy connection.
    int before = flood.opened();
    DownloadResult r = null;
    long deadline = System.nanoTime() + SwarmFixture.TIMEOUT.toNanos();
    while (r == null && System.nanoTime() < deadline) {
      flood.add(ADDRESSES);
      flood.closedByServer();
      try {
        r = download.get(20, TimeUnit.MILLISECONDS); // also paces the attacker: ~1000 sockets/s
      } catch (TimeoutException stillRunning) {
        // flood on
      }
    }
    assertTrue(r != null, "the download did not finish within " + SwarmFixture.TIMEOUT);
    assertArrayEquals(Files.readAllBytes(src), Files.readAllBytes(r.path()));
    assertTrue(flood.opened() - before >= ADDRESSES, "the flood went on during the download");
  }
}
