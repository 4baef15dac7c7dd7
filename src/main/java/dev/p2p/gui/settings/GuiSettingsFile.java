package dev.p2p.gui.settings;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValueFactory;
import dev.p2p.app.AppSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The GUI's settings file (e.g. {@code ~/.p2p/gui.conf}): HOCON with full {@code p2p.*} keys, so
 * it reads like application.conf and layers on top of it. Example:
 *
 * <pre>
 * # p2p settings saved by the window (Settings dialog, speed limits); read when p2p starts.
 * p2p.tracker.host = "127.0.0.1"
 * p2p.tracker.port = 5000
 * p2p.peer.port = 6000
 * p2p.download-dir = "/home/me/Downloads"
 * p2p.upload-limit = 2097152
 * p2p.download-limit = 0
 * p2p.gui.notifications = true
 * </pre>
 *
 * <p>The program that starts the GUI applies it with
 * {@code AppSettings.load(GuiSettingsFile.overrides(file))} before it creates the node.
 */
public final class GuiSettingsFile {
  static final String TRACKER_HOST = "p2p.tracker.host";
  static final String TRACKER_PORT = "p2p.tracker.port";
  static final String PEER_PORT = "p2p.peer.port";
  static final String DOWNLOAD_DIR = "p2p.download-dir";
  static final String UPLOAD_LIMIT = "p2p.upload-limit";
  static final String DOWNLOAD_LIMIT = "p2p.download-limit";
  /** Whether the window shows a desktop notification when a download ends (application.conf). */
  static final String NOTIFICATIONS = "p2p.gui.notifications";
  private static final String[] KEYS = {TRACKER_HOST, TRACKER_PORT, PEER_PORT, DOWNLOAD_DIR,
      UPLOAD_LIMIT, DOWNLOAD_LIMIT, NOTIFICATIONS};

  /**
   * The values the window edits; limits in bytes per second, 0 for none; {@code notifications}
   * whether a finished or failed download shows a desktop notification.
   */
  public record Values(String trackerHost, int trackerPort, int peerPort, String downloadDir,
      long uploadLimit, long downloadLimit, boolean notifications) {
    /** The values of the settings {@code s} (with {@code notifications}, which only the window reads). */
    public static Values of(AppSettings s, boolean notifications) {
      return new Values(s.trackerHost(), s.trackerPort(), s.peerPort(), s.downloadDir().toString(),
          s.uploadLimit(), s.downloadLimit(), notifications);
    }

    public Values withLimits(long upload, long download) {
      return new Values(trackerHost, trackerPort, peerPort, downloadDir, upload, download, notifications);
    }
  }

  private final Path file;

  public GuiSettingsFile(Path file) {
    this.file = file;
  }

  public Path path() {
    return file;
  }

  /**
   * The saved keys (any of {@code p2p.tracker.host}, {@code p2p.tracker.port},
   * {@code p2p.peer.port}, {@code p2p.download-dir}, the two limits, {@code p2p.gui.notifications})
   * for {@code AppSettings.load}; empty if the file does not exist.
   *
   * @throws IllegalArgumentException if the file exists but cannot be read or parsed; the
   *     message names the file and the problem
   */
  public static Map<String, Object> overrides(Path file) {
    Config c = parse(file);
    Map<String, Object> out = new LinkedHashMap<>();
    for (String key : KEYS) {
      if (c.hasPath(key)) out.put(key, c.getValue(key).unwrapped());
    }
    return out;
  }

  /**
   * Whether the window shows desktop notifications: {@code p2p.gui.notifications} as saved in
   * {@code file}, else as configured (application.conf, {@code -Dp2p.gui.notifications=false}).
   */
  public static boolean notifications(Path file) {
    return ConfigFactory.parseMap(overrides(file)).withFallback(ConfigFactory.load()).getBoolean(NOTIFICATIONS);
  }

  /** The saved values, each one the file lacks taken from {@code defaults}. */
  public Values read(Values defaults) {
    Config c = parse(file);
    try {
      return new Values(
          c.hasPath(TRACKER_HOST) ? c.getString(TRACKER_HOST) : defaults.trackerHost(),
          c.hasPath(TRACKER_PORT) ? c.getInt(TRACKER_PORT) : defaults.trackerPort(),
          c.hasPath(PEER_PORT) ? c.getInt(PEER_PORT) : defaults.peerPort(),
          c.hasPath(DOWNLOAD_DIR) ? c.getString(DOWNLOAD_DIR) : defaults.downloadDir(),
          c.hasPath(UPLOAD_LIMIT) ? c.getBytes(UPLOAD_LIMIT) : defaults.uploadLimit(),
          c.hasPath(DOWNLOAD_LIMIT) ? c.getBytes(DOWNLOAD_LIMIT) : defaults.downloadLimit(),
          c.hasPath(NOTIFICATIONS) ? c.getBoolean(NOTIFICATIONS) : defaults.notifications());
    } catch (ConfigException e) {
      throw new IllegalArgumentException("settings file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes all values, replacing the file in one step so a crash never leaves half a file. */
  public void write(Values v) {
    String text = "# p2p settings saved by the window (Settings dialog, speed limits); read when p2p starts.\n"
        + TRACKER_HOST + " = " + quote(v.trackerHost()) + "\n"
        + TRACKER_PORT + " = " + v.trackerPort() + "\n"
        + PEER_PORT + " = " + v.peerPort() + "\n"
        + DOWNLOAD_DIR + " = " + quote(v.downloadDir()) + "\n"
        + UPLOAD_LIMIT + " = " + v.uploadLimit() + "\n"
        + DOWNLOAD_LIMIT + " = " + v.downloadLimit() + "\n"
        + NOTIFICATIONS + " = " + v.notifications() + "\n";
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
      try {
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        try {
          Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not save settings to " + file + ": " + e.getMessage(), e);
    }
  }

  private static Config parse(Path file) {
    try {
      return ConfigFactory.parseFile(file.toFile(),
          ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(true));
    } catch (ConfigException e) {
      throw new IllegalArgumentException("settings file " + file + " is not valid: " + e.getMessage(), e);
    }
  }

  private static String quote(String s) {
    // A JSON string is valid HOCON and keeps backslashes of Windows paths intact.
    return ConfigValueFactory.fromAnyRef(s).render(ConfigRenderOptions.concise());
  }
}
