package dev.p2p.gui;

import dev.p2p.app.AppSettings;
import dev.p2p.app.NodeFacade;
import dev.p2p.gui.history.HistoryPane;
import dev.p2p.gui.history.HistoryViewModel;
import dev.p2p.gui.history.TotalsViewModel;
import dev.p2p.gui.main.MainView;
import dev.p2p.gui.main.MainViewModel;
import dev.p2p.gui.search.SearchPane;
import dev.p2p.gui.search.SearchViewModel;
import dev.p2p.gui.notify.DownloadNotifications;
import dev.p2p.gui.notify.Notifier;
import dev.p2p.gui.settings.GuiSettingsFile;
import dev.p2p.gui.settings.LimitsBar;
import dev.p2p.gui.settings.LimitsViewModel;
import dev.p2p.gui.settings.SettingsView;
import dev.p2p.gui.settings.SettingsViewModel;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.Stage;

/**
 * Puts the main window on a stage for a given node. Used by {@link P2pApp} and by the smoke
 * tests, which pass a fake {@link NodeFacade} (or, later, a real node). Call on the JavaFX
 * application thread.
 */
public final class AppWindow {
  /** Longest wait for the node to stop when the window closes, before the GUI exits anyway. */
  static final long STOP_TIMEOUT_SECONDS = 15;
  /** The window's first size: wide enough for the Search and History tables with whole IDs. */
  static final double WIDTH = 1240;
  static final double HEIGHT = 720;

  private AppWindow() {}

  /**
   * Builds the window, subscribes to the node's events and shows the stage. Closing the window
   * stops the node, then runs {@code afterStop} on the JavaFX thread ({@code Platform::exit} in
   * the application; tests pass a recorder so the toolkit survives). "Open file" says it is not
   * available; a cancel asks in a dialog.
   *
   * @return the window's view model (for tests)
   */
  public static MainViewModel show(Stage stage, NodeFacade node, AppSettings settings,
      Path settingsFile, Runnable afterStop) {
    return show(stage, node, settings, settingsFile, afterStop, path -> {
      throw new UnsupportedOperationException("opening files is not available here");
    }, new FxConfirmer(stage));
  }

  /**
   * As {@link #show(Stage, NodeFacade, AppSettings, Path, Runnable)}, with what opens a file or
   * a folder ("Open file", "Open folder") and what asks before a cancel deletes a {@code .part}.
   */
  public static MainViewModel show(Stage stage, NodeFacade node, AppSettings settings,
      Path settingsFile, Runnable afterStop, PathOpener opener, Confirmer confirmer) {
    return show(stage, node, settings, settingsFile, afterStop, opener, confirmer, Notifier.NONE);
  }

  /**
   * As {@link #show(Stage, NodeFacade, AppSettings, Path, Runnable, PathOpener, Confirmer)}, with
   * what shows a desktop notification when a download completes or fails (closed with the window).
   */
  public static MainViewModel show(Stage stage, NodeFacade node, AppSettings settings,
      Path settingsFile, Runnable afterStop, PathOpener opener, Confirmer confirmer, Notifier notifier) {
    MainViewModel vm = new MainViewModel(node, settings.downloadDir(), Platform::runLater,
        new FxClipboard(), Clock.systemDefaultZone(), confirmer, opener);
    GuiSettingsFile file = new GuiSettingsFile(settingsFile);
    GuiSettingsFile.Values started = GuiSettingsFile.Values.of(settings, notificationsOn(settingsFile));
    LimitsViewModel limits = new LimitsViewModel(node, file, started, Platform::runLater);
    DownloadNotifications notices = new DownloadNotifications(node.peerId(), notifier, started.notifications());
    AutoCloseable noticeSubscription = node.subscribe(notices);
    SettingsViewModel.Live live = new SettingsViewModel.Live(node, limits,
        dir -> vm.destinationProperty().set(dir.toString()), notices::setEnabled, Platform::runLater, vm::note);
    MainView view = new MainView(vm, () -> {
      SettingsViewModel svm = new SettingsViewModel(started, file, live);
      if (SettingsView.showAndWait(stage, svm)) vm.note(svm.statusProperty().get());
    });
    SearchViewModel search = new SearchViewModel(node, Platform::runLater, vm::download);
    HistoryViewModel history = new HistoryViewModel(node, Platform::runLater, ZoneId.systemDefault());
    TotalsViewModel totals = new TotalsViewModel(node, Platform::runLater);
    view.addTab("Search", "searchTab", new SearchPane(search).root());
    view.addTab("History", "historyTab", new HistoryPane(history).root());
    Region gap = new Region();
    HBox.setHgrow(gap, Priority.ALWAYS);
    HBox statusLine = new HBox(12, HistoryPane.totalsLabel(totals), gap, LimitsBar.create(limits));
    statusLine.setAlignment(Pos.CENTER_LEFT);
    view.setStatusLine(statusLine);
    vm.setOnDownloadEnded(() -> {
      history.refresh();
      totals.refresh();
    });
    Scene scene = new Scene(view.root(), WIDTH, HEIGHT);
    scene.getStylesheets().add(AppWindow.class.getResource("app.css").toExternalForm());
    stage.setScene(scene);
    stage.setTitle("p2p — " + node.peerId());
    stage.setOnCloseRequest(e -> {
      // Keep the window until the node has unregistered its files and closed its connections.
      e.consume();
      view.root().setDisable(true);
      // The node's downloads end as it stops: no notices for those.
      notices.close();
      closeQuietly(noticeSubscription);
      // copy(): orTimeout completes the future it is called on; never fail the node's own future.
      vm.shutdown().toCompletableFuture().copy()
          .orTimeout(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)
          .whenComplete((ok, failure) -> Platform.runLater(afterStop));
    });
    vm.start();
    history.refresh();
    stage.show();
    return vm;
  }

  /** Whether notices are on as saved or configured; a settings file that cannot be read: on. */
  private static boolean notificationsOn(Path settingsFile) {
    try {
      return GuiSettingsFile.notifications(settingsFile);
    } catch (RuntimeException e) {
      return true; // the Settings dialog says what is wrong with the file
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // An unsubscription that fails leaves a listener that is closed already: nothing to do.
    }
  }

  /**
   * What {@code p2p gui --share FILE --download ID} asks for at start-up, done as if by hand:
   * each file is shared, each ID goes through the download bar (downloading into the folder shown
   * there). An ID that is not valid stays in the field, where the window says what is wrong.
   */
  public static void startActions(MainViewModel vm, List<Path> share, List<String> download) {
    vm.share(share);
    for (String id : download) {
      vm.idTextProperty().set(id);
      if (vm.canDownloadProperty().get()) vm.download();
      else vm.note("Not downloading " + id + ": " + vm.downloadProblemProperty().get());
    }
  }
}
