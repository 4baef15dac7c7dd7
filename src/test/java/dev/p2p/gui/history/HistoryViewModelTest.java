package dev.p2p.gui.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.p2p.app.NodeFacade.HistoryEntry;
import dev.p2p.app.NodeFacade.Totals;
import dev.p2p.gui.FakeNode;
import dev.p2p.storage.FileId;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The History tab and the totals line without a toolkit. */
class HistoryViewModelTest {
  static final FileId A = new FileId("0123456789abcdef".repeat(4));
  static final FileId B = new FileId("fedcba9876543210".repeat(4));
  static final long MIB = 1024 * 1024;

  FakeNode node;
  HistoryViewModel vm;

  @BeforeEach
  void setUp() {
    node = new FakeNode();
    vm = new HistoryViewModel(node, Runnable::run, ZoneOffset.ofHours(1));
  }

  @Test
  void showsEachEndedDownloadFormatted() {
    vm.refresh();
    node.historyCalls.get(0).complete(entries());

    assertEquals(List.of(
        new HistoryRow("Movie.mkv", A.hex(), "100.0 MiB", "2026-01-01 13:34", "completed", "2.0 MiB/s", 3, true),
        new HistoryRow("notes.txt", B.hex(), "1.0 KiB", "2026-01-02 09:00", "cancelled", "—", 0, false)),
        vm.rows());
    assertEquals("2 downloads (1 did not complete)", vm.statusProperty().get());
  }

  @Test
  void theFilterMatchesNameIdOrResultIgnoringCase() {
    vm.refresh();
    node.historyCalls.get(0).complete(entries());

    vm.filterProperty().set("MOVIE");
    assertEquals(List.of("Movie.mkv"), names());
    assertEquals("1 of 2 downloads (1 did not complete) match \u201cmovie\u201d", vm.statusProperty().get());
    vm.filterProperty().set(" fedcba98 ");
    assertEquals(List.of("notes.txt"), names());
    vm.filterProperty().set("cancelled");
    assertEquals(List.of("notes.txt"), names());
    vm.filterProperty().set("nothing");
    assertEquals(List.of(), names());
    vm.filterProperty().set("");
    assertEquals(List.of("Movie.mkv", "notes.txt"), names());
  }

  @Test
  void aRefreshKeepsTheFilterAndAFailureKeepsTheLastRows() {
    vm.refresh();
    node.historyCalls.get(0).complete(entries());
    vm.filterProperty().set("notes");
    vm.refresh();
    node.historyCalls.get(1).complete(List.of(entries().get(1), new HistoryEntry(A, "notes-2.txt", 5,
        Instant.parse("2026-01-03T00:00:00Z"), true, "", 5, 1)));
    assertEquals(List.of("notes.txt", "notes-2.txt"), names());

    vm.refresh();
    node.historyCalls.get(2).completeExceptionally(new CompletionException(new IllegalStateException("history is not available on this node")));
    assertEquals(List.of("notes.txt", "notes-2.txt"), names());
    assertEquals("Could not read the history: history is not available on this node", vm.statusProperty().get());
  }

  @Test
  void anOlderAnswerNeverReplacesANewerOne() {
    vm.refresh();
    vm.refresh();
    node.historyCalls.get(1).complete(entries());
    node.historyCalls.get(0).complete(List.of());
    assertEquals(2, vm.rows().size());
  }

  @Test
  void aFailureSaysWhy() {
    vm.refresh();
    node.historyCalls.get(0).complete(List.of(new HistoryEntry(A, "a.bin", 1, Instant.EPOCH, false,
        "no peer has this file", 0, 0), new HistoryEntry(B, "b.bin", 1, Instant.EPOCH, false, "", 0, 0)));
    assertEquals(List.of("failed: no peer has this file", "failed"), vm.rows().stream().map(HistoryRow::result).toList());
  }

  @Test
  void anEmptyHistorySaysSo() {
    vm.refresh();
    node.historyCalls.get(0).complete(List.of());
    assertEquals("No download has ended yet.", vm.statusProperty().get());
  }

  @Test
  void totalsAreFormattedAndOneReadIsUnderWayAtATime() {
    TotalsViewModel totals = new TotalsViewModel(node, Runnable::run);
    totals.refresh();
    totals.refresh();
    assertEquals(1, node.totalsCalls.size(), "a read under way is not asked again");
    node.totalsCalls.get(0).complete(new Totals(3L * 1024 * MIB / 2, 300 * MIB));
    assertEquals("Uploaded 1.5 GiB \u00b7 Downloaded 300.0 MiB", totals.textProperty().get());

    totals.refresh();
    node.totalsCalls.get(1).completeExceptionally(new IllegalStateException("totals is not available on this node"));
    assertEquals("Totals unavailable: totals is not available on this node", totals.textProperty().get());
    totals.refresh();
    node.totalsCalls.get(2).complete(new Totals(0, 512));
    assertEquals("Uploaded 0 B \u00b7 Downloaded 512 B", totals.textProperty().get());
  }

  private List<String> names() {
    return vm.rows().stream().map(HistoryRow::name).toList();
  }

  private static List<HistoryEntry> entries() {
    return List.of(
        new HistoryEntry(A, "Movie.mkv", 100 * MIB, Instant.parse("2026-01-01T12:34:56Z"), true, "", 2.0 * MIB, 3),
        new HistoryEntry(B, "notes.txt", 1024, Instant.parse("2026-01-02T08:00:00Z"), false, "cancelled", 0, 0));
  }
}
