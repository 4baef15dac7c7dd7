package dev.p2p.transfer;

import dev.p2p.storage.PeerAddress;
import dev.p2p.text.Units;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A downloading phase's wait for a peer that can deliver: it begins when no peer left has a
 * missing chunk (the only sharer went away, or the tracker lists none), lasts at most {@code
 * limit} (the node's {@code p2p.wait-for-peers}, {@code get --wait}), and ends as soon as a peer
 * can deliver again. It keeps the words of it: what is missing, who went away last and why, and
 * what is kept when it gives up. Plain Java, used on the download actor's thread; times are the
 * download's clock in nanoseconds.
 */
final class PeerWait {
  /** Pekko's wording of a failed connect: "Tcp command [Connect(...)] failed because of java.net.X: why". */
  private static final Pattern BECAUSE = Pattern.compile("failed because of (?:[\\w.$]+: )?(.+)$");

  private final Duration limit;
  /** When the wait began, while waiting. */
  private Optional<Long> since = Optional.empty();
  private Optional<String> lastLoss = Optional.empty();
  /** The reason last told the user during this wait: told again only when it changes. */
  private String told = "";

  PeerWait(Duration limit) {
    this.limit = limit;
  }

  /**
   * Peer {@code a} was dropped for {@code reason}: the wait's words name the last one. Returns
   * the reason in few words ({@link #shortReason}), as the user is told it.
   */
  String lost(PeerAddress a, String reason) {
    String why = shortReason(reason);
    lastLoss = Optional.of("the last one, " + a + ", went away: " + why);
    return why;
  }

  boolean waiting() {
    return since.isPresent();
  }

  /** Begins the wait at {@code now}, unless it is under way. */
  void begin(long now) {
    if (since.isEmpty()) since = Optional.of(now);
  }

  /** A peer can deliver again: the wait is over (a later one counts from its own start). */
  void end() {
    since = Optional.empty();
    told = "";
  }

  /** True once the wait has lasted its limit (at once with a limit of 0). */
  boolean expired(long now) {
    return since.isPresent() && now - since.get() >= limit.toNanos();
  }

  /**
   * Why it waits, in words: "no peer has the missing 37 chunks (the last one, HOST:PORT, went
   * away: connection refused)"; {@code connected} peers are connected and lack them all.
   */
  String reason(int missing, int connected) {
    String why = connected > 0 ? connected + " connected peer(s) lack them"
        : lastLoss.orElse("the tracker lists none that answers");
    return "no peer has the missing " + missing + " chunk" + (missing == 1 ? "" : "s") + " (" + why + ")";
  }

  /** True (once per wording) when {@code reason} is not what the user was last told. */
  boolean news(String reason) {
    if (reason.equals(told)) return false;
    told = reason;
    return true;
  }

  /**
   * The one line of giving up: why, for how long it waited, and what is kept for a resume
   * ({@code done} of {@code total} chunks in {@code part}).
   */
  String gaveUp(String reason, int done, int total, Path part) {
    String waited = limit.isZero() ? "" : " after waiting " + Units.spacedDuration(limit.toMillis() / 1000.0);
    return String.format(Locale.ROOT, "gave up%s: %s; %d of %d chunks are kept in %s", waited, reason,
        done, total, part.toAbsolutePath());
  }

  /**
   * A peer's loss in few words: a connect failure as its cause ("connection refused"), anything
   * else as it was said.
   */
  static String shortReason(String reason) {
    Matcher m = BECAUSE.matcher(reason);
    if (!m.find()) return reason;
    String why = m.group(1); // "Connection refused" reads as "connection refused" after a colon
    return why.substring(0, 1).toLowerCase(Locale.ROOT) + why.substring(1);
  }
}
