package dev.p2p.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.app.LocalPeer;
import dev.p2p.app.NodeFacade.DownloadResult;
import dev.p2p.storage.Manifest;
import dev.p2p.testing.EventRecorder;
import dev.p2p.testing.HostilePeer;
import dev.p2p.testing.SwarmFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An honest seeder and one raw-socket peer that misbehaves at the byte level (a chunk that stops
 * half-way, a HAVE it does not honour, a reply for the wrong chunk or file). The download always
 * completes from the honest seeder; what happens to the bad peer depends on what it did.
 */
class HostilePeerIT {
  @RegisterExtension static final SwarmFixture swarm = new SwarmFixture();

  record Run(HostilePeer bad, DownloadResult result, EventRecorder events) {
    TransferEvent.PeerStat stat() {
      return SwarmFixture.stat(result, bad.key()).orElseThrow(() -> new AssertionError("no stats for " + bad.key() + ": " + result.peers()));
    }

    List<TransferEvent.PeerLost> lost() {
      return events.ofType(TransferEvent.PeerLost.class).stream()
          .filter(l -> l.peer().equals(bad.key())).toList();
    }

    List<TransferEvent.ChunkRetried> retried() {
      return events.ofType(TransferEvent.ChunkRetried.class).stream()
          .filter(r -> r.peer().equals(bad.key())).toList();
    }

    /** Waits (at most 10 s) until the downloader has closed a connection to the bad peer. */
    void awaitClosedByDownloader(String what) {
      swarm.eventually(Duration.ofSeconds(10), () -> assertTrue(bad.closedByClient() > 0, what));
    }
  }

  /**
   * A 1 MiB file in 16 KiB chunks from an honest seeder limited to 512 KiB/s (so the download
   * lasts about 2 s, long enough for the bad peer to be asked) and a {@code mode} raw peer.
   */
  private Run download(HostilePeer.Mode mode, Map<String, ?> downloaderSettings) throws Exception {
    return download(mode, false, downloaderSettings);
  }

  private Run download(HostilePeer.Mode mode, boolean wholeFrames, Map<String, ?> downloaderSettings)
      throws Exception {
    Path src = swarm.file("f.bin", 1024 * 1024, 11);
    Manifest m = swarm.seeder("seed", src, Map.of("p2p.chunk-size", 16 * 1024,
        "p2p.upload-limit", 512 * 1024)).manifest();
    HostilePeer bad = swarm.hostilePeer(src, m, mode);
    if (wholeFrames) bad.writeWholeFrames();
    LocalPeer d = swarm.peer("out", downloaderSettings);
    DownloadResult r;
    EventRecorder events = swarm.record(d);
    try (events) {
      r = swarm.download(d, m.id(), swarm.dir("out"));
    }
    assertArrayEquals(Files.readAllBytes(src), Files.readAllBytes(r.path()));
    assertTrue(bad.requests() > 0, "the bad peer was asked for chunks");
    return new Run(bad, r, events);
  }

  @Test
  void chunkThatStallsHalfWayTimesOutAndIsFetchedElsewhere() throws Exception {
    Run run = download(HostilePeer.Mode.STALL_MID_CHUNK, Map.of("p2p.request-timeout", "1s"));
    run.awaitClosedByDownloader("the downloader closed its connection to the stalling peer");
    List<TransferEvent.ChunkRetried> retried = run.events().ofType(TransferEvent.ChunkRetried.class)
        .stream().filter(e -> e.reason().contains("no answer within 1000 ms")).toList();
    assertFalse(retried.isEmpty(), "the half-sent chunk timed out and was retried: " + run.events());
    assertTrue(run.result().peers().stream().anyMatch(p -> p.failures() > 0 && p.bytes() == 0),
        "the staller failed and supplied nothing: " + run.result().peers());
  }

  @Test
  void peerThatClaimsChunksThenRefusesThemIsSkippedNotPenalised() throws Exception {
    Run run = download(HostilePeer.Mode.NO_CHUNK, Map.of());
    TransferEvent.PeerStat st = run.stat();
    assertEquals(0, st.failures(), "a refusal is not a failure: " + st);
    assertFalse(st.banned());
    assertEquals(0, st.bytes());
    assertTrue(run.lost().isEmpty(), "not dropped: " + run.lost());
    assertTrue(run.retried().isEmpty(), "a refusal is not counted as a failed attempt");
  }

  /** A peer in {@code mode} breaks the protocol: it is dropped, unused, and {@code violation} named. */
  private void assertDisconnectedNaming(HostilePeer.Mode mode, String violation) throws Exception {
    Run run = download(mode, Map.of());
    run.awaitClosedByDownloader("the downloader closed the connection");
    assertFalse(run.lost().isEmpty(), "the peer was dropped");
    assertEquals(0, run.stat().bytes(), "nothing from it was used");
    assertTrue(run.retried().stream().anyMatch(r -> r.reason().contains(violation)),
        "the violation is named: " + run.retried() + "; all events: " + run.events());
  }

  @Test
  void peerThatSendsTheWrongChunkIsDisconnected() throws Exception {
    assertDisconnectedNaming(HostilePeer.Mode.WRONG_INDEX, "when chunk");
  }

  @Test
  void peerThatSendsAChunkOfAnotherFileIsDisconnected() throws Exception {
    assertDisconnectedNaming(HostilePeer.Mode.WRONG_FILE, "sent a chunk of file");
  }

  /**
   * The first bad reply on a connection answers the head of its request queue. Its requester must
   * hear of the violation too, not only the requests queued behind it: otherwise that chunk waits
   * out the whole request timeout (here far longer than the download) before it is retried.
   */
  @Test
  void chunkAnsweredWithAnotherFilesChunkInOneWriteIsRetriedAtOnce() throws Exception {
    long start = System.nanoTime();
    Run run = download(HostilePeer.Mode.WRONG_FILE, true, Map.of("p2p.request-timeout", "40s"));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    run.awaitClosedByDownloader("the downloader closed the connection");
    int head = run.bad().requestedChunks().get(0);
    assertTrue(run.retried().stream().anyMatch(r -> r.chunkIndex() == head
            && r.reason().contains("sent a chunk of file")),
        "chunk " + head + " (answered with another file's chunk) was retried naming why: "
            + run.retried());
    assertTrue(took.compareTo(Duration.ofSeconds(20)) < 0, "done well before the 40 s timeout: " + took);
  }
}
