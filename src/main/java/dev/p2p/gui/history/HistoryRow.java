package dev.p2p.gui.history;

import dev.p2p.app.NodeFacade.HistoryEntry;
import dev.p2p.text.Units;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One ended download, formatted for the History table: the whole ID, the size, when it ended
 * (local time, to the minute), its result ("completed", "cancelled" or "failed: why"), average speed and how
 * many peers delivered chunks.
 */
public record HistoryRow(String name, String id, String size, String when, String result,
    String speed, int peers, boolean completed) {
  /** The reason a download the user cancelled ended with: shown as the result itself. */
  static final String CANCELLED = "cancelled";
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

  static HistoryRow of(HistoryEntry e, ZoneId zone) {
    String reason = e.reason() == null ? "" : e.reason().strip();
    String result = e.completed() ? "completed"
        : reason.isEmpty() ? "failed" : reason.equalsIgnoreCase(CANCELLED) ? CANCELLED : "failed: " + reason;
    String speed = Units.speed(e.bytesPerSecond());
    return new HistoryRow(String.valueOf(e.name()), e.id() == null ? "" : e.id().hex(), Units.bytes(e.size()),
        e.ended() == null ? "" : WHEN.format(e.ended().atZone(zone)), result, speed.isEmpty() ? "—" : speed,
        e.peers(), e.completed());
  }

  /** Whether {@code needle} (lower case, non-empty) is part of the name, the ID or the result. */
  boolean matches(String needle) {
    return name.toLowerCase(Locale.ROOT).contains(needle) || id.contains(needle)
        || result.toLowerCase(Locale.ROOT).contains(needle);
  }
}
