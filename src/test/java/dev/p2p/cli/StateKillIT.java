package dev.p2p.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.p2p.state.StateStore;
import dev.p2p.storage.Hashing;
import dev.p2p.storage.Manifest;
import dev.p2p.storage.PartialFile;
import dev.p2p.testing.SwarmFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A bare {@code p2p} (the long-running peer) takes up the shares and the unfinished download its
 * state holds, is killed with SIGKILL half-way, and started again: the second run shares both
 * files without hashing them, resumes the download and completes it, and {@code p2p history}
 * lists it with the totals of both runs.
 */
class StateKillIT {
  @RegisterExtension static final SwarmFixture swarm = new SwarmFixture();
  static final int CHUNK = 32 * 1024;

  /** The downloaded total committed to {@code state}, as {@code p2p history --json} reads it. */
  private static long downloaded(Path state) throws Exception {
    Captured h = Captured.run("history", "--json", "--state-dir", state.toString());
    assertEquals(0, h.code(), h.err());
    return new ObjectMapper().readTree(h.out()).get("totals").get("downloaded").asLong();
  }

  @Test
  void aKilledPeerComesBackWithItsSharesAndFinishesItsDownload() throws Exception {
    Path state = swarm.dir("state");
    Path out = swarm.dir("out");
    // 2 MiB at 512 KiB/s: about 4 s, time enough to kill the first run half-way.
    Path big = swarm.file("big.bin", 2 * 1024 * 1024, 7);
    Manifest bigM = swarm.seeder("seed", big, Map.of("p2p.chunk-size", CHUNK, "p2p.upload-limit", 512 * 1024)).manifest();
    Path one = swarm.file("one.bin", 100_000, 1);
    Path two = swarm.file("two.bin", 200_000, 2);
    // What a window that shared two files and began a download left behind.
    try (StateStore s = StateStore.open(state)) {
      for (Path f : List.of(one, two)) {
        Manifest m = Hashing.manifest(f, f.getFileName().toString(), CHUNK, n -> {});
        s.putShare(new StateStore.Share(m.id(), f, m.name(), m.size(), Optional.empty()));
      }
      s.putDownload(new StateStore.Download(bigM.id(), out, "", Optional.empty(), Instant.now()));
    }
    List<String> props = List.of("-Dp2p.state-dir=" + state, "-Dp2p.download-dir=" + swarm.dir("served"),
        "-Dp2p.tracker.port=" + swarm.trackerAddress().getPort(), "-Dp2p.peer.port=0", "-Dp2p.chunk-size=" + CHUNK);
    Path bitmap = PartialFile.bitmapPathFor(out, bigM.id());

    ChildP2p first = ChildP2p.start(swarm.dir(), "first", props);
    try {
      // Until the first run has committed some of its counts: read by another process, as here.
      swarm.eventually(Duration.ofSeconds(40), () -> {
        assertTrue(first.process().isAlive(), () -> "the first run ended: " + first.stderr());
        assertTrue(SwarmFixture.chunksOnDisk(bitmap) >= 8, "no chunks yet: " + first.stderr());
        assertTrue(downloaded(state) > 0, "nothing committed yet");
      });
    } finally {
      first.process().destroyForcibly(); // SIGKILL: no shutdown hook, nothing flushed on the way out
      assertTrue(first.process().waitFor(10, TimeUnit.SECONDS));
    }
    assertTrue(first.stderr().contains("2 file(s) shared again (2 hashed), 1 download(s) resumed"), first.stderr());
    int before = SwarmFixture.chunksOnDisk(bitmap);
    long committed = downloaded(state);
    assertTrue(before < bigM.numChunks(), "killed half-way: " + before);

    ChildP2p again = ChildP2p.start(swarm.dir(), "again", props);
    try {
      swarm.eventually(SwarmFixture.TIMEOUT, () -> {
        assertTrue(again.process().isAlive(), () -> "the second run ended: " + again.stderr());
        assertTrue(Files.exists(out.resolve("big.bin")), "not done yet: " + again.stderr());
      });
      assertTrue(again.stderr().contains("2 file(s) shared again (0 hashed), 1 download(s) resumed"), again.stderr());
      assertArrayEquals(Files.readAllBytes(big), Files.readAllBytes(out.resolve("big.bin")));

      // `p2p history` reads the state while the node runs (another process, as here).
      swarm.eventually(Duration.ofSeconds(20), () -> {
        Captured h = Captured.run("history", "--json", "--state-dir", state.toString());
        assertEquals(0, h.code(), h.err());
        JsonNode j = new ObjectMapper().readTree(h.out());
        assertEquals(bigM.id().hex(), j.get("history").get(0).get("file_id").asText(), h.out());
        assertTrue(j.get("history").get(0).get("completed").asBoolean(), h.out());
        // What the first run had committed before the kill (its last second dies with it), and
        // the second run's chunks.
        long downloaded = j.get("totals").get("downloaded").asLong();
        assertTrue(downloaded >= committed + bigM.size() - (long) before * CHUNK, committed + " " + h.out());
      });
    } finally {
      again.process().destroyForcibly();
      again.process().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
