package dev.p2p.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.testing.SwarmFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code p2p get <16-hex ID>} against our own tracker and one of our nodes, both speaking the
 * original's protocol beside ours: the short ID of a file shared with another chunk size is
 * found, served in 256 KiB pieces and checked.
 */
class OurTrackerLegacyGetIT {
  @RegisterExtension static final SwarmFixture swarm = new SwarmFixture();
  static final int K256 = 256 * 1024;

  @Test
  void downloadsThroughOurTrackerFromOneOfOurPeersByItsShortId() throws Exception {
    Path file = swarm.file("ours.bin", 3 * K256 + 9, 4);
    SwarmFixture.Seeder s = swarm.seeder("seed", file, Map.of("p2p.chunk-size", 65536));
    Path out = swarm.dir("dl");
    Captured r = Captured.run("get", s.manifest().id().legacyId(), "--tracker",
        "127.0.0.1:" + swarm.trackerAddress().getPort(), "--out", out.toString(), "--no-progress");
    assertEquals(0, r.code(), r.err());
    assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(Path.of(r.out().strip())));
    assertTrue(r.err().contains("its full ID is " + s.manifest().id().hex()), r.err());
  }
}
