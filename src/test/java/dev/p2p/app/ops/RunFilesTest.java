package dev.p2p.app.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The status files by which {@code p2p status} finds running processes. */
class RunFilesTest {
  @TempDir Path state;

  @Test
  void aLiveProcessesFileIsReadableByTheUserOnlyAndFound() throws Exception {
    RunFiles files = RunFiles.in(state.toString()).orElseThrow();
    RunFiles.Entry me = new RunFiles.Entry(ProcessHandle.current().pid(), "node", "127.0.0.1", 41234, "t0k3n");
    Path f = files.write(me);
    assertEquals(state.resolve("run/node-41234.json"), f);
    assertEquals(List.of(me), files.live());
    assertEquals("http://127.0.0.1:41234", me.url());
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
  }

  @Test
  void aDeadProcessesFileIsDeletedAndForeignOrHugeFilesAreSkipped() throws Exception {
    RunFiles files = RunFiles.in(state.toString()).orElseThrow();
    // A child that has exited: its pid is not alive any more.
    Process gone = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
        .redirectErrorStream(true).start();
    gone.getInputStream().readAllBytes();
    gone.waitFor();
    Path dead = files.write(new RunFiles.Entry(gone.pid(), "node", "127.0.0.1", 1, "x"));
    Files.writeString(state.resolve("run/garbage.json"), "{not json");
    Files.writeString(state.resolve("run/huge.json"), "{\"pid\":" + ProcessHandle.current().pid()
        + ",\"role\":\"node\",\"host\":\"127.0.0.1\",\"port\":2,\"token\":\"" + "x".repeat(RunFiles.MAX_FILE_BYTES) + "\"}");
    assertEquals(List.of(), files.live());
    assertFalse(Files.exists(dead));
    assertEquals(Optional.empty(), RunFiles.in(""));
  }
}
