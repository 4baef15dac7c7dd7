package dev.p2p.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bare {@code p2p} (no command) on a first run: nothing downloaded yet, so nothing to serve. */
class BareRunTest {
  @TempDir Path dir;

  private Captured bareRunWithDownloadDir(Path downloads) {
    // ConfigFactory.load() caches the system properties: invalidate around the override.
    System.setProperty("p2p.download-dir", downloads.toString());
    ConfigFactory.invalidateCaches();
    try {
      return Captured.run();
    } finally {
      System.clearProperty("p2p.download-dir");
      ConfigFactory.invalidateCaches();
    }
  }

  @Test
  void saysWhatItWouldServeAndHowToBeginInsteadOfAnError() throws Exception {
    for (Path downloads : new Path[] {dir.resolve("downloads"), Files.createDirectory(dir.resolve("empty"))}) {
      Captured r = bareRunWithDownloadDir(downloads);
      assertEquals(0, r.code(), r.err());
      assertTrue(r.err().contains("serve the files in " + downloads.toAbsolutePath()), r.err());
      assertTrue(r.err().contains("p2p.role = peer"), r.err());
      assertTrue(r.err().contains("'p2p --help'"), r.err());
      assertFalse(r.err().contains("error"), r.err());
      assertEquals("", r.out());
    }
  }
}
