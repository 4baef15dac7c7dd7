package dev.p2p.gui.settings;

import static dev.p2p.gui.UiCalls.call;
import static dev.p2p.gui.UiCalls.onUi;

import dev.p2p.app.NodeFacade;
import dev.p2p.text.HostPort;
import dev.p2p.text.UserText;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The Settings dialog: tracker {@code host:port}, this peer's port, the download folder, the
 * speed limits and desktop notifications, validated as typed and saved to the GUI's settings
 * file. Saving applies each change to the running window and node ({@link Live}) and says what
 * applied: the download folder for the next downloads, limits and notifications at once, the
 * tracker and the peer port once the node has moved there (a busy port is refused: the node stays
 * where it listens, and the saved port is tried at the next start).
 */
public final class SettingsViewModel {
  /** Told in the dialog: what applies when. */
  public static final String WHEN_APPLIED =
      "Each change applies at once when saved.";

  /**
   * What a saved change does in the running window: the node (tracker, limits through
   * {@code limits}), the download bar's folder, the notifications switch; {@code report} gets a
   * line for each change that completes later (a tracker or port move), on {@code uiExecutor}.
   */
  public record Live(NodeFacade node, LimitsViewModel limits, Consumer<Path> downloadDir,
      Consumer<Boolean> notifications, Executor uiExecutor, Consumer<String> report) {}

  private final GuiSettingsFile file;
  private final Live live;
  private final GuiSettingsFile.Values shown;
  private final StringProperty tracker = new SimpleStringProperty(this, "tracker", "");
  private final StringProperty peerPort = new SimpleStringProperty(this, "peerPort", "");
  private final StringProperty downloadDir = new SimpleStringProperty(this, "downloadDir", "");
  private final StringProperty uploadLimit = new SimpleStringProperty(this, "uploadLimit", "");
  private final StringProperty downloadLimit = new SimpleStringProperty(this, "downloadLimit", "");
  private final BooleanProperty notifications = new SimpleBooleanProperty(this, "notifications", true);
  private final StringBinding problem;
  private final BooleanBinding valid;
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");

  /**
   * @param started the settings the node started with; the dialog shows the saved ones over them,
   *     and the limits in force ({@code live.limits()})
   */
  public SettingsViewModel(GuiSettingsFile.Values started, GuiSettingsFile file, Live live) {
    this.file = file;
    this.live = live;
    GuiSettingsFile.Values v = started;
    try {
      v = file.read(started);
    } catch (RuntimeException e) {
      status.set("Could not read " + file.path() + " (" + UserText.firstLine(e)
          + "); showing the settings in use.");
    }
    shown = v;
    tracker.set(new HostPort(v.trackerHost(), v.trackerPort()).toString());
    peerPort.set(String.valueOf(v.peerPort()));
    downloadDir.set(v.downloadDir());
    uploadLimit.set(RateText.format(live.limits().uploadLimit()));
    downloadLimit.set(RateText.format(live.limits().downloadLimit()));
    notifications.set(v.notifications());
    problem = Bindings.createStringBinding(this::findProblem, tracker, peerPort, downloadDir,
        uploadLimit, downloadLimit);
    valid = problem.isEmpty();
  }

  /** The tracker as {@code host:port} ({@code [v6]:port} for IPv6 literals). */
  public StringProperty trackerProperty() {
    return tracker;
  }

  public StringProperty peerPortProperty() {
    return peerPort;
  }

  public StringProperty downloadDirProperty() {
    return downloadDir;
  }

  /** As {@link RateText} reads it. */
  public StringProperty uploadLimitProperty() {
    return uploadLimit;
  }

  public StringProperty downloadLimitProperty() {
    return downloadLimit;
  }

  public BooleanProperty notificationsProperty() {
    return notifications;
  }

  /** What is wrong with the fields, or empty. */
  public StringBinding problemProperty() {
    return problem;
  }

  public BooleanBinding validProperty() {
    return valid;
  }

  /** The outcome of the last save (or a problem reading the file). */
  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  public Path settingsFile() {
    return file.path();
  }

  /**
   * Saves the fields if they are valid and applies what changed; returns whether the file was
   * written. The status then says what applied (a tracker move is reported when it is done).
   */
  public boolean save() {
    if (!valid.get()) return false;
    HostPort hp = parseHostPort(tracker.get());
    int port = parsePort(peerPort.get(), 0, "Peer port");
    String dir = downloadDir.get().strip();
    long up = RateText.parse(uploadLimit.get(), "Upload limit");
    long down = RateText.parse(downloadLimit.get(), "Download limit");
    try {
      file.write(new GuiSettingsFile.Values(hp.host(), hp.port(), port, dir, up, down, notifications.get()));
    } catch (RuntimeException e) {
      status.set(UserText.firstLine(e));
      return false;
    }
    List<String> applied = new ArrayList<>();
    if (!dir.equals(shown.downloadDir())) {
      live.downloadDir().accept(Path.of(dir));
      applied.add("new downloads go to " + dir);
    }
    if (up != live.limits().uploadLimit() || down != live.limits().downloadLimit()) {
      live.limits().change(up, down);
      applied.add("limits ↑ " + RateText.perSecond(up) + ", ↓ " + RateText.perSecond(down));
    }
    if (notifications.get() != shown.notifications()) {
      live.notifications().accept(notifications.get());
      applied.add("desktop notifications " + (notifications.get() ? "on" : "off"));
    }
    // Only an edited tracker field moves the node: saving other changes never undoes a failover.
    String using = live.node().tracker();
    if (!hp.equals(new HostPort(shown.trackerHost(), shown.trackerPort())) && !hp.toString().equals(using)) {
      moveTo(hp, using.isEmpty() ? trackerOf(shown) : using);
      applied.add("moving to tracker " + hp);
    }
    // Only an edited port field moves the server: 0 ("any free port") saved again keeps the one picked.
    int listening = live.node().address().getPort();
    if (port != shown.peerPort() && port != listening) {
      movePort(port, listening);
      applied.add("moving to peer port " + port);
    }
    status.set("Saved to " + file.path() + "."
        + (applied.isEmpty() ? "" : " Applied: " + String.join("; ", applied) + "."));
    return true;
  }

  private void movePort(int to, int from) {
    onUi(call(() -> live.node().movePort(to)), live.uiExecutor(), (now, failure) -> live.report().accept(
        failure == null ? "Now listening on port " + now.getPort() + "; this node's shares are registered there."
            : "Peer port not changed: " + UserText.firstLine(failure) + ". Port " + to
                + " is saved for the next start."));
  }

  private void moveTo(HostPort to, String from) {
    onUi(call(() -> live.node().useTracker(to)), live.uiExecutor(), (now, failure) -> live.report().accept(
        failure == null ? "Now using tracker " + now + "; this node's shares are registered there."
            : "Tracker not changed: " + UserText.firstLine(failure) + ". Still using " + from + "; "
                + to + " is saved for the next start."));
  }

  private static String trackerOf(GuiSettingsFile.Values v) {
    return new HostPort(v.trackerHost(), v.trackerPort()).toString();
  }

  private String findProblem() {
    try {
      parseHostPort(tracker.get());
      parsePort(peerPort.get(), 0, "Peer port");
      String dir = downloadDir.get() == null ? "" : downloadDir.get().strip();
      if (dir.isEmpty()) return "Download folder is empty.";
      Path.of(dir);
      RateText.parse(uploadLimit.get(), "Upload limit");
      RateText.parse(downloadLimit.get(), "Download limit");
      return "";
    } catch (InvalidPathException e) {
      return "Download folder is not a valid path: " + e.getReason();
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  /**
   * Parses the tracker field ({@link HostPort#parse}); the port must be 1..65535.
   *
   * @throws IllegalArgumentException with a message for the user
   */
  public static HostPort parseHostPort(String text) {
    try {
      return HostPort.parse(text, 1);
    } catch (HostPort.Invalid e) {
      throw new IllegalArgumentException(switch (e.reason()) {
        case EMPTY -> "Tracker address is empty: expected host:port.";
        case NO_PORT -> "Tracker address needs a port: expected host:port, e.g. 127.0.0.1:5000.";
        case BAD_BRACKETS -> "Tracker address must be [IPv6]:port, e.g. [::1]:5000.";
        case IPV6_WITHOUT_BRACKETS -> "Write an IPv6 tracker address in brackets: [::1]:5000.";
        case EMPTY_HOST -> "Tracker host is empty: expected host:port.";
        case SPACE_IN_HOST -> "Tracker host must not contain spaces.";
        case PORT_NOT_A_NUMBER, PORT_OUT_OF_RANGE -> portProblem(e, 1, "Tracker port");
      }, e);
    }
  }

  /**
   * Parses a TCP port in {@code min..65535} (0 means "any free port" where allowed).
   *
   * @throws IllegalArgumentException with a message naming {@code what}
   */
  public static int parsePort(String text, int min, String what) {
    try {
      return HostPort.port(text, min);
    } catch (HostPort.Invalid e) {
      throw new IllegalArgumentException(portProblem(e, min, what), e);
    }
  }

  private static String portProblem(HostPort.Invalid e, int min, String what) {
    String range = min + " to " + HostPort.MAX_PORT;
    if (e.reason() == HostPort.Invalid.Reason.PORT_OUT_OF_RANGE) {
      return what + " must be from " + range + ", not " + Integer.parseInt(e.text()) + ".";
    }
    return what + " must be a number from " + range + (e.text().isEmpty() ? "." : ", not '" + e.text() + "'.");
  }
}
