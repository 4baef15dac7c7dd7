package dev.p2p.gui.main;

import dev.p2p.transfer.TransferEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The window's line about its tracker, from the node's {@link TransferEvent.TrackerStatus} and
 * {@link TransferEvent.TrackerChanged} events: "Tracker 127.0.0.1:5000: connected", "Tracker
 * 127.0.0.1:5000: unreachable since 14:02:11 (Connection refused), retrying in 8 s" (the wait
 * counted down by {@link #refresh}, which the view calls every second), and one status-log line
 * each time the state changes (not on each failed retry). Call on the UI thread.
 */
public final class TrackerStatusViewModel {
  /** What the line says, for its colour. */
  public enum State { CHECKING, CONNECTED, UNREACHABLE }

  private static final DateTimeFormatter HH_MM_SS = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final Consumer<String> log;
  private final Clock clock;
  private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper(this, "text", "");
  private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.CHECKING);
  private String tracker;
  private TransferEvent.TrackerStatus last;
  /** When the node asks the tracker again, while it is unreachable. */
  private Instant retryAt;
  /** Since when the node uses {@link #tracker}, if it had to move to it. */
  private String movedAt;
  /** Why the node moved to the tracker in use, shown with {@link #movedAt}. */
  private String movedBecause = "";

  /** @param tracker the tracker the node starts with (host:port), or empty if it has none */
  TrackerStatusViewModel(String tracker, Consumer<String> log, Clock clock) {
    this.tracker = tracker;
    this.log = log;
    this.clock = clock;
    refresh();
  }

  /** The line, e.g. "Tracker 127.0.0.1:5000: connected"; empty for a node with no tracker. */
  public ReadOnlyStringProperty textProperty() {
    return text.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<State> stateProperty() {
    return state.getReadOnlyProperty();
  }

  /** Takes the node's tracker events; others are ignored. */
  void apply(TransferEvent e) {
    if (e instanceof TransferEvent.TrackerChanged c) {
      tracker = c.tracker();
      last = null;
      movedAt = at(clock.instant());
      movedBecause = c.chosen() ? "as chosen in Settings" : "the previous one did not answer";
      log.accept("Now using tracker " + c.tracker() + ": " + movedBecause + "; shares registered there again");
    } else if (e instanceof TransferEvent.TrackerStatus s) {
      onStatus(s);
    } else {
      return;
    }
    refresh();
  }

  private void onStatus(TransferEvent.TrackerStatus s) {
    if (!s.tracker().equals(tracker)) movedAt = null;
    boolean wasUp = last != null && last.reachable() && last.tracker().equals(s.tracker());
    boolean wasDown = last != null && !last.reachable() && last.tracker().equals(s.tracker());
    tracker = s.tracker();
    retryAt = s.reachable() ? null : clock.instant().plus(s.retryIn());
    if (s.reachable() && wasDown) {
      log.accept("Tracker " + s.tracker() + " answers again; everything shared is registered there again");
    } else if (s.reachable() && !wasUp) {
      log.accept("Connected to tracker " + s.tracker());
    } else if (!s.reachable() && !wasDown) {
      log.accept("Tracker " + s.tracker() + " is unreachable (" + s.reason() + "); asking it again by itself,"
          + " shares are registered when it is back");
    }
    last = s;
  }

  /** Recomputes the line (the retry countdown moves with the clock). */
  public void refresh() {
    if (tracker.isEmpty()) {
      text.set("");
      return;
    }
    String moved = movedAt == null ? "" : " since " + movedAt + " (" + movedBecause + ")";
    if (last == null) {
      state.set(State.CHECKING);
      text.set("Tracker " + tracker + (movedAt == null ? ": checking…" : moved));
    } else if (last.reachable()) {
      state.set(State.CONNECTED);
      text.set("Tracker " + tracker + ": connected" + moved);
    } else {
      state.set(State.UNREACHABLE);
      long left = Math.max(0, (Duration.between(clock.instant(), retryAt).toMillis() + 999) / 1000);
      text.set("Tracker " + tracker + ": unreachable since " + at(last.since()) + " (" + last.reason() + "), "
          + (left == 0 ? "retrying now" : "retrying in " + left + " s"));
    }
  }

  private String at(Instant t) {
    return LocalTime.ofInstant(t, clock.getZone()).format(HH_MM_SS);
  }
}
