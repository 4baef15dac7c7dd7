package dev.p2p.gui.main;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusLogTest {
  static final Clock NOON = Clock.fixed(Instant.parse("2026-01-01T12:00:05Z"), ZoneOffset.UTC);

  @Test
  void linesAreStampedWithTheClocksTimeOfDay() {
    StatusLog log = new StatusLog(NOON);
    log.add("Shared a.bin");
    assertEquals("12:00:05  Shared a.bin", log.lines().get(0).toString());
  }

  @Test
  void keepsOnlyTheNewestLines() {
    StatusLog log = new StatusLog(NOON, 3);
    for (int i = 1; i <= 5; i++) log.add("line " + i);
    assertEquals(List.of("line 3", "line 4", "line 5"), log.lines().stream().map(LogLine::text).toList());
  }

  @Test
  void theWindowsLogHoldsAThousandLines() {
    StatusLog log = new StatusLog(NOON);
    for (int i = 0; i < StatusLog.MAX_LINES + 10; i++) log.add("line " + i);
    assertEquals(1000, log.lines().size());
    assertEquals("line 10", log.lines().get(0).text());
  }
}
