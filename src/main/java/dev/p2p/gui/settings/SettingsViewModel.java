package dev.p2p.gui.settings;

import dev.p2p.app.AppSettings;
import dev.p2p.text.HostPort;
import dev.p2p.text.UserText;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The Settings dialog: tracker {@code host:port}, this peer's port and the download folder,
 * validated as typed and saved to the GUI's settings file. Saved values apply on the next start;
 * the running node keeps its settings.
 */
public final class SettingsViewModel {
  /** Told to the user in the dialog and after saving. */
  public static final String APPLIES_ON_RESTART = "Changes apply the next time you start p2p.";

  private final GuiSettingsFile file;
  private final StringProperty tracker = new SimpleStringProperty(this, "tracker", "");
  private final StringProperty peerPort = new SimpleStringProperty(this, "peerPort", "");
  private final StringProperty downloadDir = new SimpleStringProperty(this, "downloadDir", "");
  private final StringBinding problem;
  private final BooleanBinding valid;
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");

  public SettingsViewModel(AppSettings current, GuiSettingsFile file) {
    this.file = file;
    GuiSettingsFile.Values v = new GuiSettingsFile.Values(current.trackerHost(),
        current.trackerPort(), current.peerPort(), current.downloadDir().toString());
    try {
      v = file.read().orElse(v);
    } catch (RuntimeException e) {
      status.set("Could not read " + file.path() + " (" + UserText.firstLine(e)
          + "); showing the settings in use.");
    }
    tracker.set(new HostPort(v.trackerHost(), v.trackerPort()).toString());
    peerPort.set(String.valueOf(v.peerPort()));
    downloadDir.set(v.downloadDir());
    problem = Bindings.createStringBinding(this::findProblem, tracker, peerPort, downloadDir);
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

  /** Saves the fields if they are valid; returns whether the file was written. */
  public boolean save() {
    if (!valid.get()) return false;
    HostPort hp = parseHostPort(tracker.get());
    try {
      file.write(new GuiSettingsFile.Values(hp.host(), hp.port(),
          parsePort(peerPort.get(), 0, "Peer port"), downloadDir.get().strip()));
    } catch (RuntimeException e) {
      status.set(UserText.firstLine(e));
      return false;
    }
    status.set("Saved to " + file.path() + ". " + APPLIES_ON_RESTART);
    return true;
  }

  private String findProblem() {
    try {
      parseHostPort(tracker.get());
      parsePort(peerPort.get(), 0, "Peer port");
      String dir = downloadDir.get() == null ? "" : downloadDir.get().strip();
      if (dir.isEmpty()) return "Download folder is empty.";
      Path.of(dir);
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
