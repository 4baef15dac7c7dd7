package dev.p2p.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import dev.p2p.app.LocalSwarm;
import dev.p2p.app.LocalPeer;
import dev.p2p.app.NodeFacade.DownloadResult;
import dev.p2p.storage.Manifest;
import dev.p2p.testing.FakePeer;
import dev.p2p.tracker.TrackerClient;
import dev.p2p.transfer.policy.DownloadTuning;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from an honest seeder and a misbehaving peer: the bad peer never costs the file. */
class DownloadRetryIT {
  static final ActorTestKit testKit = ActorTestKit.create();
  static final Config config = testKit.system().settings().config();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  record Setup(LocalSwarm swarm, Manifest manifest, Path src) {}

  /** An honest seeder that uploads at 512 KiB/s (so a 1 MiB download outlasts a 1 s timeout). */
  private Setup honestSeederAnd(Path dir, FakePeer.Mode mode, FakePeer[] fake) throws Exception {
    byte[] data = new byte[1024 * 1024];
    new Random(7).nextBytes(data);
    Path src = dir.resolve("f.bin");
    Files.write(src, data);
    LocalSwarm swarm = LocalSwarm.start(testKit.system(), config);
    LocalPeer seeder = swarm.addPeer(dir.resolve("seed"), Map.of("p2p.chunk-size", 16 * 1024,
        "p2p.upload-limit", 512 * 1024));
    Manifest m = seeder.share(src).toCompletableFuture().get(20, TimeUnit.SECONDS);
    fake[0] = FakePeer.start(testKit.system(), src, m, mode);
    TrackerClient tc = new TrackerClient(testKit.system(), swarm.tracker().address(),
        Optional.empty(), Duration.ofSeconds(5), Duration.ofSeconds(5), 1 << 24);
    tc.register(m, "fake", "127.0.0.1", fake[0].port()).toCompletableFuture().get(10, TimeUnit.SECONDS);
    return new Setup(swarm, m, src);
  }

  @Test
  void retriesChunkOnAnotherPeerWhenFirstTimesOut(@TempDir Path dir) throws Exception {
    FakePeer[] fake = new FakePeer[1];
    Setup s = honestSeederAnd(dir, FakePeer.Mode.SILENT, fake);
    try (LocalSwarm swarm = s.swarm(); FakePeer silent = fake[0]) {
      LocalPeer d = swarm.addPeer(dir.resolve("out"), Map.of("p2p.request-timeout", "1s"));
      List<TransferEvent> events = new CopyOnWriteArrayList<>();
      DownloadResult r;
      try (AutoCloseable sub = d.subscribe(events::add)) {
        r = d.download(s.manifest().id(), dir.resolve("out")).toCompletableFuture().get(60, TimeUnit.SECONDS);
      }
      assertArrayEquals(Files.readAllBytes(s.src()), Files.readAllBytes(r.path()));
      assertTrue(silent.requests() > 0, "the silent peer was asked for chunks");
      List<TransferEvent.ChunkRetried> retried = events.stream()
          .filter(e -> e instanceof TransferEvent.ChunkRetried).map(e -> (TransferEvent.ChunkRetried) e)
          .filter(e -> e.peer().equals(silent.key())).toList();
      assertTrue(!retried.isEmpty(), "chunks that timed out on the silent peer were retried");
      assertTrue(retried.get(0).reason().contains("no answer within"), retried.get(0).reason());
      assertEquals(0, r.peers().stream().filter(p -> p.peer().equals(silent.key()))
          .mapToLong(TransferEvent.PeerStat::bytes).sum());
    }
  }

  @Test
  void bansPeerThatSendsCorruptChunksAndNeverWritesThem(@TempDir Path dir) throws Exception {
    FakePeer[] fake = new FakePeer[1];
    Setup s = honestSeederAnd(dir, FakePeer.Mode.CORRUPT, fake);
    try (LocalSwarm swarm = s.swarm(); FakePeer liar = fake[0]) {
      LocalPeer d = swarm.addPeer(dir.resolve("out"));
      DownloadResult r = d.download(s.manifest().id(), dir.resolve("out")).toCompletableFuture().get(60, TimeUnit.SECONDS);
      assertArrayEquals(Files.readAllBytes(s.src()), Files.readAllBytes(r.path()));
      TransferEvent.PeerStat stat = r.peers().stream().filter(p -> p.peer().equals(liar.key()))
          .findFirst().orElseThrow();
      assertTrue(stat.banned(), "the lying peer is banned: " + stat);
      assertEquals(0, stat.bytes());
      assertEquals(DownloadTuning.BAN_AFTER_BAD_CHUNKS, stat.failures());
    }
  }
}
