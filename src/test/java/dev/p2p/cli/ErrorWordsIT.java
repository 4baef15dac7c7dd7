package dev.p2p.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.p2p.testing.SwarmFixture;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Failures of the disk said in words, through the CLI, not as a bare path. */
class ErrorWordsIT {
  @RegisterExtension static final SwarmFixture swarm = new SwarmFixture();

  /**
   * A folder nobody may create files in: /sys refuses even root (the suite runs as root in CI,
   * where a chmod'ed folder would not refuse anything).
   */
  private static final Path REFUSING = Path.of("/sys");

  private static boolean refusesFiles(Path dir) {
    try {
      Files.delete(Files.createTempFile(dir, "probe", ".tmp"));
      return false;
    } catch (AccessDeniedException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void aFolderThatRefusesTheDownloadSaysPermissionDenied() throws Exception {
    assumeTrue(refusesFiles(REFUSING), REFUSING + " accepts files on this machine");
    SwarmFixture.Seeder s = swarm.seeder("seeder", swarm.file("doc.bin", 5000, 3), Map.of());
    Captured r = Captured.run("get", s.manifest().id().hex(), "--tracker",
        "127.0.0.1:" + swarm.trackerAddress().getPort(), "--out", REFUSING.toString(), "--no-progress");
    assertEquals(6, r.code(), r.err());
    String last = r.err().strip().lines().reduce((a, b) -> b).orElse("");
    assertTrue(last.startsWith("error: cannot write to /sys") && last.endsWith(": permission denied"), r.err());
  }
}
