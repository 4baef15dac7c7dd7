package dev.p2p.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.p2p.storage.Hashing;
import dev.p2p.testing.OriginalFrames;
import dev.p2p.testing.OriginalTracker;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code p2p share FILE --wire seed} in its own JVM against a fake of the original's tracker:
 * it registers as the original's client does (REGISTER, then ANNOUNCE started, host from
 * --host), serves the original's chunk requests, and on SIGTERM announces stopped and
 * unregisters.
 */
class LegacyShareIT {
  static final Duration WAIT = Duration.ofSeconds(60);
  static final int K256 = 256 * 1024;

  @TempDir Path dir;

  @Test
  void registersLikeTheOriginalServesItsDownloadersAndWithdrawsOnExit() throws Exception {
    byte[] data = new byte[2 * K256 + 77];
    new Random(9).nextBytes(data);
    Path file = Files.write(dir.resolve("song.ogg"), data);
    String full = Hashing.fileId(file, x -> {}).hex();
    String shortId = full.substring(0, 16);
    try (OriginalTracker tracker = OriginalTracker.start()) {
      // 127.0.0.2 is loopback too: the host registered must be --host's, not a default.
      ChildP2p share = ChildP2p.start(dir, "share-seed", List.of("-Dp2p.state-dir=" + dir.resolve("state")),
          "share", file.toString(), "--wire", "seed", "--tracker", tracker.hostPort(),
          "--host", "127.0.0.2", "--port", "0");
      try {
        JsonNode register = tracker.await(m -> m.path("type").asText().equals("REGISTER"), WAIT);
        int port = register.get("port").asInt();
        String peerId = register.get("peer_id").asText();
        assertEquals("{\"type\":\"REGISTER\",\"file_id\":\"" + shortId + "\",\"filename\":\"song.ogg\","
            + "\"num_chunks\":3,\"peer_id\":\"" + peerId + "\",\"host\":\"127.0.0.2\",\"port\":" + port + "}",
            register.toString());
        assertEquals(20, peerId.length(), "the original's peer ID length");
        JsonNode started = tracker.await(m -> m.path("event").asText().equals("started"), WAIT);
        assertEquals("{\"type\":\"ANNOUNCE\",\"event\":\"started\",\"info_hash\":\"" + shortId + "\","
            + "\"peer_id\":\"" + peerId + "\",\"host\":\"127.0.0.2\",\"port\":" + port
            + ",\"filename\":\"song.ogg\",\"num_chunks\":3}", started.toString());
        assertTrue(tracker.received().indexOf(register) < tracker.received().indexOf(started));

        OriginalFrames.ChunkAnswer chunk2 = OriginalFrames.askChunk(new InetSocketAddress("127.0.0.2", port), shortId, 2);
        assertEquals("success", chunk2.header().get("status").asText(), chunk2.header().toString());
        assertArrayEquals(Arrays.copyOfRange(data, 2 * K256, data.length), chunk2.data(), "the chunk, then the close");
        assertTrue(share.stdout().startsWith(full + "  song.ogg\n"), share.stdout());
        assertTrue(share.stderr().contains(shortId), share.stderr());

        share.process().destroy();
        assertTrue(share.process().waitFor(60, TimeUnit.SECONDS));
        JsonNode stopped = tracker.await(m -> m.path("event").asText().equals("stopped"), WAIT);
        assertEquals("{\"type\":\"ANNOUNCE\",\"event\":\"stopped\",\"info_hash\":\"" + shortId
            + "\",\"peer_id\":\"" + peerId + "\"}", stopped.toString());
        JsonNode unregister = tracker.await(m -> m.path("type").asText().equals("UNREGISTER"), WAIT);
        assertEquals("{\"type\":\"UNREGISTER\",\"file_id\":\"" + shortId + "\",\"peer_id\":\"" + peerId + "\"}",
            unregister.toString());
      } finally {
        share.process().destroy();
        share.process().waitFor(30, TimeUnit.SECONDS);
      }
    }
  }
}
