package dev.p2p.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.typesafe.config.Config;
import dev.p2p.app.LocalSwarm;
import dev.p2p.app.LocalPeer;
import dev.p2p.app.NodeFacade.DownloadResult;
import dev.p2p.storage.Hashing;
import dev.p2p.storage.Manifest;
import dev.p2p.testing.RawPeer;
import dev.p2p.tracker.TrackerClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An honest seeder and one raw-socket peer that misbehaves at the byte level (a chunk that stops
 * half-way, a HAVE it does not honour, a reply for the wrong chunk or file). The download always
 * completes from the honest seeder; what happens to the bad peer depends on what it did.
 */
class HostilePeerIT {
  static final ActorTestKit testKit = ActorTestKit.create();
  static final Config config = testKit.system().settings().config();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  record Run(DownloadResult result, List<TransferEvent> events, byte[] expected) {
    TransferEvent.PeerStat stat(RawPeer p) {
      return result.peers().stream().filter(s -> s.peer().equals(p.key())).findFirst()
          .orElseThrow(() -> new AssertionError("no stats for " + p.key() + ": " + result.peers()));
    }

    List<TransferEvent.PeerLost> lost(RawPeer p) {
      return events.stream().filter(e -> e instanceof TransferEvent.PeerLost l && l.peer().equals(p.key()))
          .map(e -> (TransferEvent.PeerLost) e).toList();
    }

    List<TransferEvent.ChunkRetried> retried(RawPeer p) {
      return events.stream().filter(e -> e instanceof TransferEvent.ChunkRetried r && r.peer().equals(p.key()))
          .map(e -> (TransferEvent.ChunkRetried) e).toList();
    }
  }

  /**
   * A 1 MiB file in 16 KiB chunks from an honest seeder limited to 512 KiB/s (so the download
   * lasts about 2 s, long enough for the bad peer to be asked) and a {@code mode} raw peer.
   */
  private Run download(Path dir, RawPeer.Mode mode, Map<String, ?> downloaderSettings,
      java.util.function.Consumer<RawPeer> check) throws Exception {
    byte[] data = new byte[1024 * 1024];
    new Random(11).nextBytes(data);
    Path src = dir.resolve("f.bin");
    Files.write(src, data);
    Manifest m = Hashing.manifest(src, "f.bin", 16 * 1024, x -> {});
    try (LocalSwarm swarm = LocalSwarm.start(testKit.system(), config);
        RawPeer bad = RawPeer.start(data, m, mode)) {
      LocalPeer seeder = swarm.addPeer(dir.resolve("seed"), Map.of("p2p.chunk-size", 16 * 1024,
          "p2p.upload-limit", 512 * 1024));
      seeder.share(src).toCompletableFuture().get(20, TimeUnit.SECONDS);
      TrackerClient tc = new TrackerClient(testKit.system(), swarm.tracker().address(),
          Optional.empty(), Duration.ofSeconds(5), Duration.ofSeconds(5), 1 << 24);
      tc.register(m, "bad", "127.0.0.1", bad.port()).toCompletableFuture().get(10, TimeUnit.SECONDS);
      LocalPeer d = swarm.addPeer(dir.resolve("out"), downloaderSettings);
      List<TransferEvent> events = new CopyOnWriteArrayList<>();
      DownloadResult r;
      try (AutoCloseable sub = d.subscribe(events::add)) {
        r = d.download(m.id(), dir.resolve("out")).toCompletableFuture().get(60, TimeUnit.SECONDS);
      }
      assertArrayEquals(data, Files.readAllBytes(r.path()));
      Run run = new Run(r, events, data);
      assertTrue(bad.requests() > 0, "the bad peer was asked for chunks");
      check.accept(bad);
      return run;
    }
  }

  /** Polls (every 10 ms, at most 10 s) until {@code value} is non-zero. */
  static void eventually(String what, IntSupplier value) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (value.getAsInt() == 0) {
      if (System.nanoTime() > deadline) fail(what);
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
  }

  @Test
  void chunkThatStallsHalfWayTimesOutAndIsFetchedElsewhere(@TempDir Path dir) throws Exception {
    Run run = download(dir, RawPeer.Mode.STALL_MID_CHUNK, Map.of("p2p.request-timeout", "1s"),
        bad -> eventually("the downloader closed its connection to the stalling peer", bad::closedByClient));
    List<TransferEvent.ChunkRetried> retried = run.events().stream()
        .filter(e -> e instanceof TransferEvent.ChunkRetried).map(e -> (TransferEvent.ChunkRetried) e)
        .filter(e -> e.reason().contains("no answer within 1000 ms")).toList();
    assertFalse(retried.isEmpty(), "the half-sent chunk timed out and was retried: " + run.events());
    assertTrue(run.result().peers().stream().anyMatch(p -> p.failures() > 0 && p.bytes() == 0),
        "the staller failed and supplied nothing: " + run.result().peers());
  }

  @Test
  void peerThatClaimsChunksThenRefusesThemIsSkippedNotPenalised(@TempDir Path dir) throws Exception {
    RawPeer[] liar = new RawPeer[1];
    Run run = download(dir, RawPeer.Mode.NO_CHUNK, Map.of(), bad -> liar[0] = bad);
    TransferEvent.PeerStat st = run.stat(liar[0]);
    assertEquals(0, st.failures(), "a refusal is not a failure: " + st);
    assertFalse(st.banned());
    assertEquals(0, st.bytes());
    assertTrue(run.lost(liar[0]).isEmpty(), "not dropped: " + run.lost(liar[0]));
    assertTrue(run.retried(liar[0]).isEmpty(), "a refusal is not counted as a failed attempt");
  }

  @Test
  void peerThatSendsTheWrongChunkIsDisconnected(@TempDir Path dir) throws Exception {
    RawPeer[] bad = new RawPeer[1];
    Run run = download(dir, RawPeer.Mode.WRONG_INDEX, Map.of(), p -> {
      bad[0] = p;
      eventually("the downloader closed the connection", p::closedByClient);
    });
    assertFalse(run.lost(bad[0]).isEmpty(), "the peer was dropped");
    assertEquals(0, run.stat(bad[0]).bytes(), "nothing from it was used");
    assertTrue(run.retried(bad[0]).stream().anyMatch(r -> r.reason().contains("when chunk")),
        "the violation is named: " + run.retried(bad[0]));
  }

  @Test
  void peerThatSendsAChunkOfAnotherFileIsDisconnected(@TempDir Path dir) throws Exception {
    RawPeer[] bad = new RawPeer[1];
    Run run = download(dir, RawPeer.Mode.WRONG_FILE, Map.of(), p -> {
      bad[0] = p;
      eventually("the downloader closed the connection", p::closedByClient);
    });
    assertFalse(run.lost(bad[0]).isEmpty(), "the peer was dropped");
    assertEquals(0, run.stat(bad[0]).bytes(), "nothing from it was used");
    assertTrue(run.retried(bad[0]).stream().anyMatch(r -> r.reason().contains("sent a chunk of file")),
        "the violation is named: " + run.retried(bad[0]));
  }
}
