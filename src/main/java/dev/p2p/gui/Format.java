package dev.p2p.gui;

import java.util.Locale;

/** Human-readable figures for the GUI: sizes in binary units, speeds, remaining time. */
public final class Format {
  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

  private Format() {}

  /** {@code 0 B}, {@code 512 B}, {@code 1.5 KiB}, {@code 12.3 MiB}; empty for a negative (unknown) size. */
  public static String bytes(long n) {
    if (n < 0) return "";
    if (n < 1024) return n + " B";
    double v = n;
    int unit = 0;
    while (v >= 1024 && unit < UNITS.length - 1) {
      v /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, UNITS[unit]);
  }

  /** {@code 1.5 MiB/s}; empty when nothing moves. */
  public static String speed(double bytesPerSecond) {
    if (!(bytesPerSecond > 0)) return "";
    return bytes(Math.round(bytesPerSecond)) + "/s";
  }

  /** Time left at the current speed: {@code 42s}, {@code 3m 05s}, {@code 1h 02m}; empty if unknown. */
  public static String eta(long remainingBytes, double bytesPerSecond) {
    if (remainingBytes <= 0 || !(bytesPerSecond > 0)) return "";
    double seconds = Math.ceil(remainingBytes / bytesPerSecond);
    if (seconds >= 100 * 3600) return "> 99h";
    return duration((long) seconds);
  }

  /** {@code 42s}, {@code 3m 05s}, {@code 1h 02m}. */
  public static String duration(long seconds) {
    if (seconds < 60) return seconds + "s";
    if (seconds < 3600) return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
    return String.format(Locale.ROOT, "%dh %02dm", seconds / 3600, (seconds % 3600) / 60);
  }
}
