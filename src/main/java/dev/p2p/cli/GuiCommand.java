package dev.p2p.cli;

import dev.p2p.app.LocalPeer;
import dev.p2p.gui.Launcher;
import dev.p2p.storage.FileId;
import dev.p2p.gui.settings.GuiSettingsFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "gui", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = {
        "Open the desktop window: a peer node with a JavaFX face.",
        "Settings and speed limits changed in the window apply at once (the peer port too) and",
        "are saved for the next start, where flags given here win over them.",
        "--share and --download start those actions when the window opens (e.g. from a file manager).",
        "On Linux the window needs GTK 3 and a display; on Windows and macOS, the zip of that OS",
        "(README, Install), which carries its JavaFX natives."})
final class GuiCommand implements Callable<Integer> {
  /**
   * JavaFX warns through java.util.logging, on every start, that it was loaded from the class path
   * ("Unsupported JavaFX configuration"): true, intended (one jar for the CLI and the window), and
   * nothing a user can act on. JavaFX's logger is "javafx"; kept in a field: JUL holds its
   * loggers weakly.
   */
  private static final Logger FX_STARTUP =
      Logger.getLogger("javafx");

  @Mixin NodeOptions node;

  @Option(names = "--settings", paramLabel = "FILE",
      description = "Where the window keeps its settings (default: ~/.p2p/gui.conf).")
  Path settingsFile;

  @Option(names = "--share", paramLabel = "FILE",
      description = "Share FILE as soon as the window is up (repeatable).")
  List<Path> share = new ArrayList<>();

  @Option(names = "--download", paramLabel = "ID",
      description = "Download file ID into the download folder as soon as the window is up (repeatable).")
  List<String> download = new ArrayList<>();

  /**
   * What to tell a user whose window cannot start, when JavaFX says why only in its own words:
   * "Unable to load glass GTK library" (Linux without GTK 3), "Unable to open DISPLAY" (no X
   * server or Wayland session).
   */
  static Optional<String> toolkitProblem(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage());
      if (m.contains("GTK")) {
        return Optional.of("the window needs GTK 3 on Linux, which is missing here: install it"
            + " (Debian, Ubuntu: sudo apt-get install libgtk-3-0; Fedora: sudo dnf install gtk3)"
            + " and run 'p2p gui' again; the command-line tools (share, get) need nothing more");
      }
      if (m.contains("DISPLAY")) {
        return Optional.of("no display to open the window on: run 'p2p gui' in a desktop session"
            + " (or set DISPLAY), or use the command-line tools (share, get)");
      }
    }
    return Optional.empty();
  }

  /** How long to wait, after the window has closed, for the node to finish stopping. */
  static final long STOP_TIMEOUT_SECONDS = 15;

  @Override
  public Integer call() throws Exception {
    for (String id : download) {
      String problem = FileId.problem(id);
      if (!problem.isEmpty()) throw new IllegalArgumentException("--download " + id + ": " + problem);
    }
    Path conf = settingsFile != null ? settingsFile
        : Path.of(System.getProperty("user.home"), ".p2p", "gui.conf");
    Map<String, Object> o = new LinkedHashMap<>(GuiSettingsFile.overrides(conf));
    o.putAll(node.overrides());
    CliRuntime rt = new CliRuntime(o);
    try {
      LocalPeer n = Peers.start(rt, node.port != null);
      // The window takes up the saved state itself (NodeFacade.resumeSaved) once it has
      // subscribed, so that the shares and downloads it restores appear as rows.
      FX_STARTUP.setLevel(Level.SEVERE);
      try {
        Launcher.launch(n, rt.settings, conf, share, download);
      } catch (RuntimeException e) {
        throw toolkitProblem(e).<RuntimeException>map(m -> new IllegalStateException(m, e)).orElse(e);
      }
      // Closing the window has already stopped the node (bounded); this covers other exits.
      try {
        n.stop().toCompletableFuture().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        System.err.println("note: the node did not stop within " + STOP_TIMEOUT_SECONDS + " s; exiting anyway");
      }
    } finally {
      rt.terminate();
    }
    return 0;
  }
}
