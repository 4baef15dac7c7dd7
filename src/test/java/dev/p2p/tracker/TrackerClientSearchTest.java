package dev.p2p.tracker;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.protocol.ErrorCode;
import dev.p2p.protocol.Message;
import dev.p2p.protocol.Search;
import dev.p2p.protocol.SearchResult;
import dev.p2p.testing.ScriptedTracker;
import dev.p2p.text.UserText;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** {@link TrackerClient#search} against a tracker played over real TCP. */
class TrackerClientSearchTest {
  static final ActorTestKit testKit = ActorTestKit.create();
  static final SearchResult.Found MOVIE = new SearchResult.Found("ab".repeat(32), "Holiday Movie.mkv",
      5_000_000, 20, 2, 3);
  static final SearchResult.Found ORIGINALS = new SearchResult.Found("0123456789abcdef",
      "old movie.avi", -1, 7, 1, 1);

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  static String failure(ExecutionException e) {
    return UserText.oneLine(UserText.unwrap(e));
  }

  @Test
  void sendsTheTrimmedWordsAndReturnsTheTrackersAnswer() throws Exception {
    SearchResult answer = new SearchResult(List.of(MOVIE, ORIGINALS), 2);
    try (ScriptedTracker t = ScriptedTracker.start(testKit.system(), m -> answer)) {
      TrackerClient client = TrackerClientFailoverTest.clientOf(t.address());
      assertEquals(answer, client.search("  movie ").toCompletableFuture().get(10, SECONDS));
      assertEquals(List.of(new Search("movie")), t.received());
    }
  }

  @Test
  void aTrackerThatPredatesSearchFailsInOneLineSayingSo() throws Exception {
    try (ScriptedTracker t = ScriptedTracker.start(testKit.system(),
        m -> Message.Error.of(ErrorCode.BAD_REQUEST, "unknown message type SEARCH"))) {
      TrackerClient client = TrackerClientFailoverTest.clientOf(t.address());
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> client.search("movie").toCompletableFuture().get(10, SECONDS));
      assertTrue(failure(e).contains("cannot search by name"), failure(e));
    }
  }

  @Test
  void noWordsOrTooManyFailWithoutAskingTheTracker() throws Exception {
    try (ScriptedTracker t = ScriptedTracker.start(testKit.system(), m -> new SearchResult(List.of(), 0))) {
      TrackerClient client = TrackerClientFailoverTest.clientOf(t.address());
      ExecutionException none = assertThrows(ExecutionException.class,
          () -> client.search("   ").toCompletableFuture().get(10, SECONDS));
      assertEquals("nothing to search for", failure(none));
      assertThrows(ExecutionException.class, () -> client.search("x".repeat(Search.MAX_WORDS + 1))
          .toCompletableFuture().get(10, SECONDS));
      assertEquals(List.of(), t.received());
    }
  }
}
