package dev.p2p.gui.main;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** One line of the status log: when, and what happened in plain language. */
public record LogLine(LocalTime time, String text) {
  private static final DateTimeFormatter HH_MM_SS = DateTimeFormatter.ofPattern("HH:mm:ss");

  @Override
  public String toString() {
    return HH_MM_SS.format(time) + "  " + text;
  }
}
