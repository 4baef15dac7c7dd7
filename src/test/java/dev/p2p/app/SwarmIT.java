package dev.p2p.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

  @Test
  void twentyPeersDownloadTheSameFileAndReshareIt() throws Exception {
    Path src = swarm.file("swarm.bin", 2 * 1024 * 1024, 3);
    // The seeder uploads at 2 MiB/s: 20 copies need about 20 s from it alone, so the downloaders
    // finish sooner only by serving each other.
    Map<String, Object> opts = Map.of("p2p.chunk-size", 32 * 1024,
        "p2p.max-connections-per-ip", 2000, "p2p.max-connections", 2000,
        "p2p.tracker.max-registrations-per-ip", 2000);
    SwarmFixture.Seeder seeded = swarm.seeder("seed", src, with(opts, "p2p.upload-limit", 2 * 1024 * 1024));
    LocalPeer seeder = seeded.peer();
    Manifest m = seeded.manifest();
    List<LocalPeer> peers = new ArrayList<>();
    for (int i = 0; i < 20; i++) peers.add(swarm.peer("p" + i, opts));
    List<CompletableFuture<DownloadResult>> all = new ArrayList<>();
    for (int i = 0; i < peers.size(); i++) {
      all.add(peers.get(i).download(m.id(), swarm.dir("p" + i)).toCompletableFuture());
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
    byte[] expected = Files.readAllBytes(src);
    long fromSeeder = 0;
    long total = 0;
    for (CompletableFuture<DownloadResult> f : all) {
      DownloadResult r = f.join();
      assertArrayEquals(expected, Files.readAllBytes(r.path()));
      fromSeeder += fromPeer(r, seeder);
      total += r.manifest().size();
    }
    assertTrue(fromSeeder < total / 2,
        "most bytes came from re-sharing peers, not the seeder: " + fromSeeder + " of " + total);
  }

  static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
    Map<String, Object> m = new HashMap<>(base);
    m.put(key, value);
    return m;
  }
}
