package dev.p2p.gui.history;

import static dev.p2p.gui.UiCalls.call;
import static dev.p2p.gui.UiCalls.onUi;

import dev.p2p.app.NodeFacade;
import dev.p2p.app.NodeFacade.HistoryEntry;
import dev.p2p.text.UserText;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The History tab's state: the node's ended downloads ({@link NodeFacade#history}, newest first),
 * the rows the filter box lets through (case-insensitive, on name, ID or result) and a status line
 * (how many, or why the history could not be read, in words; the last rows read stay). {@link
 * #refresh} is called at start and whenever a download ends; an answer older than one already
 * applied is dropped. Call on the UI thread; answers hop to {@code uiExecutor}.
 */
public final class HistoryViewModel {
  private final NodeFacade node;
  private final Executor uiExecutor;
  private final ZoneId zone;
  private final ObservableList<HistoryRow> all = FXCollections.observableArrayList();
  private final FilteredList<HistoryRow> shown = new FilteredList<>(all);
  private final StringProperty filter = new SimpleStringProperty(this, "filter", "");
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
  private long asked;
  private long applied;
  /** Why the latest read failed, or "" (the status line says it until a read succeeds). */
  private String failure = "";

  /** @param zone the time zone "when" is shown in */
  public HistoryViewModel(NodeFacade node, Executor uiExecutor, ZoneId zone) {
    this.node = node;
    this.uiExecutor = uiExecutor;
    this.zone = zone;
    filter.addListener((obs, old, now) -> applyFilter());
  }

  /** The rows the filter lets through. */
  public ObservableList<HistoryRow> rows() {
    return shown;
  }

  /** The filter box. */
  public StringProperty filterProperty() {
    return filter;
  }

  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  /** Reads the history from the node again. */
  public void refresh() {
    long mine = ++asked;
    onUi(call(node::history), uiExecutor, (entries, error) -> {
      // Answers may arrive out of order: never let an older one replace a newer one.
      if (mine < applied) return;
      applied = mine;
      failure = error == null ? "" : "Could not read the history: " + UserText.firstLine(error);
      if (error == null) {
        List<HistoryEntry> list = entries == null ? List.of() : entries;
        all.setAll(list.stream().map(e -> HistoryRow.of(e, zone)).toList());
      }
      applyFilter();
    });
  }

  private void applyFilter() {
    String needle = filter.get() == null ? "" : filter.get().strip().toLowerCase(Locale.ROOT);
    shown.setPredicate(needle.isEmpty() ? null : r -> r.matches(needle));
    if (!failure.isEmpty()) {
      status.set(failure);
      return;
    }
    long failed = all.stream().filter(r -> !r.completed()).count();
    String counts = all.size() + (all.size() == 1 ? " download" : " downloads")
        + (failed > 0 ? " (" + failed + " did not complete)" : "");
    status.set(all.isEmpty() ? "No download has ended yet."
        : needle.isEmpty() ? counts : shown.size() + " of " + counts + " match \u201c" + needle + "\u201d");
  }
}
