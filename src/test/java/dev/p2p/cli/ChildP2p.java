package dev.p2p.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code p2p} in a child JVM, with the logging set-up of the jar (LogSetup, not the tests'
 * logback-test.xml) and C1 only, serial GC (short runs, as jvm/options.sh), its output in files.
 */
record ChildP2p(Process process, Path out, Path err) {
  String stdout() {
    return read(out);
  }

  String stderr() {
    return read(err);
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      return "";
    }
  }

  int waitForExit() throws InterruptedException {
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "exited within 60 s: " + stderr());
    return process.exitValue();
  }

  /**
   * Starts {@code p2p args} with the system properties {@code props}, writing its stdout and
   * stderr to {@code logs/name.out} and {@code .err}.
   */
  static ChildP2p start(Path logs, String name, List<String> props, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-Dp2p.state-dir=")); // tests never touch the real ~/.p2p (a test may give its own folder)
    cmd.addAll(props);
    cmd.addAll(List.of("-cp", mainClassPath(), "dev.p2p.cli.Main"));
    cmd.addAll(List.of(args));
    Path out = logs.resolve(name + ".out");
    Path err = logs.resolve(name + ".err");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    return new ChildP2p(p, out, err);
  }

  /**
   * The test class path without test-classes: logback-test.xml is there, and with it on the
   * class path LogSetup would step aside, so the child would not log as the jar does.
   */
  private static String mainClassPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> !Path.of(e).endsWith("test-classes"))
        .collect(Collectors.joining(File.pathSeparator));
  }
}
