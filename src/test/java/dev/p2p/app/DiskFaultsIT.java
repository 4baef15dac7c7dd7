package dev.p2p.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.storage.Manifest;
import dev.p2p.storage.PartialFile;
import dev.p2p.testing.SwarmFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Downloads into a real full disk and a real read-only one: small tmpfs mounts. Needs root (or
 * CAP_SYS_ADMIN); elsewhere the tests are skipped and say why.
 */
class DiskFaultsIT {
  @RegisterExtension static final SwarmFixture swarm = new SwarmFixture();

  private Path mounted;

  @AfterEach
  void unmount() throws Exception {
    if (mounted != null) run("umount", "-l", mounted.toString());
  }

  private static String run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return "timed out";
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + out;
  }

  /** Mounts a tmpfs with {@code options} on {@code dir}, or skips the test saying why not. */
  private void mountTmpfs(Path dir, String options) throws Exception {
    Files.createDirectories(dir);
    String failure;
    try {
      failure = run("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir.toString());
    } catch (IOException e) {
      failure = e.getMessage();
    }
    if (failure != null) {
      String why = "cannot mount a tmpfs (" + failure + "); needs root";
      System.err.println("DiskFaultsIT skipped: " + why);
      Assumptions.abort(why);
    }
    mounted = dir;
  }

  private static Manifest seed(int size) throws Exception {
    Path src = swarm.file("big.bin", size, 8);
    return swarm.seeder("seed", src, Map.of("p2p.chunk-size", 64 * 1024)).manifest();
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static String failure(LocalPeer d, Manifest m, Path out) throws Exception {
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> d.download(m.id(), out).toCompletableFuture().get(30, TimeUnit.SECONDS));
    return e.getCause().getMessage();
  }

  @Test
  void diskFullFailsClearlyKeepsThePartialDataAndMakesNoFile() throws Exception {
    Path out = swarm.dir("small-disk");
    mountTmpfs(out, "size=2m");
    Manifest m = seed(4 * 1024 * 1024);
    LocalPeer d = swarm.peer("d");
    String why = failure(d, m, out);

    assertTrue(why.contains("No space left on device"), why);
    assertTrue(why.contains("partial download is kept"), why);
    assertEquals(List.of("." + m.id().hex() + ".bitmap", "." + m.id().hex() + ".part"), names(out),
        "no file under the final name, the partial data kept");
    byte[] marks = Files.readAllBytes(PartialFile.bitmapPathFor(out, m.id()));
    int done = 0;
    for (byte b : marks) done += b;
    assertTrue(done > 0 && done < m.numChunks(), "some verified chunks are kept for a resume: " + done);
  }

  @Test
  void readOnlyDownloadFolderFailsClearly() throws Exception {
    Path out = swarm.dir("read-only");
    mountTmpfs(out, "size=1m,ro");
    Manifest m = seed(200_000);
    LocalPeer d = swarm.peer("d");
    String why = failure(d, m, out);
    assertTrue(why.contains("cannot write to " + out.toAbsolutePath()), why);
    assertTrue(why.contains("Read-only file system"), why);
    assertFalse(why.contains("java."), "a message for people, not a class name: " + why);
    assertFalse(Files.exists(out.resolve("big.bin")));
  }
}
