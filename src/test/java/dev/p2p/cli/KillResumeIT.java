package dev.p2p.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import dev.p2p.app.LocalSwarm;
import dev.p2p.app.LocalPeer;
import dev.p2p.storage.Hashing;
import dev.p2p.storage.Manifest;
import dev.p2p.storage.PartialFile;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code p2p get} in its own JVM is killed with SIGKILL half-way, then run again: the second run
 * resumes from the verified chunks on disk and fetches only the rest.
 */
class KillResumeIT {
  static final ActorTestKit testKit = ActorTestKit.create();
  static final Config config = testKit.system().settings().config();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private static Process get(Manifest m, int trackerPort, Path out, Path log) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        // A short-lived CLI: the C1 compiler alone and a serial GC start it about twice as fast.
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"), "dev.p2p.cli.Main",
        "get", m.id().hex(), "--tracker", "127.0.0.1:" + trackerPort, "--out", out.toString(),
        "--port", "0", "--no-progress", "--json"));
    return new ProcessBuilder(cmd).redirectOutput(log.toFile())
        .redirectError(new File(log + ".err")).start();
  }

  private static int chunksOnDisk(Path bitmap) throws Exception {
    if (!Files.exists(bitmap)) return 0;
    int n = 0;
    for (byte b : Files.readAllBytes(bitmap)) n += b == 1 ? 1 : 0;
    return n;
  }

  @Test
  void killedDownloadResumesAndFetchesOnlyTheMissingChunks(@TempDir Path dir) throws Exception {
    byte[] data = new byte[2 * 1024 * 1024];
    new Random(9).nextBytes(data);
    Path src = dir.resolve("video.bin");
    Files.write(src, data);
    Path out = dir.resolve("out");
    try (LocalSwarm swarm = LocalSwarm.start(testKit.system(), config)) {
      // 1 MiB/s: the whole file takes about 2 s, so there is time to kill the first run.
      LocalPeer seeder = swarm.addPeer(dir.resolve("seed"), Map.of("p2p.chunk-size", 32 * 1024,
          "p2p.upload-limit", 1024 * 1024));
      Manifest m = seeder.share(src).toCompletableFuture().get(20, TimeUnit.SECONDS);
      int port = swarm.tracker().address().getPort();
      Path bitmap = PartialFile.bitmapPathFor(out, m.id());

      Process first = get(m, port, out, dir.resolve("first.log"));
      int before;
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (chunksOnDisk(bitmap) < m.numChunks() / 8) {
          if (!first.isAlive()) fail("the first run ended early: " + Files.readString(dir.resolve("first.log.err")));
          if (System.nanoTime() > deadline) fail("the first run wrote no chunks within 30 s");
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
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
}
