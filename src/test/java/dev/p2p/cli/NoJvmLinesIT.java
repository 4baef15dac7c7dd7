package dev.p2p.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.storage.FileId;
import dev.p2p.storage.Hashing;
import dev.p2p.testing.SwarmFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a user's terminal shows of a tracker, a share, a get (through {@code ./p2p}, the script
 * users run, with the JVM settings of jvm/options.sh) and the window is p2p's own lines, never the
 * JVM's or JavaFX's (such as the "2 compiler directives added" that loading
 * jvm/compiler-directives.json prints). Runs after {@code package} (failsafe), on the jar that it
 * built.
 */
class NoJvmLinesIT {
  @RegisterExtension static final SwarmFixture swarm = SwarmFixture.perClass();

  /** Lines the JVM prints itself: directives, VM warnings, unified logging, JDK and JavaFX warnings. */
  private static final Pattern JVM_LINE = Pattern.compile(
      "compiler directives|^(OpenJDK|Java HotSpot)|VM warning|^CompileCommand|^\\[[0-9.]+s\\]|^WARNING: ");

  private static final Path SCRIPT = Path.of("p2p").toAbsolutePath();

  @BeforeAll
  static void theJarIsBuilt() throws IOException {
    // Else ./p2p would run Maven inside the test.
    Path jar = Path.of("target", "p2p.jar");
    assertTrue(Files.isRegularFile(jar), "run through 'mvnw verify': the IT needs target/p2p.jar");
    FileTime built = Files.getLastModifiedTime(jar);
    try (Stream<Path> sources = Files.walk(Path.of("src", "main"))) {
      assertTrue(sources.noneMatch(p -> isNewer(p, built)), "target/p2p.jar is older than src/main");
    }
  }

  private static boolean isNewer(Path p, FileTime than) {
    try {
      return Files.getLastModifiedTime(p).compareTo(than) > 0;
    } catch (IOException e) {
      return true;
    }
  }

  /** {@code ./p2p args} with no archive recorded and the node's state in a temporary folder. */
  private static ChildP2p script(String name, String javaOpts, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(SCRIPT.toString()));
    cmd.addAll(List.of(args));
    Path out = swarm.dir().resolve(name + ".out");
    Path err = swarm.dir().resolve(name + ".err");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    Map<String, String> env = pb.environment();
    // Options from the test's environment would make the JVM say "Picked up ...".
    env.keySet().removeAll(List.of("JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS"));
    env.put("P2P_NO_CDS", "1");
    env.put("P2P_JAVA_OPTS", "-Xmx256m -Dp2p.state-dir= -Duser.home=" + swarm.dir("home") + " " + javaOpts);
    return new ChildP2p(pb.start(), out, err);
  }

  private static void assertNoJvmLine(ChildP2p run) {
    for (String line : run.stderr().lines().toList()) {
      assertFalse(JVM_LINE.matcher(line).find(), "a JVM line on stderr: " + line + "\n" + run.stderr());
    }
  }

  private static void stop(ChildP2p run) throws InterruptedException {
    run.process().destroy();
    run.process().waitFor(30, TimeUnit.SECONDS);
  }

  @Test
  void trackerShareAndGetThroughTheScriptShowNoJvmLine() throws Exception {
    Path file = swarm.file("movie.bin", 300_000, 7);
    ChildP2p tracker = script("tracker", "", "tracker", "--port", "0");
    ChildP2p share = null;
    try {
      Pattern listening = Pattern.compile("tracker listening on 127\\.0\\.0\\.1:(\\d+)");
      swarm.eventually(Duration.ofSeconds(60), () -> assertTrue(listening.matcher(tracker.stderr()).find(), tracker.stderr()));
      Matcher m = listening.matcher(tracker.stderr());
      assertTrue(m.find());
      String address = "127.0.0.1:" + m.group(1);

      ChildP2p sharing = script("share", "", "share", file.toString(), "--tracker", address, "--port", "0");
      share = sharing;
      swarm.eventually(Duration.ofSeconds(60), () -> assertTrue(sharing.stderr().contains("Ctrl-C to stop"), sharing.stderr()));
      String id = sharing.stdout().strip().split("  ")[0];

      ChildP2p get = script("get", "", "get", id, "--tracker", address, "--port", "0",
          "--out", swarm.dir("downloads").toString());
      assertEquals(0, get.waitForExit(), get.stderr());
      assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(Path.of(get.stdout().strip())));
      for (ChildP2p run : List.of(tracker, sharing, get)) assertNoJvmLine(run);
    } finally {
      if (share != null) stop(share);
      stop(tracker);
    }
  }

  @Test
  void theCompilerDirectivesStillLoadOnlyTheirLineIsHidden() throws Exception {
    ChildP2p quiet = script("version", "", "get", "--version");
    assertEquals(0, quiet.waitForExit(), quiet.stderr());
    assertEquals("", quiet.stderr());
    assertTrue(quiet.stdout().startsWith("p2p "), quiet.stdout());
    // The way back that jvm/options.sh documents: the VM's output, on stderr, says they loaded.
    ChildP2p shown = script("version-vm", "-XX:+DisplayVMOutput", "get", "--version");
    assertEquals(0, shown.waitForExit(), shown.stderr());
    assertEquals("2 compiler directives added\n", shown.stderr());
    assertEquals(quiet.stdout(), shown.stdout());
  }

  @Test
  void aWindowSharingAFileShowsNoJvmLine() throws Exception {
    Path file = swarm.file("photos.zip", 100_000, 8);
    FileId id = Hashing.fileId(file, x -> {});
    Path home = swarm.dir("gui-home");
    // The real window, headless (Monocle, as the GUI tests): it is up once its share is listed.
    ChildP2p gui = ChildP2p.start(swarm.dir(), "gui", List.of("-Duser.home=" + home,
            "-Dglass.platform=Monocle", "-Dmonocle.platform=Headless", "-Dprism.order=sw"),
        "gui", "--share", file.toString(), "--port", "0", "--settings", home.resolve("gui.conf").toString(),
        "--tracker", "127.0.0.1:" + swarm.trackerAddress().getPort());
    try {
      swarm.eventually(Duration.ofSeconds(60),
          () -> assertEquals(1, SwarmFixture.await(swarm.trackerClient().peers(id)).total(), gui.stderr()));
      assertNoJvmLine(gui);
      assertEquals("", gui.stderr());
    } finally {
      stop(gui);
    }
  }
}
