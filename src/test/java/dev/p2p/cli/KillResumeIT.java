package dev.p2p.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.p2p.storage.Hashing;
import dev.p2p.storage.Manifest;
import dev.p2p.storage.PartialFile;
import dev.p2p.testing.SwarmFixture;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code p2p get} in its own JVM is killed with SIGKILL half-way, then run again: the second run
 * resumes from the verified chunks on disk and fetches only the rest.
 */
class KillResumeIT {
  @RegisterExtension static final SwarmFixture swarm = new SwarmFixture();

  private static Process get(Manifest m, int trackerPort, Path out, Path log) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        // A short-lived CLI: the C1 compiler alone and a serial GC start it about twice as fast.
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        // Tests never touch the real ~/.p2p (identity, state.db).
        "-Dp2p.state-dir=",
        "-cp", System.getProperty("java.class.path"), "dev.p2p.cli.Main",
        "get", m.id().hex(), "--tracker", "127.0.0.1:" + trackerPort, "--out", out.toString(),
        "--port", "0", "--no-progress", "--json"));
    return new ProcessBuilder(cmd).redirectOutput(log.toFile())
        .redirectError(new File(log + ".err")).start();
  }

  private static String err(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no " + log + ": " + e + ")";
    }
  }

  private static int chunksOnDisk(Path bitmap) throws Exception {
    if (!Files.exists(bitmap)) return 0;
    int n = 0;
    for (byte b : Files.readAllBytes(bitmap)) n += b == 1 ? 1 : 0;
    return n;
  }

  @Test
  void killedDownloadResumesAndFetchesOnlyTheMissingChunks() throws Exception {
    Path dir = swarm.dir();
    Path src = swarm.file("video.bin", 2 * 1024 * 1024, 9);
    Path out = dir.resolve("out");
    // 1 MiB/s: the whole file takes about 2 s, so there is time to kill the first run.
    Manifest m = swarm.seeder("seed", src, Map.of("p2p.chunk-size", 32 * 1024,
        "p2p.upload-limit", 1024 * 1024)).manifest();
    int port = swarm.trackerAddress().getPort();
    Path bitmap = PartialFile.bitmapPathFor(out, m.id());

    Process first = get(m, port, out, dir.resolve("first.log"));
    int before;
    try {
      swarm.eventually(Duration.ofSeconds(30), () -> {
        assertTrue(first.isAlive(), () -> "the first run ended early: " + err(dir.resolve("first.log.err")));
        assertTrue(chunksOnDisk(bitmap) >= m.numChunks() / 8, "the first run wrote no chunks within 30 s");
      });
    } finally {
      first.destroyForcibly(); // SIGKILL: no shutdown hook, no clean close
      assertTrue(first.waitFor(10, TimeUnit.SECONDS));
    }
    before = chunksOnDisk(bitmap);
    assertTrue(before < m.numChunks(), "killed before the end: " + before);
    assertTrue(Files.list(out).noneMatch(p -> p.getFileName().toString().equals("video.bin")));

    Process second = get(m, port, out, dir.resolve("second.log"));
    try {
      assertTrue(second.waitFor(60, TimeUnit.SECONDS), "the second run finished");
    } finally {
      second.destroyForcibly();
    }
    assertEquals(0, second.exitValue(), Files.readString(dir.resolve("second.log.err")));
    JsonNode summary = new ObjectMapper().readTree(Files.readString(dir.resolve("second.log")));
    Path file = Path.of(summary.get("path").asText());
    assertEquals(out.resolve("video.bin").toAbsolutePath(), file.toAbsolutePath());
    assertEquals(m.id(), Hashing.fileId(file, x -> {}), "the resumed file verifies");
    long fetched = 0;
    for (JsonNode p : summary.get("peers")) fetched += p.get("bytes").asLong();
    assertTrue(fetched < m.size(), "the second run fetched only what was missing: " + fetched);
    assertTrue(fetched <= m.size() - (long) before * m.chunkSize() + m.chunkSize() * 4L,
        "at most the chunks missing at the kill (plus end-game duplicates): " + fetched
            + " bytes, " + before + " chunks were on disk");
  }
}
