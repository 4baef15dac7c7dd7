package dev.p2p.gui.search;

import static dev.p2p.gui.UiCalls.call;
import static dev.p2p.gui.UiCalls.onUi;

import dev.p2p.app.NodeFacade;
import dev.p2p.app.NodeFacade.SearchHit;
import dev.p2p.protocol.Search;
import dev.p2p.storage.FileId;
import dev.p2p.text.UserText;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Search tab's state: the words, the results and a line saying where the search is
 * ("Searching…", how many found, none found, or why it failed, in words). The search runs in the
 * node ({@link NodeFacade#search}); its answer is applied on the UI thread, and an answer to an
 * older search that arrives after a newer one was started is dropped. "Download" on a row hands
 * its full ID to {@code download} (the window starts it as if pasted, into the download folder).
 */
public final class SearchViewModel {
  /** The longest search the tracker takes (a name is at most that long, too). */
  public static final int MAX_WORDS = Search.MAX_WORDS;

  private final NodeFacade node;
  private final Executor uiExecutor;
  private final Consumer<FileId> download;
  private final StringProperty words = new SimpleStringProperty(this, "words", "");
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
  private final ReadOnlyBooleanWrapper searching = new ReadOnlyBooleanWrapper(this, "searching", false);
  private final ObservableList<SearchResultRow> results = FXCollections.observableArrayList();
  private final BooleanBinding canSearch;
  /** Which search the latest answer must belong to. */
  private long generation;

  public SearchViewModel(NodeFacade node, Executor uiExecutor, Consumer<FileId> download) {
    this.node = node;
    this.uiExecutor = uiExecutor;
    this.download = download;
    canSearch = Bindings.createBooleanBinding(() -> problem(words.get()).isEmpty(), words);
  }

  /** The search box. */
  public StringProperty wordsProperty() {
    return words;
  }

  /** Where the search is, in words; empty before the first. */
  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty searchingProperty() {
    return searching.getReadOnlyProperty();
  }

  public BooleanBinding canSearchProperty() {
    return canSearch;
  }

  public ObservableList<SearchResultRow> results() {
    return results;
  }

  /** Asks the tracker for the files whose name contains the words (after trimming). */
  public void search() {
    String problem = problem(words.get());
    if (!problem.isEmpty()) {
      status.set(problem);
      return;
    }
    String text = words.get().strip();
    long mine = ++generation;
    searching.set(true);
    status.set("Searching for \u201c" + text + "\u201d…");
    onUi(call(() -> node.search(text)), uiExecutor, (hits, failure) -> {
      if (mine != generation) return;
      searching.set(false);
      if (failure != null) {
        results.clear();
        status.set("Search failed: " + UserText.firstLine(failure));
        return;
      }
      List<SearchHit> found = hits == null ? List.of() : hits;
      results.setAll(found.stream().map(SearchResultRow::of).toList());
      status.set(found.isEmpty() ? "No shared file has \u201c" + text + "\u201d in its name."
          : found.size() == 1 ? "1 file found." : found.size() + " files found.");
    });
  }

  /** Starts downloading {@code row}'s file; a row that offers no download says why instead. */
  public void download(SearchResultRow row) {
    row.fileId().ifPresentOrElse(id -> {
      download.accept(id);
      status.set("Downloading " + row.name() + ": follow it on the Transfers tab.");
    }, () -> status.set(row.note() + "."));
  }

  /** Why {@code text} cannot be searched for, or "" if it can. */
  static String problem(String text) {
    String t = text == null ? "" : text.strip();
    if (t.isEmpty()) return "Type part of a file name to search for.";
    if (t.length() > MAX_WORDS) return "Type at most " + MAX_WORDS + " characters (this has " + t.length() + ").";
    return "";
  }
}
