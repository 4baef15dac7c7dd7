package dev.p2p.cli;

import java.util.Locale;

/** Parses and prints byte counts ("64M", "1.5 GiB"). */
public final class Sizes {
  private Sizes() {}

  /** "123", "64K", "64M", "1G", "2GiB", "512KB": powers of 1024. */
  public static long parse(String text) {
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

  public static String human(double bytes) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    int u = 0;
    while (bytes >= 1024 && u < units.length - 1) {
      bytes /= 1024;
      u++;
    }
    return u == 0 ? String.format(Locale.ROOT, "%.0f %s", bytes, units[u])
        : String.format(Locale.ROOT, "%.1f %s", bytes, units[u]);
  }
}
