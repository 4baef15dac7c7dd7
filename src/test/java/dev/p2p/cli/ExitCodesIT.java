package dev.p2p.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.testing.SwarmFixture;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** README's table of exit codes, one failure of each kind, through the CLI as a script sees it. */
class ExitCodesIT {
  @RegisterExtension static final SwarmFixture swarm = new SwarmFixture();

  private static Captured get(String id, String tracker, Path out) {
    return Captured.run("get", id, "--tracker", tracker, "--out", out.toString(), "--no-progress");
  }

  private static String tracker() {
    return "127.0.0.1:" + swarm.trackerAddress().getPort();
  }

  @Test
  void aFileTheTrackerDoesNotKnowIs3() {
    Captured r = get("ab".repeat(32), tracker(), swarm.dir("unknown"));
    assertEquals(3, r.code(), r.err());
    assertTrue(r.err().startsWith("error: unknown file"), r.err());
  }

  @Test
  void aDownloadFolderThatCannotBeWrittenIs6() throws Exception {
    SwarmFixture.Seeder s = swarm.seeder("seeder", swarm.file("doc.bin", 5000, 3), Map.of());
    Path notAFolder = swarm.dir().resolve("a-plain-file");
    Files.writeString(notAFolder, "x");
    Captured r = get(s.manifest().id().hex(), tracker(), notAFolder);
    assertEquals(6, r.code(), r.err());
    assertTrue(r.err().startsWith("error: cannot write to "), r.err());
  }

  @Test
  void aTrackerNobodyAnswersOnIs7() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    Captured r = get("cd".repeat(32), "127.0.0.1:" + closed, swarm.dir("down"));
    assertEquals(7, r.code(), r.err());
    // It said what it was waiting for, each time, before giving up.
    assertTrue(r.err().lines().filter(l -> l.startsWith("waiting: ")).count() >= 2, r.err());
    assertTrue(r.err().strip().lines().reduce((a, b) -> b).orElse("").startsWith("error: "), r.err());
  }

  @Test
  void theTableIsInTheHelpOfPtwopAndOfGet() {
    for (String[] help : new String[][] {{"--help"}, {"get", "--help"}}) {
      Captured r = Captured.run(help);
      assertEquals(0, r.code());
      String flat = r.out().replaceAll("\\s+", " ");
      assertTrue(flat.contains("Exit codes: 0 done; 1 failed (other); 2 usage; 3 not found on the tracker; 4 no peer"
          + " could deliver; 5 data does not match its ID; 6 disk or permission; 7 tracker unreachable;"
          + " 130 interrupted (Ctrl-C)."), r.out());
    }
  }

  @Test
  void badUsageIs2() {
    assertEquals(2, Captured.run("get", "--no-such-flag").code());
  }
}
