package dev.p2p.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.p2p.app.AppSettings;
import dev.p2p.app.LegacyPeer;
import dev.p2p.storage.Hashing;
import dev.p2p.storage.ManifestCache;
import dev.p2p.testing.OriginalPeer;
import dev.p2p.testing.OriginalTracker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code p2p get <16-hex ID>} in-process against fakes of the original's tracker and peers over
 * real TCP: a download from original peers, from a mixed swarm with one peer dying mid-way, and
 * from peers that lie or announce more than a chunk (refused, nothing saved).
 */
class LegacyGetIT {
  static final ActorTestKit kit = ActorTestKit.create();
  static final int K256 = OriginalPeer.CHUNK;

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  @TempDir Path dir;
  OriginalTracker tracker;
  Path out;

  @BeforeEach
  void start() throws Exception {
    tracker = OriginalTracker.start();
    out = dir.resolve("dl");
  }

  @AfterEach
  void stop() throws Exception {
    tracker.close();
  }

  static byte[] bytes(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private Captured get(String shortId, String... more) {
    List<String> args = new ArrayList<>(List.of("get", shortId, "--tracker", tracker.hostPort(),
        "--out", out.toString(), "--no-progress"));
    args.addAll(List.of(more));
    return Captured.run(args.toArray(String[]::new));
  }

  private List<Path> filesIn(Path d) throws Exception {
    if (!Files.isDirectory(d)) return List.of();
    try (Stream<Path> s = Files.list(d)) {
      return s.toList();
    }
  }

  @Test
  void downloadsFromAnOriginalPeerThroughTheOriginalTrackerAndSaysItIsWeaklyVerified() throws Exception {
    byte[] data = bytes(3 * K256 + 123, 1);
    try (OriginalPeer peer = OriginalPeer.serve(data, OriginalPeer.Mode.HONEST)) {
      tracker.add(peer.fileId(), "holiday.bin", 4, "127.0.0.1", peer.port(), "-MT0001-0123456789ab");
      Captured r = get(peer.fileId().toUpperCase());
      assertEquals(0, r.code(), r.err());
      Path saved = Path.of(r.out().strip());
      assertEquals(out.resolve("holiday.bin").toAbsolutePath(), saved.toAbsolutePath());
      assertArrayEquals(data, Files.readAllBytes(saved));
      assertEquals(List.of(saved.getFileName()), filesIn(out).stream().map(Path::getFileName).toList(),
          "no partial file left");
      String full = Hashing.fileId(saved, x -> {}).hex();
      List<String> weak = r.err().lines().filter(l -> l.startsWith("weakly verified:")).toList();
      assertEquals(1, weak.size(), r.err());
      assertTrue(weak.get(0).contains("64 bits") && weak.get(0).contains(full), weak.get(0));
      JsonNode query = tracker.received().get(0);
      assertEquals("{\"type\":\"QUERY\",\"file_id\":\"" + peer.fileId() + "\"}", query.toString());
      assertEquals(4, peer.requests(), "one connection per chunk, each chunk once");
    }
  }

  @Test
  void aMixedSwarmFinishesWhenTheOriginalPeerDiesMidway() throws Exception {
    byte[] data = bytes(8 * K256, 2);
    Path file = Files.write(dir.resolve("mixed.bin"), data);
    try (OriginalPeer original = OriginalPeer.serve(data, OriginalPeer.Mode.HONEST)) {
      original.dieAfter(2);
      tracker.add(original.fileId(), "mixed.bin", 8, "127.0.0.1", original.port(), "-MT0001-aaaaaaaaaaaa");
      // One of ours, chunk size 64 KiB, registered by its own REGISTER / ANNOUNCE started.
      AppSettings ours = AppSettings.load(Map.of("p2p.peer.port", 0, "p2p.tracker.port", tracker.address().getPort(),
          "p2p.state-dir", "", "p2p.chunk-size", 65536, "p2p.manifest-cache", ""));
      LegacyPeer seeder = LegacyPeer.seed(kit.system(), ours, List.of(file),
          ManifestCache.none(), e -> {}).toCompletableFuture().get(30, TimeUnit.SECONDS);
      try {
        Captured r = get(original.fileId(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode summary = new ObjectMapper().readTree(r.out());
        assertArrayEquals(data, Files.readAllBytes(Path.of(summary.get("path").asText())));
        assertTrue(summary.get("weakly_verified").asBoolean());
        long fromOriginal = 0;
        long fromOurs = 0;
        for (JsonNode p : summary.get("peers")) {
          if (p.get("peer").asText().endsWith(":" + original.port())) fromOriginal = p.get("bytes").asLong();
          else fromOurs = p.get("bytes").asLong();
        }
        assertEquals(2L * K256, fromOriginal, "the original served two chunks, then died");
        assertEquals(6L * K256, fromOurs, "ours served the rest, the retried chunks included");
      } finally {
        seeder.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void theTrackersNameIsMadeSafeAndNeverReplacesAFile() throws Exception {
    byte[] data = bytes(1000, 5);
    Files.createDirectories(out);
    Files.writeString(out.resolve("evil.sh"), "mine");
    try (OriginalPeer peer = OriginalPeer.serve(data, OriginalPeer.Mode.HONEST)) {
      tracker.add(peer.fileId(), "../../evil.sh", 1, "127.0.0.1", peer.port(), "-MT0001-eeeeeeeeeeee");
      Captured r = get(peer.fileId());
      assertEquals(0, r.code(), r.err());
      Path saved = Path.of(r.out().strip());
      assertEquals(out.resolve("evil (1).sh").toAbsolutePath(), saved.toAbsolutePath());
      assertArrayEquals(data, Files.readAllBytes(saved));
      assertEquals("mine", Files.readString(out.resolve("evil.sh")));
      assertTrue(r.err().contains("evil.sh already exists and was left alone; saved as " + saved), r.err());
    }
  }

  @Test
  void aLyingPeerFailsTheFinalCheckAndNothingIsSaved() throws Exception {
    byte[] data = bytes(2 * K256 + 5, 3);
    try (OriginalPeer liar = OriginalPeer.serve(data, OriginalPeer.Mode.LYING)) {
      tracker.add(liar.fileId(), "report.pdf", 3, "127.0.0.1", liar.port(), "-MT0001-bbbbbbbbbbbb");
      Captured r = get(liar.fileId());
      assertEquals(5, r.code(), r.err());
      assertEquals(1, r.err().lines().count(), r.err());
      assertTrue(r.err().startsWith("error: the downloaded data's SHA-256 "), r.err());
      assertTrue(r.err().contains("does not start with the ID " + liar.fileId()), r.err());
      assertEquals(List.of(), filesIn(out), "no final file, no partial file");
    }
  }

  @ParameterizedTest
  @EnumSource(value = OriginalPeer.Mode.class, names = {"HUGE_CHUNK_SIZE", "HUGE_FRAME"})
  void anAnswerBeyondItsBoundsIsRefusedBeforeItIsRead(OriginalPeer.Mode mode) throws Exception {
    byte[] data = bytes(K256, 4);
    try (OriginalPeer peer = OriginalPeer.serve(data, mode)) {
      tracker.add(peer.fileId(), "big.bin", 1, "127.0.0.1", peer.port(), "-MT0001-cccccccccccc");
      long t0 = System.nanoTime();
      Captured r = get(peer.fileId());
      assertEquals(4, r.code(), r.err());
      assertEquals(1, r.err().lines().count(), r.err());
      assertTrue(r.err().contains(mode == OriginalPeer.Mode.HUGE_CHUNK_SIZE
          ? "chunk_size must be 0..262144, not 1073741824" : "more than the 4096 accepted"), r.err());
      assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(30), "refused at the header, not read to the end");
      assertEquals(List.of(), filesIn(out));
    }
  }

  @Test
  void aTrackerOrEveryPeerDownIsOneLine() throws Exception {
    String at = tracker.hostPort();
    tracker.add("00000000000000ff", "gone.bin", 1, "127.0.0.1", 1, "-MT0001-dddddddddddd");
    Captured r = get("00000000000000FF");
    assertEquals(4, r.code(), r.err());
    assertTrue(r.err().startsWith("error: every peer failed; last: 127.0.0.1:1: "), r.err());
    tracker.close();
    Captured down = get("00000000000000ff");
    assertEquals(7, down.code(), down.err());
    assertEquals(1, down.err().lines().count(), down.err());
    assertTrue(down.err().startsWith("error: tracker " + at + ": Connection refused"), down.err());
  }

  @Test
  void aFileTheTrackerKnowsNoSizeOfIsOneLineAndLeavesNothing() throws Exception {
    // The original's tracker lists a file announced (ANNOUNCE started) without num_chunks as 0.
    tracker.add("00000000000000ee", "sizeless.bin", 0, "127.0.0.1", 1, "-MT0001-eeeeeeeeeeee");
    Captured r = get("00000000000000ee");
    assertEquals(1, r.code());
    assertEquals("error: tracker " + tracker.hostPort() + " does not know the size of 00000000000000ee"
        + " (0 chunks): nothing to download", r.err().strip());
    assertEquals(List.of(), filesIn(out));
  }

  @Test
  void anUnknownIdIsTheTrackersAnswerInOneLine() throws Exception {
    Captured r = get("0123456789abcdef");
    assertEquals(3, r.code(), r.err());
    assertEquals("error: unknown file 0123456789abcdef at tracker " + tracker.hostPort()
        + " (File 0123456789abcdef not found)", r.err().strip());
  }
}
