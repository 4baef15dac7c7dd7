package dev.p2p.gui.main;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.p2p.gui.FakeNode;
import dev.p2p.gui.main.TrackerStatusViewModel.State;
import dev.p2p.testing.ManualClock;
import dev.p2p.transfer.TransferEvent.TrackerChanged;
import dev.p2p.transfer.TransferEvent.TrackerStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The window's tracker line, through the main view model as the node's events reach it (a {@link
 * FakeNode}, UI executor {@code Runnable::run}, a manual clock in UTC).
 */
class TrackerStatusViewModelTest {
  static final String N = FakeNode.PEER_ID;
  static final String T = "127.0.0.1:5000";

  final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T14:02:11Z"));
  FakeNode node;
  MainViewModel vm;

  @BeforeEach
  void setUp() {
    node = new FakeNode();
    vm = new MainViewModel(node, Path.of("/tmp/p2p-downloads"), Runnable::run, text -> {}, clock);
    vm.start();
  }

  @Test
  void fromTheStartTheLineSaysUnreachableSinceWhenWhyAndCountsDownToTheRetry() {
    assertEquals("Tracker 127.0.0.1:5000: checking…", vm.trackerProperty().get());
    assertEquals(State.CHECKING, vm.trackerStatus().stateProperty().get());

    node.push(down(Duration.ofSeconds(8)));
    assertEquals("Tracker 127.0.0.1:5000: unreachable since 14:02:11 (Connection refused), retrying in 8 s",
        vm.trackerProperty().get());
    assertEquals(State.UNREACHABLE, vm.trackerStatus().stateProperty().get());

    clock.advance(Duration.ofMillis(5500));
    vm.trackerStatus().refresh();
    assertEquals("Tracker 127.0.0.1:5000: unreachable since 14:02:11 (Connection refused), retrying in 3 s",
        vm.trackerProperty().get());
    clock.advance(Duration.ofSeconds(3));
    vm.trackerStatus().refresh();
    assertEquals("Tracker 127.0.0.1:5000: unreachable since 14:02:11 (Connection refused), retrying now",
        vm.trackerProperty().get());
  }

  @Test
  void aLogLineOnEachChangeNotOnEachRetryAndConnectedWhenTheTrackerIsBack() {
    int before = vm.log().size();
    node.push(down(Duration.ofSeconds(1)));
    clock.advance(Duration.ofSeconds(1));
    node.push(down(Duration.ofSeconds(2)));
    clock.advance(Duration.ofSeconds(2));
    node.push(new TrackerStatus(N, T, true, clock.instant(), "", Duration.ZERO));

    assertEquals("Tracker 127.0.0.1:5000: connected", vm.trackerProperty().get());
    assertEquals(State.CONNECTED, vm.trackerStatus().stateProperty().get());
    assertEquals(List.of(
        "Tracker 127.0.0.1:5000 is unreachable (Connection refused); asking it again by itself, shares are"
            + " registered when it is back",
        "Tracker 127.0.0.1:5000 answers again; everything shared is registered there again"),
        vm.log().subList(before, vm.log().size()).stream().map(LogLine::text).toList());
  }

  @Test
  void afterAFailoverTheLineNamesTheNewTrackerAndSinceWhen() {
    node.push(new TrackerChanged(N, "10.0.0.2:5000"));
    node.push(new TrackerStatus(N, "10.0.0.2:5000", true, clock.instant(), "", Duration.ZERO));
    assertEquals("Tracker 10.0.0.2:5000: connected since 14:02:11 (the previous one did not answer)",
        vm.trackerProperty().get());
  }

  @Test
  void aMoveTheUserChoseIsNotCalledAFailure() {
    int before = vm.log().size();
    node.push(new TrackerChanged(N, "10.0.0.3:5000", true));
    node.push(new TrackerStatus(N, "10.0.0.3:5000", true, clock.instant(), "", Duration.ZERO));
    assertEquals("Tracker 10.0.0.3:5000: connected since 14:02:11 (as chosen in Settings)",
        vm.trackerProperty().get());
    assertEquals("Now using tracker 10.0.0.3:5000: as chosen in Settings; shares registered there again",
        vm.log().get(before).text());
  }

  private TrackerStatus down(Duration retryIn) {
    return new TrackerStatus(N, T, false, Instant.parse("2026-01-01T14:02:11Z"), "Connection refused", retryIn);
  }
}
