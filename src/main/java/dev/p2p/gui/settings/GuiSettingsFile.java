package dev.p2p.gui.settings;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The GUI's settings file (e.g. {@code ~/.p2p/gui.conf}): HOCON with full {@code p2p.*} keys, so
 * it reads like application.conf and layers on top of it. Example:
 *
 * <pre>
 * # p2p settings saved by the GUI's Settings dialog; they apply when p2p starts.
 * p2p.tracker.host = "127.0.0.1"
 * p2p.tracker.port = 5000
 * p2p.peer.port = 6000
 * p2p.download-dir = "/home/me/Downloads"
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

  /** The values the dialog edits. */
  public record Values(String trackerHost, int trackerPort, int peerPort, String downloadDir) {}

  private final Path file;

  public GuiSettingsFile(Path file) {
    this.file = file;
  }

  public Path path() {
    return file;
  }

  /**
   * The saved keys (any of {@code p2p.tracker.host}, {@code p2p.tracker.port},
   * {@code p2p.peer.port}, {@code p2p.download-dir}) for {@code AppSettings.load}; empty if the
   * file does not exist.
   *
   * @throws IllegalArgumentException if the file exists but cannot be read or parsed; the
   *     message names the file and the problem
   */
  public static Map<String, Object> overrides(Path file) {
    Config c = parse(file);
    Map<String, Object> out = new LinkedHashMap<>();
    for (String key : new String[] {TRACKER_HOST, TRACKER_PORT, PEER_PORT, DOWNLOAD_DIR}) {
      if (c.hasPath(key)) out.put(key, c.getValue(key).unwrapped());
    }
    return out;
  }

  /** The saved values, if the file exists and has all four keys. */
  public Optional<Values> read() {
    Config c = parse(file);
    try {
      if (!c.hasPath(TRACKER_HOST) || !c.hasPath(TRACKER_PORT) || !c.hasPath(PEER_PORT)
          || !c.hasPath(DOWNLOAD_DIR)) {
        return Optional.empty();
      }
      return Optional.of(new Values(c.getString(TRACKER_HOST), c.getInt(TRACKER_PORT),
          c.getInt(PEER_PORT), c.getString(DOWNLOAD_DIR)));
    } catch (ConfigException e) {
      throw new IllegalArgumentException("settings file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes all values, replacing the file in one step so a crash never leaves half a file. */
  public void write(Values v) {
    String text = "# p2p settings saved by the GUI's Settings dialog; they apply when p2p starts.\n"
        + TRACKER_HOST + " = " + quote(v.trackerHost()) + "\n"
        + TRACKER_PORT + " = " + v.trackerPort() + "\n"
        + PEER_PORT + " = " + v.peerPort() + "\n"
        + DOWNLOAD_DIR + " = " + quote(v.downloadDir()) + "\n";
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
