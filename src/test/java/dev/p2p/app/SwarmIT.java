package dev.p2p.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import dev.p2p.app.NodeFacade.DownloadResult;
import dev.p2p.storage.Hashing;
import dev.p2p.storage.Manifest;
import dev.p2p.transfer.TransferEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tracker and several peers in one JVM on loopback, real TCP, real files. */
class SwarmIT {
  static final ActorTestKit testKit = ActorTestKit.create();
  static final Config config = testKit.system().settings().config();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  static Path randomFile(Path dir, String name, int size, long seed) throws Exception {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    Path f = dir.resolve(name);
    Files.write(f, data);
    return f;
  }

  static long fromPeer(DownloadResult r, LocalPeer n) {
    String key = n.address().getAddress().getHostAddress() + ":" + n.address().getPort();
    return r.peers().stream().filter(p -> p.peer().equals(key)).mapToLong(TransferEvent.PeerStat::bytes).sum();
  }

  @Test
  void threeSeedersServeOneDownloaderByteForByte(@TempDir Path dir) throws Exception {
    Path src = randomFile(dir, "data.bin", 6 * 1024 * 1024 + 123, 1);
    Map<String, Object> small = Map.of("p2p.chunk-size", 64 * 1024);
    try (LocalSwarm swarm = LocalSwarm.start(testKit.system(), config)) {
      List<LocalPeer> seeders = new ArrayList<>();
      Manifest m = null;
      for (int i = 0; i < 3; i++) {
        LocalPeer s = swarm.addPeer(dir.resolve("s" + i), small);
        m = s.share(src).toCompletableFuture().get(20, TimeUnit.SECONDS);
        seeders.add(s);
      }
      LocalPeer d = swarm.addPeer(dir.resolve("out"));
      DownloadResult r = d.download(m.id(), dir.resolve("out")).toCompletableFuture().get(60, TimeUnit.SECONDS);

      assertArrayEquals(Files.readAllBytes(src), Files.readAllBytes(r.path()));
      assertEquals(m.id(), Hashing.fileId(r.path(), x -> {}));
      assertEquals(dir.resolve("out").resolve("data.bin").toAbsolutePath(), r.path().toAbsolutePath());
      long suppliers = seeders.stream().filter(s -> fromPeer(r, s) > 0).count();
      assertTrue(suppliers >= 2, "at least two seeders supplied chunks: " + r.peers());
      assertEquals(m.size(), seeders.stream().mapToLong(s -> fromPeer(r, s)).sum());
    }
  }

  @Test
  void downloadCompletesWhenASeederStopsMidway(@TempDir Path dir) throws Exception {
    Path src = randomFile(dir, "big.bin", 4 * 1024 * 1024, 2);
    // Slow seeders (1 MiB/s each) so that the download is still running when one stops.
    Map<String, Object> slow = Map.of("p2p.chunk-size", 32 * 1024, "p2p.upload-limit", 1024 * 1024);
    try (LocalSwarm swarm = LocalSwarm.start(testKit.system(), config)) {
      LocalPeer a = swarm.addPeer(dir.resolve("a"), slow);
      LocalPeer b = swarm.addPeer(dir.resolve("b"), slow);
      Manifest m = a.share(src).toCompletableFuture().get(20, TimeUnit.SECONDS);
      b.share(src).toCompletableFuture().get(20, TimeUnit.SECONDS);
      LocalPeer d = swarm.addPeer(dir.resolve("out"), Map.of("p2p.request-timeout", "2s"));
      CompletableFuture<Void> stopped = new CompletableFuture<>();
      List<TransferEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
      try (AutoCloseable sub = d.subscribe(e -> {
        events.add(e);
        if (e instanceof TransferEvent.Progress p && p.chunksDone() >= p.numChunks() / 5
            && !stopped.isDone()) {
          stopped.complete(null);
          a.stop();
        }
      })) {
        DownloadResult r = d.download(m.id(), dir.resolve("out")).toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertTrue(stopped.isDone(), "seeder A was stopped during the download");
        assertArrayEquals(Files.readAllBytes(src), Files.readAllBytes(r.path()));
        assertTrue(fromPeer(r, b) > fromPeer(r, a), "B supplied the rest: " + r.peers());
        assertTrue(events.stream().anyMatch(e -> e instanceof TransferEvent.PeerLost),
            "the download noticed that A went away");
      }
    }
  }

  @Test
  void twentyPeersDownloadTheSameFileAndReshareIt(@TempDir Path dir) throws Exception {
    Path src = randomFile(dir, "swarm.bin", 2 * 1024 * 1024, 3);
    // The seeder uploads at 2 MiB/s: 20 copies need about 20 s from it alone, so the downloaders
    // finish sooner only by serving each other.
    Map<String, Object> opts = Map.of("p2p.chunk-size", 32 * 1024,
        "p2p.max-connections-per-ip", 2000, "p2p.max-connections", 2000,
        "p2p.tracker.max-registrations-per-ip", 2000);
    try (LocalSwarm swarm = LocalSwarm.start(testKit.system(), config)) {
      LocalPeer seeder = swarm.addPeer(dir.resolve("seed"), with(opts, "p2p.upload-limit", 2 * 1024 * 1024));
      Manifest m = seeder.share(src).toCompletableFuture().get(20, TimeUnit.SECONDS);
      List<LocalPeer> peers = new ArrayList<>();
      for (int i = 0; i < 20; i++) peers.add(swarm.addPeer(dir.resolve("p" + i), opts));
      List<CompletableFuture<DownloadResult>> all = new ArrayList<>();
      for (int i = 0; i < peers.size(); i++) {
        all.add(peers.get(i).download(m.id(), dir.resolve("p" + i)).toCompletableFuture());
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
  }

  static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
    Map<String, Object> m = new java.util.HashMap<>(base);
    m.put(key, value);
    return m;
  }
}
