package dev.p2p.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command answers -h/--help and -V/--version with exit 0 and its text on stdout. */
class HelpTest {
  /** The subcommands, read from Main's annotation: a command added later is covered too. */
  static List<String> subcommands() {
    return List.copyOf(new CommandLine(new Main()).getSubcommands().keySet());
  }

  @Test
  void everySubcommandShowsItsUsageOnStdoutAndExitsZero() {
    List<String> names = subcommands();
    assertTrue(names.containsAll(List.of("tracker", "share", "get", "unshare", "gui", "demo", "simulate")),
        names::toString);
    for (String name : names) {
      for (String flag : List.of("--help", "-h")) {
        Captured r = Captured.run(name, flag);
        assertEquals(0, r.code(), name + " " + flag + ": " + r.err());
        assertTrue(r.out().contains("Usage: p2p " + name + " ["), name + " " + flag + ": " + r.out());
        assertEquals("", r.err(), name + " " + flag);
      }
    }
  }

  @Test
  void everyCommandPrintsTheVersion() {
    for (String name : subcommands()) {
      if (name.equals("help")) continue; // 'p2p help --version' is not a thing picocli's help takes
      Captured r = Captured.run(name, "--version");
      assertEquals(0, r.code(), name + ": " + r.err());
      assertTrue(r.out().startsWith("p2p "), name + ": " + r.out());
      assertEquals(1, r.out().lines().count(), r.out());
    }
    assertEquals(Captured.run("--version").out(), Captured.run("get", "-V").out());
  }

  @Test
  void privateSharingIsDescribedWhereItIsUsed() {
    String share = Captured.run("share", "--help").out();
    assertTrue(share.contains("--private") && share.contains("--expires") && share.contains("--max-downloads"), share);
    String get = Captured.run("get", "--help").out();
    assertTrue(get.contains("ID|LINK") && get.contains("P2P_KEY") && get.contains("'ps'"), get);
    assertTrue(Captured.run("unshare", "--help").out().contains("nobody new can find"));
  }

  @Test
  void theTopLevelHelpSaysWhatABareRunDoes() {
    Captured r = Captured.run("--help");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("Without a command"), r.out());
    assertFalse(Captured.run("get", "--help").out().contains("Without a command"),
        "the footer is the top level's only");
  }
}
