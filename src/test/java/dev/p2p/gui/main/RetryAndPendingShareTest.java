package dev.p2p.gui.main;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.app.NodeFacade.DownloadResult;
import dev.p2p.app.NotRegisteredYet;
import dev.p2p.gui.FakeNode;
import dev.p2p.gui.main.TransferRow.Phase;
import dev.p2p.storage.Manifest;
import dev.p2p.text.P2pException;
import dev.p2p.transfer.TransferEvent.Shared;
import dev.p2p.transfer.TransferEvent.Uploading;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Failed rows offer Retry, which starts the same share or download again in the same row; a share
 * the node serves but could not register says so, and turns "shared" only when the node tells it
 * registered it. Without a toolkit: a {@link FakeNode}, UI executor {@code Runnable::run}.
 */
class RetryAndPendingShareTest {
  static final String HEX = MainViewModelTest.HEX;
  static final String N = FakeNode.PEER_ID;
  static final Path FOLDER = Path.of("/tmp/p2p-downloads");

  FakeNode node;
  MainViewModel vm;

  @BeforeEach
  void setUp() {
    node = new FakeNode();
    vm = new MainViewModel(node, FOLDER, Runnable::run, text -> {},
        Clock.fixed(Instant.parse("2026-01-01T12:34:56Z"), ZoneOffset.UTC));
    vm.start();
  }

  @Test
  void aFailedDownloadRowOffersRetryWhichAsksTheSameLinkAndFolderAgainInTheSameRow() {
    vm.idTextProperty().set(HEX);
    vm.download();
    TransferRow row = only();
    assertFalse(TransferActionsViewModel.canRetry(row), "nothing to retry while it runs");
    node.downloads.get(0).result().completeExceptionally(new CompletionException(
        new P2pException("no peer has the file")));
    assertEquals(Phase.FAILED, row.getPhase());
    vm.selectedProperty().set(row);
    assertTrue(vm.actions().canRetrySelectedProperty().get());

    vm.actions().retry(row);
    assertSame(row, only(), "the same row");
    assertEquals(Phase.LOCATING, row.getPhase());
    assertEquals("locating peers", row.stateProperty().get());
    assertEquals(2, node.downloads.size());
    assertEquals(node.downloads.get(0).id(), node.downloads.get(1).id());
    assertEquals(FOLDER, node.downloads.get(1).outDir());
    assertEquals(node.downloadLinks.get(0), node.downloadLinks.get(1), "the same link, key and all");
    assertFalse(vm.actions().canRetrySelectedProperty().get());

    node.downloads.get(1).result().complete(new DownloadResult(FOLDER.resolve("movie.mkv"),
        MainViewModelTest.manifest("movie.mkv", 2048), 1.0, List.of()));
    assertEquals("seeding", row.stateProperty().get());
    assertSame(row, only());
  }

  @Test
  void aFailedShareRowRetriesTheSameFileInTheSameRow() {
    Path file = Path.of("/data/report.pdf");
    vm.share(file);
    TransferRow row = only();
    node.shares.get(0).result().completeExceptionally(new P2pException("tracker refused: too many registrations"));
    assertEquals("failed: tracker refused: too many registrations", row.stateProperty().get());
    assertTrue(TransferActionsViewModel.canRetry(row));

    vm.actions().retry(row);
    assertEquals(Phase.HASHING, row.getPhase());
    assertEquals(List.of(file, file), node.shares.stream().map(FakeNode.ShareCall::file).toList());
    node.shares.get(1).result().complete(MainViewModelTest.manifest("report.pdf", 2048));
    assertEquals("shared", row.stateProperty().get());
    assertSame(row, only());
  }

  @Test
  void aShareTheTrackerCouldNotBeToldOfSaysSoAndTurnsSharedWhenTheNodeRegistersIt() {
    Path file = Path.of("/data/report.pdf");
    vm.share(file);
    TransferRow row = only();
    Manifest m = MainViewModelTest.manifest("report.pdf", 2048);
    // As LocalPeer wraps the node's reply.
    node.shares.get(0).result().completeExceptionally(new CompletionException(new P2pException("x",
        new NotRegisteredYet(m, "tracker 127.0.0.1:5000 is unreachable (Connection refused)"))));

    assertEquals(Phase.PENDING, row.getPhase());
    assertEquals("sharing — tracker unreachable, will register when it is back", row.stateProperty().get());
    assertEquals(HEX, row.getFileId());
    assertFalse(TransferActionsViewModel.canRetry(row), "nothing failed");
    assertTrue(TransferActionsViewModel.canRemove(row), "it is served: Remove stops that");
    assertEquals("", vm.errorProperty().get(), "no failure to show");
    assertTrue(lastLog().contains("not registered yet"), lastLog());

    node.push(new Uploading(N, m.id(), 1, 1000, 1000));
    assertEquals("sharing — tracker unreachable, will register when it is back, 1 peer downloading",
        row.stateProperty().get());
    node.push(new Shared(N, m.id(), "report.pdf", 2048, file));
    assertEquals(Phase.SHARED, row.getPhase());
    assertTrue(lastLog().contains("registered it with the tracker"), lastLog());
  }

  private String lastLog() {
    return vm.log().get(vm.log().size() - 1).text();
  }

  private TransferRow only() {
    assertEquals(1, vm.transfers().size(), "rows: " + vm.transfers());
    return vm.transfers().get(0);
  }
}
