package dev.p2p.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.p2p.app.NodeFacade.DownloadResult;
import dev.p2p.storage.Hashing;
import dev.p2p.storage.Manifest;
import dev.p2p.testing.EventRecorder;
import dev.p2p.testing.SwarmFixture;
import dev.p2p.transfer.TransferEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A tracker and several peers in one JVM on loopback, real TCP, real files. */
class SwarmIT {
  @RegisterExtension static final SwarmFixture swarm = new SwarmFixture();

  static long fromPeer(DownloadResult r, LocalPeer n) {
    return SwarmFixture.bytesFrom(r, SwarmFixture.key(n.address()));
  }

  @Test
  void threeSeedersServeOneDownloaderByteForByte() throws Exception {
    Path src = swarm.file("data.bin", 6 * 1024 * 1024 + 123, 1);
    Map<String, Object> small = Map.of("p2p.chunk-size", 64 * 1024);
    List<LocalPeer> seeders = new ArrayList<>();
    Manifest m = null;
    for (int i = 0; i < 3; i++) {
      SwarmFixture.Seeder s = swarm.seeder("s" + i, src, small);
      m = s.manifest();
      seeders.add(s.peer());
    }
    LocalPeer d = swarm.peer("out");
    DownloadResult r = swarm.download(d, m.id(), swarm.dir("out"));

    assertArrayEquals(Files.readAllBytes(src), Files.readAllBytes(r.path()));
    assertEquals(m.id(), Hashing.fileId(r.path(), x -> {}));
    assertEquals(swarm.dir("out").resolve("data.bin").toAbsolutePath(), r.path().toAbsolutePath());
    long suppliers = seeders.stream().filter(s -> fromPeer(r, s) > 0).count();
    assertTrue(suppliers >= 2, "at least two seeders supplied chunks: " + r.peers());
    assertEquals(m.size(), seeders.stream().mapToLong(s -> fromPeer(r, s)).sum());
  }

  @Test
  void downloadCompletesWhenASeederStopsMidway() throws Exception {
    Path src = swarm.file("big.bin", 4 * 1024 * 1024, 2);
    // Slow seeders (1 MiB/s each) so that the download is still running when one stops.
    Map<String, Object> slow = Map.of("p2p.chunk-size", 32 * 1024, "p2p.upload-limit", 1024 * 1024);
    SwarmFixture.Seeder seederA = swarm.seeder("a", src, slow);
    LocalPeer a = seederA.peer();
    LocalPeer b = swarm.seeder("b", src, slow).peer();
    Manifest m = seederA.manifest();
    LocalPeer d = swarm.peer("out", Map.of("p2p.request-timeout", "2s"));
    CompletableFuture<Void> stopped = new CompletableFuture<>();
    try (EventRecorder events = swarm.record(d); AutoCloseable sub = d.subscribe(e -> {
      if (e instanceof TransferEvent.Progress p && p.chunksDone() >= p.numChunks() / 5
          && !stopped.isDone()) {
        stopped.complete(null);
        a.stop();
      }
    })) {
      DownloadResult r = swarm.download(d, m.id(), swarm.dir("out"));
      assertTrue(stopped.isDone(), "seeder A was stopped during the download");
      assertArrayEquals(Files.readAllBytes(src), Files.readAllBytes(r.path()));
      assertTrue(fromPeer(r, b) > fromPeer(r, a), "B supplied the rest: " + r.peers());
      assertTrue(events.lastOfType(TransferEvent.PeerLost.class).isPresent(),
          "the download noticed that A went away");
    }
  }

  /**
   * 200 downloaders start at once, as {@code simulate} runs them (its settings, the tracker in an
   * actor system of its own, plaintext): every one finishes with the file, and many chunks come from the
   * downloaders serving each other. Before, at this size the tracker stopped answering (its
   * answers queued behind the peers' work, its TLS handshakes timed out), and downloads failed.
   */
  @Test
  void twoHundredPeersAllFinishAndServeEachOther() throws Exception {
    int n = 200;
    Path src = swarm.file("crowd.bin", 2 * 1024 * 1024, 3);
    // Plaintext, as simulate runs by default: 200 nodes' TLS handshakes on two shared cores
    // would be the test's pace (TlsIT and EncryptedWireIT cover TLS).
    Config config = ConfigFactory.parseMap(LocalSwarm.crowdSettings(n, 64 * 1024))
        .withFallback(ConfigFactory.parseMap(Map.of("p2p.tls", false)))
        .withFallback(swarm.system().settings().config());
    ActorSystem<?> trackerSystem = P2pSystem.create("crowd-tracker", config);
    try (LocalSwarm crowd = LocalSwarm.start(trackerSystem, swarm.system(), config)) {
      LocalPeer seeder = crowd.addPeer(swarm.dir("seed"));
      Manifest m = seeder.share(src).toCompletableFuture().get(30, TimeUnit.SECONDS);
      List<Path> dirs = new ArrayList<>();
      for (int i = 0; i < n; i++) dirs.add(swarm.dir("p" + i));
      List<LocalPeer> peers = crowd.addPeers(dirs);
      SwarmRun run = SwarmRun.start(peers, dirs, m.id(), m.size(), SwarmFixture.key(seeder.address()));
      SwarmRun.Report report = run.report().get(150, TimeUnit.SECONDS);

      assertEquals(List.of(), report.failed().stream().map(o -> o.failure().orElseThrow().getMessage()).toList());
      assertEquals(n, report.finished().size());
      for (SwarmRun.Outcome o : report.finished()) {
        assertEquals(-1, Files.mismatch(src, o.result().orElseThrow().path()), "peer " + o.peer());
      }
      // Every chunk is counted once, at most: a peer dropped after it delivered may take its
      // count with it from a download's final stats (seen once: 6399 of 6400), so 99 % at least.
      long counted = report.chunksFromSeeder() + report.chunksFromPeers();
      assertTrue(counted <= (long) n * m.numChunks() && counted * 100 >= 99L * n * m.numChunks(),
          counted + " chunks counted of " + (long) n * m.numChunks());
      // How much the seeder sends depends on how fast it is against the crowd: under load
      // (a shared CI machine) the downloaders sent 83-94 %, on an idle one 44 %. A third at least
      // proves they serve each other; the share itself is a swarm-efficiency figure (bench/).
      assertTrue(report.chunksFromPeers() * 3 > (long) n * m.numChunks(),
          "re-sharing peers sent a third of the chunks at least: " + report.chunksFromPeers()
              + " against the seeder's " + report.chunksFromSeeder());
      assertEquals(n, run.snapshot().finished());
    } finally {
      trackerSystem.terminate();
    }
  }

  static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
    Map<String, Object> m = new HashMap<>(base);
    m.put(key, value);
    return m;
  }
}
