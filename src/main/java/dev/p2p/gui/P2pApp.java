package dev.p2p.gui;

import dev.p2p.app.AppSettings;
import dev.p2p.app.NodeFacade;
import dev.p2p.gui.main.MainViewModel;
import dev.p2p.gui.notify.Notifier;
import dev.p2p.gui.notify.TrayNotifier;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * The JavaFX application. JavaFX creates it by reflection, so it cannot take constructor
 * arguments: it reads the node from the static hand-off that {@link Launcher#launch} fills
 * before calling {@link Application#launch}. Do not start it any other way.
 */
public final class P2pApp extends Application {
  /**
   * What {@link Launcher} hands over to the instance JavaFX creates, including the files to share
   * and the IDs to download as soon as the window is up.
   */
  record Context(NodeFacade node, AppSettings settings, Path settingsFile, List<Path> share,
      List<String> download) {
    Context {
      Objects.requireNonNull(node, "node");
      Objects.requireNonNull(settings, "settings");
      Objects.requireNonNull(settingsFile, "settingsFile");
      share = List.copyOf(share);
      download = List.copyOf(download);
    }
  }

  private static final AtomicReference<Context> CONTEXT = new AtomicReference<>();

  private MainViewModel vm;
  private Notifier notifier = Notifier.NONE;

  /** Stores the hand-off; JavaFX can be launched once per JVM, so only the first call wins. */
  static void handOff(Context context) {
    if (!CONTEXT.compareAndSet(null, context)) {
      throw new IllegalStateException("the GUI was already launched in this JVM");
    }
  }

  @Override
  public void start(Stage stage) {
    Context c = CONTEXT.get();
    if (c == null) {
      throw new IllegalStateException("start the GUI with Launcher.launch");
    }
    // The desktop's own application opens a finished file or its folder.
    PathOpener opener = path -> getHostServices().showDocument(path.toUri().toString());
    // The system tray's notices where the platform has one (nothing elsewhere, nor headless).
    notifier = TrayNotifier.create("p2p — " + c.node().peerId());
    vm = AppWindow.show(stage, c.node(), c.settings(), c.settingsFile(), Platform::exit, opener,
        new FxConfirmer(stage), notifier);
    AppWindow.startActions(vm, c.share(), c.download());
  }

  @Override
  public void stop() {
    // Platform.exit() from elsewhere (or the last window closing) still stops the node; idempotent.
    if (vm != null) vm.shutdown();
    notifier.close(); // the tray icon, if a notice put one there: AWT then lets the JVM end
  }
}
