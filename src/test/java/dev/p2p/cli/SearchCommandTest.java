package dev.p2p.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import dev.p2p.app.NodeFacade.SearchHit;
import dev.p2p.protocol.Search;
import dev.p2p.protocol.SearchResult;
import dev.p2p.testing.ScriptedTracker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** {@code p2p search} in-process against a tracker played over real TCP. */
class SearchCommandTest {
  static final ActorTestKit testKit = ActorTestKit.create();
  static final String FULL_ID = "ab".repeat(32);
  static final String SHORT_ID = "0123456789abcdef";
  static final SearchResult TWO = new SearchResult(List.of(
      new SearchResult.Found(FULL_ID, "Holiday Movie.mkv", 5 * 1024 * 1024, 20, 2, 3),
      new SearchResult.Found(SHORT_ID, "old movie.avi", -1, 7, 1, 1)), 2);

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  /** A run with a fresh identity and no pins written (never the user's ~/.p2p). */
  static Captured search(String... args) {
    System.setProperty("p2p.state-dir", "");
    ConfigFactory.invalidateCaches();
    try {
      String[] all = new String[args.length + 1];
      all[0] = "search";
      System.arraycopy(args, 0, all, 1, args.length);
      return Captured.run(all);
    } finally {
      System.clearProperty("p2p.state-dir");
      ConfigFactory.invalidateCaches();
    }
  }

  static String at(ScriptedTracker t) {
    return "127.0.0.1:" + t.port();
  }

  @Test
  void printsATableWithEveryIdWholeAndTheOriginalsSizeUnknown() throws Exception {
    try (ScriptedTracker t = ScriptedTracker.start(testKit.system(), m -> TWO)) {
      Captured r = search("holiday", "movie", "--tracker", at(t));
      assertEquals(0, r.code(), r.err());
      assertEquals(List.of(new Search("holiday movie")), t.received());
      List<String> lines = r.out().lines().toList();
      assertEquals(3, lines.size(), r.out());
      assertTrue(lines.get(0).matches("ID +NAME +SIZE +SEEDERS +PEERS"), lines.get(0));
      assertTrue(lines.get(1).matches(FULL_ID + "  Holiday Movie\\.mkv +5\\.0 MiB +2 +3"), lines.get(1));
      assertTrue(lines.get(2).matches(SHORT_ID + " +old movie\\.avi +\\? +1 +1"), lines.get(2));
      assertEquals(lines.get(1).indexOf("Holiday"), lines.get(2).indexOf("old"), "columns line up");
      assertEquals("", r.err());
    }
  }

  @Test
  void jsonIsOneObjectPerFile() throws Exception {
    try (ScriptedTracker t = ScriptedTracker.start(testKit.system(), m -> TWO)) {
      Captured r = search("movie", "--json", "--tracker", at(t));
      assertEquals(0, r.code(), r.err());
      List<String> lines = r.out().lines().toList();
      assertEquals(2, lines.size(), r.out());
      JsonNode first = new ObjectMapper().readTree(lines.get(0));
      assertEquals(FULL_ID, first.get("file_id").asText());
      assertEquals("Holiday Movie.mkv", first.get("name").asText());
      assertEquals(5 * 1024 * 1024, first.get("size").asLong());
      assertEquals(2, first.get("seeders").asInt());
      assertEquals(3, first.get("peers").asInt());
      assertEquals(-1, new ObjectMapper().readTree(lines.get(1)).get("size").asLong());
    }
  }

  @Test
  void noMatchIsOneLineOnStderrAndExitsZero() throws Exception {
    try (ScriptedTracker t = ScriptedTracker.start(testKit.system(), m -> new SearchResult(List.of(), 0))) {
      Captured r = search("nothing-like-it", "--tracker", at(t));
      assertEquals(0, r.code(), r.err());
      assertEquals("", r.out());
      assertEquals("no file matches 'nothing-like-it'", r.err().strip());
    }
  }

  @Test
  void aListCutShortSaysHowManyMatchedInAll() throws Exception {
    try (ScriptedTracker t = ScriptedTracker.start(testKit.system(), m -> new SearchResult(TWO.files(), 250))) {
      Captured r = search("movie", "--tracker", at(t));
      assertEquals(0, r.code(), r.err());
      assertTrue(r.err().contains("showing 2 of 250 matches"), r.err());
    }
  }

  @Test
  void anUnreachableTrackerIsOneLineAndExitSeven() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Captured r = search("movie", "--tracker", "127.0.0.1:" + port);
    assertEquals(7, r.code(), "tracker unreachable: README's exit codes");
    assertEquals("", r.out());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().startsWith("error: tracker 127.0.0.1:" + port + " is unreachable"), r.err());
  }

  @Test
  void aNameCannotMoveTheCursorOrBreakItsRow() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    SearchCommand.print(List.of(new SearchHit(FULL_ID, "evil\u001b[2J\nname\u202egpj.exe", 1, 0, 1)),
        false, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(2, out.lines().count(), out);
    assertTrue(out.contains("evil?[2J?name?gpj.exe"), out);
    assertFalse(out.contains("\u001b"), out);
  }
}
