package dev.p2p.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.app.LocalPeer;
import dev.p2p.app.NodeFacade.DownloadResult;
import dev.p2p.storage.Manifest;
import dev.p2p.testing.EventRecorder;
import dev.p2p.testing.HostilePeer;
import dev.p2p.testing.SwarmFixture;
import dev.p2p.transfer.policy.DownloadTuning;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Downloads from an honest seeder and a misbehaving peer: the bad peer never costs the file. */
class DownloadRetryIT {
  @RegisterExtension static final SwarmFixture swarm = new SwarmFixture();

  record Setup(Manifest manifest, Path src, HostilePeer bad) {}

  /** An honest seeder that uploads at 512 KiB/s (so a 1 MiB download outlasts a 1 s timeout). */
  private Setup honestSeederAnd(HostilePeer.Mode mode) throws Exception {
    Path src = swarm.file("f.bin", 1024 * 1024, 7);
    Manifest m = swarm.seeder("seed", src, Map.of("p2p.chunk-size", 16 * 1024,
        "p2p.upload-limit", 512 * 1024)).manifest();
    return new Setup(m, src, swarm.hostilePeer(src, m, mode));
  }

  @Test
  void retriesChunkOnAnotherPeerWhenFirstTimesOut() throws Exception {
    Setup s = honestSeederAnd(HostilePeer.Mode.SILENT);
    HostilePeer silent = s.bad();
    LocalPeer d = swarm.peer("out", Map.of("p2p.request-timeout", "1s"));
    DownloadResult r;
    EventRecorder events = swarm.record(d);
    try (events) {
      r = swarm.download(d, s.manifest().id(), swarm.dir("out"));
    }
    assertArrayEquals(Files.readAllBytes(s.src()), Files.readAllBytes(r.path()));
    assertTrue(silent.requests() > 0, "the silent peer was asked for chunks");
    List<TransferEvent.ChunkRetried> retried = events.ofType(TransferEvent.ChunkRetried.class).stream()
        .filter(e -> e.peer().equals(silent.key())).toList();
    assertTrue(!retried.isEmpty(), "chunks that timed out on the silent peer were retried");
    assertTrue(retried.get(0).reason().contains("no answer within"), retried.get(0).reason());
    assertEquals(0, SwarmFixture.bytesFrom(r, silent.key()));
  }

  @Test
  void bansPeerThatSendsCorruptChunksAndNeverWritesThem() throws Exception {
    Setup s = honestSeederAnd(HostilePeer.Mode.CORRUPT);
    HostilePeer liar = s.bad();
    LocalPeer d = swarm.peer("out");
    DownloadResult r = swarm.download(d, s.manifest().id(), swarm.dir("out"));
    assertArrayEquals(Files.readAllBytes(s.src()), Files.readAllBytes(r.path()));
    TransferEvent.PeerStat stat = SwarmFixture.stat(r, liar.key()).orElseThrow();
    assertTrue(stat.banned(), "the lying peer is banned: " + stat);
    assertEquals(0, stat.bytes());
    assertEquals(DownloadTuning.BAN_AFTER_BAD_CHUNKS, stat.failures());
  }
}
