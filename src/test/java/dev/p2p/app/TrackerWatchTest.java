package dev.p2p.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.testing.ManualClock;
import dev.p2p.text.P2pException;
import dev.p2p.transfer.TransferEvent;
import dev.p2p.transfer.TransferEvent.TrackerStatus;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The tracker's state as a node tells it: from the ends of its requests, with probes on a timer
 * played by the test (each scheduled task is run by hand) and a manual clock.
 */
class TrackerWatchTest {
  static final InetSocketAddress A = new InetSocketAddress("127.0.0.1", 5000);
  static final InetSocketAddress B = new InetSocketAddress("127.0.0.1", 5001);
  static final P2pException DOWN = new P2pException("tracker 127.0.0.1:5000 is unreachable");

  final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T14:02:11Z"));
  final List<TransferEvent> events = new ArrayList<>();
  final List<Duration> delays = new ArrayList<>();
  final List<Runnable> tasks = new ArrayList<>();
  int probes;
  int cancelled;
  final TrackerWatch watch = new TrackerWatch("n", () -> probes++, events::add, (delay, task) -> {
    delays.add(delay);
    tasks.add(task);
    return () -> cancelled++;
  }, clock);

  @Test
  void aFailedRequestTellsUnreachableAndProbesWithBackoffUntilTheTrackerAnswers() {
    watch.exchanged(A, DOWN);
    TrackerStatus first = last();
    assertFalse(first.reachable());
    assertEquals("127.0.0.1:5000", first.tracker());
    assertEquals(clock.instant(), first.since());
    assertEquals("tracker 127.0.0.1:5000 is unreachable", first.reason());
    assertEquals(Duration.ofSeconds(1), first.retryIn());

    // Other requests failing while a probe is due add nothing: the probe's answer tells.
    watch.exchanged(A, DOWN);
    assertEquals(1, events.size());
    assertEquals(0, probes);

    clock.advance(Duration.ofSeconds(1));
    tasks.get(0).run();
    assertEquals(1, probes);
    watch.exchanged(A, DOWN); // the probe's own end
    assertEquals(Duration.ofSeconds(2), last().retryIn());
    assertEquals(first.since(), last().since(), "unreachable since the first failure");

    clock.advance(Duration.ofSeconds(2));
    tasks.get(1).run();
    watch.exchanged(A, null);
    assertTrue(last().reachable());
    assertEquals(clock.instant(), last().since());
    assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)), delays);

    // Answers while it answers are no news.
    watch.exchanged(A, null);
    assertEquals(3, events.size());
  }

  @Test
  void anAnswerCancelsTheProbeDue() {
    watch.exchanged(A, DOWN);
    watch.exchanged(A, null); // e.g. a download's query got through first
    assertEquals(1, cancelled);
    assertTrue(last().reachable());
    watch.exchanged(A, DOWN);
    assertEquals(Duration.ofSeconds(1), last().retryIn(), "the back-off starts again");
  }

  @Test
  void aNewSubscriberHearsTheStateWithTheWaitLeftAndNothingKnownMakesOneProbe() {
    assertEquals(Optional.empty(), watch.current());
    assertEquals(Optional.empty(), watch.current());
    assertEquals(1, probes, "one probe for the first subscribers, not one each");

    watch.exchanged(A, DOWN);
    clock.advance(Duration.ofMillis(400));
    assertEquals(Duration.ofMillis(600), watch.current().orElseThrow().retryIn());
    assertEquals(1, probes);
  }

  @Test
  void theStateIsAboutTheTrackerInUseAfterAFailover() {
    watch.exchanged(A, null);
    watch.exchanged(B, null);
    assertEquals("127.0.0.1:5001", last().tracker());
    assertTrue(last().reachable());
    assertEquals(2, events.size());
  }

  @Test
  void closedItProbesNoMore() {
    watch.exchanged(A, DOWN);
    watch.close();
    tasks.get(0).run();
    assertEquals(0, probes);
    watch.exchanged(A, DOWN);
    assertEquals(1, events.size());
  }

  @ParameterizedTest(name = "probe {0}: {1} s")
  @CsvSource({"1, 1", "2, 2", "3, 4", "5, 16", "6, 30", "100, 30"})
  void probesDoubleFromOneSecondUpToThirty(int n, long seconds) {
    assertEquals(Duration.ofSeconds(seconds), TrackerWatch.probeDelay(n));
  }

  private TrackerStatus last() {
    return (TrackerStatus) events.get(events.size() - 1);
  }
}
