package dev.p2p.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.p2p.storage.Hashing;
import dev.p2p.testing.SwarmFixture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A newcomer's first hour, from the outside: {@code p2p} in its own JVM, with the logging set-up
 * of the jar (LogSetup, not the tests' logback-test.xml). A busy port is one line in words, a
 * bare run says what it does, and the jar knows its version.
 */
class FirstHourIT {
  @RegisterExtension static final SwarmFixture swarm = new SwarmFixture();

  private static ChildP2p p2p(String name, List<String> props, String... args) throws IOException {
    return ChildP2p.start(swarm.dir(), name, props, args);
  }

  private static void assertNoTrace(String stderr) {
    assertFalse(stderr.contains("Exception"), stderr);
    assertFalse(stderr.contains("\tat "), stderr);
  }

  @Test
  void aBusyExplicitPortIsOneLineInWords() throws Exception {
    Path file = swarm.file("movie.bin", 4096, 1);
    String id = Hashing.fileId(file, x -> {}).hex();
    String tracker = "127.0.0.1:" + swarm.trackerAddress().getPort();
    try (ServerSocket busy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String port = String.valueOf(busy.getLocalPort());
      List<ChildP2p> runs = List.of(
          p2p("share", List.of(), "share", file.toString(), "--port", port, "--tracker", tracker),
          p2p("get", List.of(), "get", id, "--port", port, "--tracker", tracker, "--out", swarm.dir("dl").toString()),
          p2p("tracker", List.of(), "tracker", "--port", port));
      for (ChildP2p r : runs) {
        assertEquals(1, r.waitForExit(), r.stderr());
        List<String> lines = r.stderr().lines().toList();
        assertEquals(1, lines.size(), r.stderr());
        assertTrue(lines.get(0).startsWith("error: cannot listen on 127.0.0.1:" + port + ": the port is in use ("),
            lines.get(0));
        assertTrue(lines.get(0).endsWith("choose another with --port"), lines.get(0));
        assertNoTrace(r.stderr());
        assertEquals("", r.stdout());
      }
    }
  }

  @Test
  void aSecondSharerOnTheDefaultPortTakesAFreeOneWithANoteAndNoTrace() throws Exception {
    Path file = swarm.file("movie.bin", 4096, 2);
    try (ServerSocket busy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      // The port comes from the configuration, as 6000 does: not explicit, so a free one is taken.
      ChildP2p r = p2p("second", List.of("-Dp2p.peer.port=" + busy.getLocalPort()), "share", file.toString(),
          "--tracker", "127.0.0.1:" + swarm.trackerAddress().getPort());
      try {
        swarm.eventually(Duration.ofSeconds(30), () -> assertTrue(r.stderr().contains("Ctrl-C to stop"), r.stderr()));
      } finally {
        r.process().destroy();
        r.process().waitFor(30, TimeUnit.SECONDS);
      }
      List<String> lines = r.stderr().lines().toList();
      assertTrue(lines.get(0).startsWith("note: port " + busy.getLocalPort() + " is busy"), r.stderr());
      // The line to paste on the other side: the tracker, the ID, the name and the size.
      String id = r.stdout().strip().split("  ")[0];
      assertEquals("on the other machine: p2p get 'p2p://127.0.0.1:" + swarm.trackerAddress().getPort()
          + "/" + id + "?name=movie.bin&size=4096'", lines.get(1), r.stderr());
      assertTrue(lines.get(2).startsWith("serving on 127.0.0.1:"), r.stderr());
      assertNoTrace(r.stderr());
      assertTrue(r.stdout().endsWith("  movie.bin\n"), r.stdout());
    }
  }

  @Test
  void aPrivateShareLinkIsTheFirstFieldAndOnlyItDownloadsUntilRevoked() throws Exception {
    Path file = swarm.file("secret.bin", 40_000, 4);
    byte[] data = Files.readAllBytes(file);
    String tracker = "127.0.0.1:" + swarm.trackerAddress().getPort();
    // Two nodes, each with its identity in its own state folder (never the real ~/.p2p): the
    // owner shares and later revokes from another process; a friend downloads.
    List<String> owner = List.of("-Dp2p.state-dir=" + swarm.dir("owner-state"));
    List<String> friend = List.of("-Dp2p.state-dir=" + swarm.dir("friend-state"));
    ChildP2p share = p2p("share-private", owner, "share", file.toString(), "--private", "--expires", "1h",
        "--tracker", tracker, "--port", "0");
    try {
      swarm.eventually(Duration.ofSeconds(30), () -> assertTrue(share.stdout().contains("\n"), share.stderr()));
      String first = share.stdout().lines().findFirst().orElseThrow();
      String link = first.split("  ")[0];
      assertTrue(link.startsWith("p2p://" + tracker + "/" + Hashing.fileId(file, x -> {}).hex() + "?key="), first);
      assertTrue(first.endsWith("  secret.bin"), first);
      String key = link.replaceAll(".*key=([^&]*).*", "$1");

      ChildP2p byId = p2p("get-id", friend, "get", link.replaceAll("\\?.*", ""), "--out", swarm.dir("id").toString());
      assertEquals(3, byId.waitForExit(), "not found: README's exit codes");
      assertTrue(byId.stderr().startsWith("error: unknown file"), byId.stderr());

      Path out = swarm.dir("friend");
      ChildP2p get = p2p("get-link", friend, "get", link, "--out", out.toString(), "--no-progress");
      assertEquals(0, get.waitForExit(), get.stderr());
      assertArrayEquals(data, Files.readAllBytes(Path.of(get.stdout().strip())));
      // The same get again: the file is there with the ID's content; nothing is downloaded.
      ChildP2p again = p2p("get-again", friend, "get", link, "--out", out.toString(), "--no-progress");
      assertEquals(0, again.waitForExit(), again.stderr());
      assertEquals(get.stdout().strip(), again.stdout().strip());
      assertTrue(again.stderr().contains("already here: " + get.stdout().strip()), again.stderr());
      try (var files = Files.list(out)) {
        assertEquals(1, files.count(), "no \"secret (1).bin\"");
      }

      ChildP2p unshare = p2p("unshare", owner, "unshare", link, "--tracker", tracker);
      assertEquals(0, unshare.waitForExit(), unshare.stderr());
      ChildP2p late = p2p("get-late", friend, "get", link, "--out", swarm.dir("late").toString());
      assertEquals(3, late.waitForExit());
      assertTrue(late.stderr().startsWith("error: unknown file"), late.stderr());
      for (ChildP2p r : List.of(share, byId, get, again, unshare, late)) {
        assertFalse(r.stderr().contains(key), "the key is never logged: " + r.stderr());
        assertNoTrace(r.stderr());
      }
    } finally {
      share.process().destroy();
      share.process().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aBareRunSaysWhichFolderItServesAndHowToGetHelp() throws Exception {
    Path downloads = Files.createDirectories(swarm.dir("downloads"));
    Files.write(downloads.resolve("song.bin"), SwarmFixture.bytes(2048, 3));
    ChildP2p r = p2p("bare", List.of("-Dp2p.download-dir=" + downloads, "-Dp2p.peer.port=0",
        "-Dp2p.tracker.port=" + swarm.trackerAddress().getPort()));
    try {
      swarm.eventually(Duration.ofSeconds(30), () -> assertTrue(r.stdout().contains("song.bin"), r.stderr()));
    } finally {
      r.process().destroy();
      r.process().waitFor(30, TimeUnit.SECONDS);
    }
    String first = r.stderr().lines().findFirst().orElse("");
    assertTrue(first.contains("serving the 1 file(s) in " + downloads.toAbsolutePath()), first);
    assertTrue(first.contains("p2p.role = peer") && first.contains("'p2p --help'"), first);
    assertNoTrace(r.stderr());
  }

  @Test
  void theJarPrintsTheVersionMavenGaveIt() throws Exception {
    Path jar = Path.of("target", "p2p.jar");
    assumeTrue(Files.isRegularFile(jar), "the jar is built (mvn verify packages it before the ITs)");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar.toString(), "get", "--version").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    assertEquals(0, p.waitFor());
    assertTrue(out.matches("p2p \\d+\\.\\d+\\.\\d+\\S*"), out);
  }
}
