package dev.p2p.gui.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.app.NodeFacade.SearchHit;
import dev.p2p.gui.FakeNode;
import dev.p2p.gui.main.MainViewModel;
import dev.p2p.storage.FileId;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Search tab's logic without a toolkit: the UI executor is {@code Runnable::run}. */
class SearchViewModelTest {
  static final String FULL = "0123456789abcdef".repeat(4);
  static final String ORIGINAL = "fedcba9876543210";

  FakeNode node;
  List<FileId> downloads;
  SearchViewModel vm;

  @BeforeEach
  void setUp() {
    node = new FakeNode();
    downloads = new ArrayList<>();
    vm = new SearchViewModel(node, Runnable::run, downloads::add);
  }

  @Test
  void searchesTheTrimmedWordsAndListsEachFileWithItsWholeId() {
    vm.wordsProperty().set("  Holiday ");
    vm.search();
    assertEquals(List.of("Holiday"), node.searches.stream().map(FakeNode.SearchCall::words).toList());
    assertTrue(vm.searchingProperty().get());
    assertEquals("Searching for \u201cHoliday\u201d…", vm.statusProperty().get());

    node.searches.get(0).result().complete(List.of(
        new SearchHit(FULL, "holiday.zip", 3 * 1024 * 1024, 4, 5),
        new SearchHit(ORIGINAL, "Holiday-notes.txt", -1, 1, 1),
        new SearchHit("ab".repeat(32), "holiday-old.tar", 10, 0, 2)));

    assertFalse(vm.searchingProperty().get());
    assertEquals("3 files found.", vm.statusProperty().get());
    assertEquals(List.of(
        new SearchResultRow(FULL, "holiday.zip", "3.0 MiB", 4, 5, "High", true, ""),
        new SearchResultRow(ORIGINAL, "Holiday-notes.txt", "?", 1, 1, "Medium", false,
            "A file of the original program: get it with  p2p get " + ORIGINAL),
        new SearchResultRow("ab".repeat(32), "holiday-old.tar", "10 B", 0, 2, "None", true, "")),
        vm.results());
  }

  @Test
  void anIdOfNeitherKindIsShownButOffersNoDownload() {
    SearchResultRow row = SearchResultRow.of(new SearchHit("not-hex", "odd.bin", 1, 1, 1));
    assertFalse(row.downloadable());
    assertFalse(row.original());
    assertEquals("Not a valid file ID", row.note());
    vm.download(row);
    assertEquals(List.of(), downloads);
  }

  @Test
  void availabilityIsHighFromThreeSeeders() {
    assertEquals(List.of("None", "Medium", "Medium", "High", "High"),
        List.of(0, 1, 2, 3, 10).stream().map(SearchResultRow::availability).toList());
  }

  @Test
  void anEmptyAnswerSaysSoInWords() {
    vm.wordsProperty().set("nothing-like-this");
    vm.search();
    node.searches.get(0).result().complete(List.of());
    assertEquals(List.of(), vm.results());
    assertEquals("No shared file has \u201cnothing-like-this\u201d in its name.", vm.statusProperty().get());
  }

  @Test
  void aTrackerErrorIsOneLineAndClearsOldResults() {
    vm.wordsProperty().set("a");
    vm.search();
    node.searches.get(0).result().complete(List.of(new SearchHit(FULL, "a.bin", 1, 1, 1)));
    vm.search();
    node.searches.get(1).result().completeExceptionally(
        new CompletionException(new IllegalStateException("tracker 127.0.0.1:5000 is unreachable\nat ...")));
    assertEquals(List.of(), vm.results());
    assertEquals("Search failed: tracker 127.0.0.1:5000 is unreachable", vm.statusProperty().get());
    assertFalse(vm.searchingProperty().get());
  }

  @Test
  void anOlderAnswerArrivingLateIsDropped() {
    vm.wordsProperty().set("first");
    vm.search();
    vm.wordsProperty().set("second");
    vm.search();
    node.searches.get(1).result().complete(List.of(new SearchHit(FULL, "second.bin", 1, 1, 1)));
    node.searches.get(0).result().complete(List.of(new SearchHit(FULL, "first.bin", 1, 1, 1)));
    assertEquals(List.of("second.bin"), vm.results().stream().map(SearchResultRow::name).toList());
  }

  @Test
  void blankOrTooLongWordsAreNotSent() {
    assertFalse(vm.canSearchProperty().get());
    vm.wordsProperty().set("   ");
    assertFalse(vm.canSearchProperty().get());
    vm.search();
    assertEquals("Type part of a file name to search for.", vm.statusProperty().get());
    vm.wordsProperty().set("x".repeat(SearchViewModel.MAX_WORDS + 1));
    assertFalse(vm.canSearchProperty().get());
    vm.search();
    assertEquals("Type at most 255 characters (this has 256).", vm.statusProperty().get());
    assertEquals(List.of(), node.searches);
    vm.wordsProperty().set("x".repeat(SearchViewModel.MAX_WORDS));
    assertTrue(vm.canSearchProperty().get());
  }

  @Test
  void downloadHandsOnAFullIdAndExplainsAnOriginalOne() {
    vm.wordsProperty().set("holiday");
    vm.search();
    node.searches.get(0).result().complete(List.of(
        new SearchHit(FULL, "holiday.zip", 1, 1, 1), new SearchHit(ORIGINAL, "notes.txt", -1, 1, 1)));

    vm.download(vm.results().get(0));
    assertEquals(List.of(new FileId(FULL)), downloads);
    assertEquals("Downloading holiday.zip: follow it on the Transfers tab.", vm.statusProperty().get());

    vm.download(vm.results().get(1));
    assertEquals(1, downloads.size());
    assertEquals("A file of the original program: get it with  p2p get " + ORIGINAL + ".", vm.statusProperty().get());
  }

  @Test
  void aResultsDownloadStartsInTheWindowsDownloadFolder() {
    MainViewModel main = new MainViewModel(node, Path.of("/tmp/p2p-downloads"), Runnable::run, t -> {},
        Clock.systemUTC());
    main.start();
    SearchViewModel search = new SearchViewModel(node, Runnable::run, main::download);
    main.idTextProperty().set("typed but not sent");
    search.wordsProperty().set("holiday");
    search.search();
    node.searches.get(0).result().complete(List.of(new SearchHit(FULL, "holiday.zip", 1, 1, 1)));
    search.download(search.results().get(0));

    assertEquals(new FileId(FULL), node.downloads.get(0).id());
    assertEquals(Path.of("/tmp/p2p-downloads"), node.downloads.get(0).outDir());
    assertEquals("typed but not sent", main.idTextProperty().get());
    assertEquals(1, main.transfers().size());

    main.destinationProperty().set(" ");
    search.download(search.results().get(0));
    assertEquals(1, node.downloads.size());
    assertEquals("Not downloading 01234567…: Choose a folder to download into.", main.errorProperty().get());
  }
}
