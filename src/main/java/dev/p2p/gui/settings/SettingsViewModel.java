package dev.p2p.gui.settings;

import dev.p2p.app.AppSettings;
import dev.p2p.gui.UserMessages;
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

  /** A parsed tracker address. */
  public record HostPort(String host, int port) {}

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
      status.set("Could not read " + file.path() + " (" + UserMessages.of(e)
          + "); showing the settings in use.");
    }
    tracker.set(formatHostPort(v.trackerHost(), v.trackerPort()));
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
      status.set(UserMessages.of(e));
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
   * Parses {@code host:port} or {@code [ipv6]:port}; the port must be 1..65535.
   *
   * @throws IllegalArgumentException with a message for the user
   */
  public static HostPort parseHostPort(String text) {
    String t = text == null ? "" : text.strip();
    if (t.isEmpty()) throw new IllegalArgumentException("Tracker address is empty: expected host:port.");
    String host;
    String port;
    if (t.startsWith("[")) {
      int end = t.indexOf(']');
      if (end < 0 || end + 1 >= t.length() || t.charAt(end + 1) != ':') {
        throw new IllegalArgumentException("Tracker address must be [IPv6]:port, e.g. [::1]:5000.");
      }
      host = t.substring(1, end);
      port = t.substring(end + 2);
    } else {
      int colon = t.lastIndexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("Tracker address needs a port: expected host:port, e.g. 127.0.0.1:5000.");
      }
      host = t.substring(0, colon);
      port = t.substring(colon + 1);
      if (host.indexOf(':') >= 0) {
        throw new IllegalArgumentException("Write an IPv6 tracker address in brackets: [::1]:5000.");
      }
    }
    if (host.isEmpty()) throw new IllegalArgumentException("Tracker host is empty: expected host:port.");
    if (host.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("Tracker host must not contain spaces.");
    }
    return new HostPort(host, parsePort(port, 1, "Tracker port"));
  }

  /**
   * Parses a TCP port in {@code min..65535} (0 means "any free port" where allowed).
   *
   * @throws IllegalArgumentException with a message naming {@code what}
   */
  public static int parsePort(String text, int min, String what) {
    String t = text == null ? "" : text.strip();
    int port;
    try {
      port = Integer.parseInt(t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " must be a number from " + min + " to 65535"
          + (t.isEmpty() ? "." : ", not '" + t + "'."));
    }
    if (port < min || port > 65535) {
      throw new IllegalArgumentException(what + " must be from " + min + " to 65535, not " + port + ".");
    }
    return port;
  }

  static String formatHostPort(String host, int port) {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
