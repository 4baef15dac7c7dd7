package dev.p2p.gui;

import dev.p2p.app.AppSettings;
import dev.p2p.app.NodeFacade;
import java.nio.file.Path;
import java.util.List;
import javafx.application.Application;

/**
 * Starts the desktop window for a node that the caller has already created (e.g. the CLI's
 * {@code p2p gui}). This class deliberately does not extend {@link Application}: launching an
 * {@code Application} subclass's own {@code main} fails from a plain class-path jar.
 *
 * <p>Hand-off: {@link #launch} stores the node, its settings and what to start in a static field of
 * {@link P2pApp}, then calls {@code Application.launch(P2pApp.class)}; JavaFX instantiates
 * {@code P2pApp}, whose {@code start} reads that field. JavaFX can start only once per JVM, so a
 * second call throws {@link IllegalStateException}.
 *
 * <p>Typical caller:
 *
 * <pre>{@code
 * Path guiConf = Path.of(System.getProperty("user.home"), ".p2p", "gui.conf");
 * AppSettings settings = AppSettings.load(GuiSettingsFile.overrides(guiConf)); // + CLI flags
 * NodeFacade node = ...;                                  // create and start the node
 * Launcher.launch(node, settings, guiConf, List.of(), List.of()); // blocks until it is closed
 * }</pre>
 */
public final class Launcher {
  private Launcher() {}

  /**
   * Shows the window and blocks until it is closed. Closing the window calls
   * {@code node.stop()} (waiting up to 15 s) and then {@code Platform.exit()}; when this method
   * returns the JavaFX thread is gone and the node has been asked to stop.
   *
   * @param node the running node; the GUI talks to it only through this facade
   * @param settings the settings the node runs with (default download folder, Settings dialog)
   * @param settingsFile where the Settings dialog saves (HOCON with {@code p2p.*} keys, read
   *     with {@link dev.p2p.gui.settings.GuiSettingsFile#overrides}); need not exist yet
   * @param share files to share once the window is up, as if the user had dropped them
   * @param download file IDs to download into the window's download folder once it is up
   * @throws IllegalStateException if the GUI was already launched in this JVM
   */
  public static void launch(NodeFacade node, AppSettings settings, Path settingsFile,
      List<Path> share, List<String> download) {
    P2pApp.handOff(new P2pApp.Context(node, settings, settingsFile, share, download));
    Application.launch(P2pApp.class);
  }
}
