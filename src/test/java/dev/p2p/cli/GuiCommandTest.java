package dev.p2p.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Checks of {@code p2p gui} that need no window. */
class GuiCommandTest {
  @Test
  void refusesAnInvalidDownloadIdBeforeStartingAnything() {
    // Fails before a node or the toolkit starts (port 1 would not be free to bind anyway).
    assertEquals(1, Main.run("gui", "--download", "abc", "--port", "1"));
  }

  @Test
  void helpSaysWhatTheWindowNeedsOnEachOs() {
    Captured help = Captured.run("gui", "--help");
    assertEquals(0, help.code(), help.err());
    String text = help.out().replaceAll("\\s+", " ");
    assertTrue(text.contains("On Linux the window needs GTK 3 and a display; on Windows and macOS, the zip"), text);
  }

  @Test
  void aToolkitThatCannotStartIsOneLineWithTheFix() {
    String gtk = GuiCommand.toolkitProblem(new RuntimeException("wrapped",
        new UnsupportedOperationException("Unable to load glass GTK library."))).orElseThrow();
    assertTrue(gtk.contains("apt-get install libgtk-3-0"), gtk);
    String display = GuiCommand.toolkitProblem(
        new UnsupportedOperationException("Unable to open DISPLAY")).orElseThrow();
    assertTrue(display.startsWith("no display"), display);
    assertTrue(GuiCommand.toolkitProblem(new IllegalStateException("other")).isEmpty());
  }
}
