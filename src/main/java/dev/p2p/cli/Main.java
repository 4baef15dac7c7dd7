package dev.p2p.cli;

import com.typesafe.config.ConfigFactory;
import dev.p2p.text.P2pException;
import dev.p2p.text.UserText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code p2p} command. Without a subcommand, {@code p2p.role} chooses: {@code tracker} runs a
 * tracker, {@code peer} serves every file in the download folder.
 */
@Command(name = "p2p", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Share a file from one machine to many: verified, multi-peer downloads by SHA-256 ID.",
    footer = {"", "Without a command, p2p does what p2p.role says: 'peer' (the default) serves",
        "the files in the download folder (p2p.download-dir), 'tracker' runs a tracker.",
        "'p2p COMMAND --help' shows a command's flags; 'p2p demo' shows a swarm at work.", "",
        Main.EXIT_CODES_1, Main.EXIT_CODES_2, Main.EXIT_CODES_3},
    subcommands = {TrackerCommand.class, ShareCommand.class, GetCommand.class, UnshareCommand.class,
        SearchCommand.class, HistoryCommand.class, StatusCommand.class,
        DemoCommand.class,
        SimulateCommand.class, GuiCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {
  /** README's table of exit codes ({@link #exitCode}), as the help of p2p and of get print it. */
  static final String EXIT_CODES_1 = "Exit codes: 0 done; 1 failed (other); 2 usage; 3 not found on the tracker; 4 no peer";
  static final String EXIT_CODES_2 = "could deliver; 5 data does not match its ID; 6 disk or permission; 7 tracker unreachable;";
  static final String EXIT_CODES_3 = "130 interrupted (Ctrl-C).";

  public static void main(String[] args) {
    ensureParallelCommonPool();
    // Initialise logging before Pekko starts, so SLF4J has nothing to replay (and says nothing).
    org.slf4j.LoggerFactory.getLogger(Main.class);
    int code = run(args);
    if (CliRuntime.haltRequested()) {
      // Skips the shutdown hooks (Pekko's coordinated shutdown): nothing is left to do but exit.
      System.out.flush();
      System.err.flush();
      Runtime.getRuntime().halt(code);
    }
    System.exit(code);
  }

  static final String COMMON_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

  /**
   * Pekko's Java API returns CompletionStages (Scala's FutureConverters) whose thenApply,
   * whenComplete, handle... run asynchronously on the common pool. With 2 CPUs that pool has
   * parallelism 1, and CompletableFuture then starts a new thread for every such callback: on
   * this 2-core machine that capped a tracker at ~1,100 requests/s and starved `simulate`. Must
   * run before anything touches ForkJoinPool; an explicit -D setting wins.
   */
  static void ensureParallelCommonPool() {
    if (System.getProperty(COMMON_PARALLELISM) == null) {
      int n = Math.max(2, Runtime.getRuntime().availableProcessors() - 1);
      System.setProperty(COMMON_PARALLELISM, String.valueOf(n));
    }
  }

  /** Runs the CLI and returns its exit code (for tests). */
  public static int run(String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      cmd.getErr().println("error: " + UserText.oneLine(ex));
      return exitCode(ex);
    });
    return cl.execute(args);
  }

  /**
   * The exit code for a failure: its {@link P2pException.Kind} (the first one in the cause chain
   * that says more than "failed"), a file-system refusal or a full disk as {@link
   * P2pException.Kind#DISK}, 1 for anything else.
   */
  static int exitCode(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof P2pException p && p.kind() != P2pException.Kind.FAILED) return p.kind().exitCode();
      // Network failures reach here wrapped with a kind; a bare I/O failure is the disk's.
      if (t instanceof AccessDeniedException || t instanceof UncheckedIOException || t instanceof IOException io
          && String.valueOf(io.getMessage()).contains("No space left")) {
        return P2pException.Kind.DISK.exitCode();
      }
    }
    return P2pException.Kind.FAILED.exitCode();
  }

  @Override
  public Integer call() {
    String role = ConfigFactory.load().getString("p2p.role");
    if (role.equals("tracker")) {
      System.err.println("p2p: no command given, so running a tracker (p2p.role = tracker);"
          + " 'p2p --help' lists the commands");
      return new TrackerCommand().call();
    }
    return ShareCommand.serveDownloadFolder();
  }
}
