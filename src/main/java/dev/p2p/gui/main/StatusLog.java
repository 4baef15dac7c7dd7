package dev.p2p.gui.main;

import java.time.Clock;
import java.time.LocalTime;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The window's plain-language status log: lines stamped with the {@link Clock}'s time of day, at
 * most {@code maxLines} of them (the oldest go first), so that a long session does not grow it
 * without end. Changed on the UI thread only.
 */
public final class StatusLog {
  static final int MAX_LINES = 1000;

  private final ObservableList<LogLine> lines = FXCollections.observableArrayList();
  private final Clock clock;
  private final int maxLines;

  public StatusLog(Clock clock) {
    this(clock, MAX_LINES);
  }

  StatusLog(Clock clock, int maxLines) {
    this.clock = clock;
    this.maxLines = maxLines;
  }

  public ObservableList<LogLine> lines() {
    return lines;
  }

  public void add(String text) {
    lines.add(new LogLine(LocalTime.now(clock), text));
    if (lines.size() > maxLines) lines.remove(0, lines.size() - maxLines);
  }
}
