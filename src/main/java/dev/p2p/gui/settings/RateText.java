package dev.p2p.gui.settings;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;

/**
 * A speed limit as the user types it in the window: bytes per second written as in
 * application.conf ({@code 2500000}, {@code 500K}, {@code 2M}: K and M are 1024 and 1024²), or
 * {@code unlimited} (also {@code 0} or nothing). Parsed by the same code that reads the config.
 */
public final class RateText {
  /** What the window shows for no limit. */
  public static final String UNLIMITED = "unlimited";
  /** Longer input is refused before parsing: no speed needs more. */
  static final int MAX_CHARS = 32;
  /** Above this (a terabyte per second) a limit is surely a typo. */
  static final long MAX_RATE = 1L << 40;

  private RateText() {}

  /**
   * Bytes per second, 0 for unlimited.
   *
   * @throws IllegalArgumentException with a message for the user, naming {@code what}
   */
  public static long parse(String text, String what) {
    String t = text == null ? "" : text.strip();
    if (t.isEmpty() || t.equalsIgnoreCase(UNLIMITED)) return 0;
    if (t.length() > MAX_CHARS) throw new IllegalArgumentException(what + " is too long.");
    long bytes;
    try {
      bytes = ConfigFactory.empty().withValue("v", ConfigValueFactory.fromAnyRef(t)).getBytes("v");
    } catch (ConfigException e) {
      throw new IllegalArgumentException(what + " must be bytes per second like 500K or 2M, or "
          + UNLIMITED + ", not '" + t + "'.", e);
    }
    if (bytes < 0 || bytes > MAX_RATE) {
      throw new IllegalArgumentException(what + " must be from 0 to 1T, not '" + t + "'.");
    }
    return bytes;
  }

  /** {@code bytesPerSecond} as {@link #parse} reads it: "unlimited", "2M", "500K" or bytes. */
  public static String format(long bytesPerSecond) {
    if (bytesPerSecond <= 0) return UNLIMITED;
    if (bytesPerSecond % (1024 * 1024) == 0) return bytesPerSecond / (1024 * 1024) + "M";
    if (bytesPerSecond % 1024 == 0) return bytesPerSecond / 1024 + "K";
    return String.valueOf(bytesPerSecond);
  }

  /** For messages: "2M/s", "unlimited". */
  public static String perSecond(long bytesPerSecond) {
    return bytesPerSecond <= 0 ? UNLIMITED : format(bytesPerSecond) + "/s";
  }
}
