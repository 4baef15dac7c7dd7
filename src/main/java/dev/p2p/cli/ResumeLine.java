package dev.p2p.cli;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The command that resumes a {@code get} that gave up, ready to paste: {@code p2p} and the
 * arguments it was given, each quoted for a POSIX shell where it needs it, the file's ID or link
 * as {@code shown} (a private link without its key, a link read from stdin written out).
 */
final class ResumeLine {
  /** Arguments a shell takes as they are. */
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

  private ResumeLine() {}

  /** {@code p2p ARGS}, with the argument {@code given} (the ID or link as typed) written as {@code shown}. */
  static String of(List<String> args, String given, String shown) {
    return "p2p " + args.stream().map(a -> quote(a.equals(given) ? shown : a)).collect(Collectors.joining(" "));
  }

  /** {@code a} as one shell word: as it is when plain, else in single quotes. */
  static String quote(String a) {
    return PLAIN.matcher(a).matches() ? a : "'" + a.replace("'", "'\\''") + "'";
  }
}
