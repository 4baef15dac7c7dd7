package dev.p2p.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Checks of {@code p2p gui} that need no window. */
class GuiCommandTest {
  @Test
  void refusesAnInvalidDownloadIdBeforeStartingAnything() {
    // Fails before a node or the toolkit starts (port 1 would not be free to bind anyway).
    assertEquals(1, Main.run("gui", "--download", "abc", "--port", "1"));
  }
}
