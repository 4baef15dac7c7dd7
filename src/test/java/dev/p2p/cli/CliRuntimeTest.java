package dev.p2p.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.storage.Hashing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliRuntimeTest {
  @TempDir Path dir;

  @Test
  void anExitingGetDoesNotWaitForAStopThatNeverEnds() {
    CliRuntime rt = new CliRuntime(Map.of());
    long t0 = System.nanoTime();
    rt.leaveQuickly(new CompletableFuture<>()); // a tracker that never answers the UNREGISTER
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(ms < CliRuntime.LEAVE_CAP_MS + CliRuntime.TERMINATE_CAP_MS + 1000, ms + " ms");
    assertTrue(rt.system.whenTerminated().isCompleted(), "the actor system has ended");
    assertTrue(CliRuntime.haltRequested(), "Main.main halts instead of running the shutdown hooks");
  }

  @Test
  void theManifestCacheIsInTheStateFolderOrNone() throws Exception {
    Path f = Files.write(dir.resolve("f.bin"), new byte[2000]);
    var m = Hashing.manifest(f, "f.bin", 1024, n -> {});
    // The tests' JVM turns the cache off (-Dp2p.manifest-cache=): this one turns it on.
    CliRuntime on = new CliRuntime(Map.of("p2p.state-dir", dir.resolve("state").toString(),
        "p2p.manifest-cache", "on"));
    CliRuntime off = new CliRuntime(Map.of("p2p.state-dir", ""));
    CliRuntime cacheOff = new CliRuntime(Map.of("p2p.state-dir", dir.resolve("state").toString(),
        "p2p.manifest-cache", ""));
    try {
      on.manifestCache().record(f, m, Files.getLastModifiedTime(f));
      assertTrue(on.manifestCache().lookup(f).isPresent());
      assertFalse(off.manifestCache().lookup(f).isPresent());
      assertFalse(cacheOff.manifestCache().lookup(f).isPresent(), "-Dp2p.manifest-cache= turns it off");
      assertTrue(Files.isRegularFile(dir.resolve("state/state.db")), "kept in the state file");
    } finally {
      on.terminate();
      off.terminate();
      cacheOff.terminate();
    }
  }
}
