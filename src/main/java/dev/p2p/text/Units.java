package dev.p2p.text;

import java.util.Locale;

/**
 * Figures for a person: byte counts in binary units (powers of 1024), speeds and remaining time,
 * and the parsing of sizes typed on the command line. The terminal and the window spell time
 * differently ("3 min 05 s" on one line of progress, "3m 05s" in a table column); both spellings
 * live here and share one way of splitting the seconds.
 */
public final class Units {
  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

  private Units() {}

  /**
   * "123", "64K", "64M", "1G", "2GiB", "512KB", "1.5G": powers of 1024, fractions allowed.
   *
   * @throws IllegalArgumentException with a message for the user, giving examples
   */
  public static long parseSize(String text) {
    String t = text.strip().toUpperCase(Locale.ROOT).replace("IB", "").replace("B", "");
    long mult = 1;
    if (!t.isEmpty()) {
      switch (t.charAt(t.length() - 1)) {
        case 'K' -> mult = 1L << 10;
        case 'M' -> mult = 1L << 20;
        case 'G' -> mult = 1L << 30;
        case 'T' -> mult = 1L << 40;
        default -> mult = 1;
      }
    }
    if (mult > 1) t = t.substring(0, t.length() - 1);
    try {
      double v = Double.parseDouble(t);
      if (v < 0 || Double.isNaN(v)) throw new NumberFormatException();
      return (long) (v * mult);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a size: '" + text + "' (examples: 1048576, 64K, 64M, 1G)");
    }
  }

  /** "0 B", "1023 B", "1.5 KiB", "12.3 MiB"; empty for a negative (unknown) count. */
  public static String bytes(double n) {
    if (n < 0) return "";
    double v = n;
    int unit = 0;
    while (v >= 1024 && unit < UNITS.length - 1) {
      v /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, unit == 0 ? "%.0f %s" : "%.1f %s", v, UNITS[unit]);
  }

  /** "1.5 MiB/s"; empty when nothing moves. */
  public static String speed(double bytesPerSecond) {
    if (!(bytesPerSecond > 0)) return "";
    return bytes(Math.round(bytesPerSecond)) + "/s";
  }

  /** Time left at the current speed, as {@link #compactDuration}; "> 99h" beyond; empty if unknown. */
  public static String eta(long remainingBytes, double bytesPerSecond) {
    if (remainingBytes <= 0 || !(bytesPerSecond > 0)) return "";
    double seconds = Math.ceil(remainingBytes / bytesPerSecond);
    if (seconds >= 100 * 3600) return "> 99h";
    return compactDuration((long) seconds);
  }

  /** "42s", "3m 05s", "1h 02m" (for a table column). */
  public static String compactDuration(long seconds) {
    return clock(seconds, "%ds", "%dm %02ds", "%dh %02dm");
  }

  /** "5 s", "3 min 05 s", "1 h 02 min" (for a line of terminal progress). */
  public static String spacedDuration(double seconds) {
    // Under a minute round up, so that a nearly finished download never says "0 s".
    if (seconds < 60) return String.format(Locale.ROOT, "%.0f s", Math.ceil(seconds));
    return clock((long) seconds, "%d s", "%d min %02d s", "%d h %02d min");
  }

  private static String clock(long s, String underAMinute, String underAnHour, String hours) {
    if (s < 60) return String.format(Locale.ROOT, underAMinute, s);
    if (s < 3600) return String.format(Locale.ROOT, underAnHour, s / 60, s % 60);
    return String.format(Locale.ROOT, hours, s / 3600, (s % 3600) / 60);
  }
}
