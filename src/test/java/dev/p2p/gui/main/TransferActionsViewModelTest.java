package dev.p2p.gui.main;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.app.NodeFacade.DownloadResult;
import dev.p2p.gui.FakeNode;
import dev.p2p.gui.main.TransferRow.Phase;
import dev.p2p.storage.FileId;
import dev.p2p.transfer.TransferEvent.Located;
import dev.p2p.transfer.TransferEvent.Progress;
import dev.p2p.transfer.TransferEvent.Shared;
import dev.p2p.transfer.TransferEvent.Verifying;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pause, resume, cancel, remove and open on transfer rows, without a toolkit. */
class TransferActionsViewModelTest {
  static final String HEX = "0123456789abcdef".repeat(4);
  static final FileId ID = new FileId(HEX);
  static final String N = FakeNode.PEER_ID;
  static final Path DOWNLOADS = Path.of("/tmp/p2p-downloads");
  static final long MIB = 1024 * 1024;

  FakeNode node;
  MainViewModel vm;
  TransferActionsViewModel actions;
  final List<String> questions = new ArrayList<>();
  final List<Path> opened = new ArrayList<>();
  boolean answer;
  RuntimeException openFailure;

  @BeforeEach
  void setUp() {
    node = new FakeNode();
    vm = new MainViewModel(node, DOWNLOADS, Runnable::run, text -> {},
        Clock.fixed(Instant.parse("2026-01-01T12:34:56Z"), ZoneOffset.UTC),
        (question, detail) -> {
          questions.add(question + " / " + detail);
          return answer;
        },
        path -> {
          if (openFailure != null) throw openFailure;
          opened.add(path);
        });
    vm.start();
    actions = vm.actions();
  }

  // ---------------------------------------------------------------- which row offers what

  @Test
  void eachPhaseOffersItsOwnActions() {
    assertEquals("pause cancel", offered(locating()));
    assertEquals("pause cancel", offered(downloading(true)));
    TransferRow paused = downloading(true);
    actions.pause(paused);
    node.controls.get(0).result().complete(null);
    assertEquals("resume cancel", offered(paused));
    TransferRow verifying = downloading(true);
    assertEquals("", offered(verifying(verifying)));
    assertEquals("remove open", offered(seeding()));
    assertEquals("remove", offered(failed()));
    assertEquals("remove open", offered(shared()));
    vm.share(Path.of("/data/still-hashing.bin"));
    assertEquals("", offered(vm.transfers().get(vm.transfers().size() - 1)));
  }

  @Test
  void aRowWithACallUnderWayOffersNothingUntilItCompletes() {
    TransferRow row = downloading(true);
    vm.selectedProperty().set(row);
    actions.pause(row);
    assertTrue(row.busyProperty().get());
    assertFalse(actions.canPauseSelectedProperty().get());
    assertFalse(actions.canCancelSelectedProperty().get());
    actions.pause(row);
    assertEquals(List.of("pause 01234567"), node.controlLog(), "a second click asks nothing more");

    node.controls.get(0).result().complete(null);
    assertFalse(row.busyProperty().get());
    assertTrue(actions.canResumeSelectedProperty().get());
    assertTrue(actions.canCancelSelectedProperty().get());
    assertFalse(actions.canPauseSelectedProperty().get());
  }

  // ---------------------------------------------------------------- pause and resume

  @Test
  void pauseShowsPausedWithItsProgressOnceTheNodeHasPaused() {
    TransferRow row = downloading(true);
    actions.pause(row);
    assertEquals(Phase.DOWNLOADING, row.getPhase(), "nothing changes before the node answers");
    node.controls.get(0).result().complete(null);

    assertEquals(Phase.PAUSED, row.getPhase());
    assertEquals("paused at 40%, .part kept", row.stateProperty().get());
    assertEquals("", row.speedTextProperty().get());
    assertEquals("", row.etaProperty().get());
    assertTrue(lastLog().startsWith("Paused movie.mkv"), lastLog());

    // A progress report already on its way does not make it look downloading again.
    node.push(new Progress(N, ID, 41 * MIB, 100 * MIB, 164, 400, MIB, List.of()));
    assertEquals(Phase.PAUSED, row.getPhase());
  }

  @Test
  void resumeGoesBackToDownloading() {
    TransferRow row = downloading(true);
    actions.pause(row);
    node.controls.get(0).result().complete(null);
    actions.resume(row);
    node.controls.get(1).result().complete(null);

    assertEquals(List.of("pause 01234567", "resume 01234567"), node.controlLog());
    assertEquals(Phase.DOWNLOADING, row.getPhase());
    assertEquals("downloading", row.stateProperty().get());
  }

  @Test
  void aDownloadPausedWhileLocatingResumesLocating() {
    TransferRow row = locating();
    actions.pause(row);
    node.controls.get(0).result().complete(null);
    assertEquals("paused, .part kept", row.stateProperty().get());
    actions.resume(row);
    node.controls.get(1).result().complete(null);
    assertEquals(Phase.LOCATING, row.getPhase());
  }

  @Test
  void aFailedPauseSaysWhyAndKeepsTheRowAsItWas() {
    TransferRow row = downloading(true);
    actions.pause(row);
    node.controls.get(0).result().completeExceptionally(
        new CompletionException(new IllegalStateException("pause is not available on this node")));

    assertEquals(Phase.DOWNLOADING, row.getPhase());
    assertFalse(row.busyProperty().get());
    assertEquals("Could not pause movie.mkv: pause is not available on this node", vm.errorProperty().get());
  }

  // ---------------------------------------------------------------- cancel

  @Test
  void aDeclinedCancelAsksNothingOfTheNodeAndKeepsThePart() {
    TransferRow row = downloading(true);
    answer = false;
    actions.cancel(row);

    assertEquals(List.of("Cancel the download of movie.mkv? / Its .part file (40% downloaded) will be deleted;"
        + " downloading it again starts from the beginning."), questions);
    assertEquals(List.of(), node.controls);
    assertEquals(Phase.DOWNLOADING, row.getPhase());
  }

  @Test
  void aConfirmedCancelEndsTheRowAsCancelledNotFailed() {
    TransferRow row = downloading(true);
    answer = true;
    actions.cancel(row);
    assertEquals(List.of("cancel 01234567"), node.controlLog());
    node.controls.get(0).result().complete(null);
    assertEquals(Phase.CANCELLED, row.getPhase());
    assertEquals("cancelled, .part deleted", row.stateProperty().get());

    // The download's own stage then ends: that is the cancel, no failure to report.
    node.downloads.get(0).result().completeExceptionally(new IOException("download cancelled"));
    assertEquals(Phase.CANCELLED, row.getPhase());
    assertEquals("", vm.errorProperty().get());
    assertEquals("remove", offered(row));
  }

  @Test
  void aDownloadThatEndsBeforeTheCancelAnswersIsCancelledToo() {
    TransferRow row = downloading(true);
    answer = true;
    actions.cancel(row);
    node.downloads.get(0).result().completeExceptionally(new IOException("download cancelled"));
    assertEquals(Phase.CANCELLED, row.getPhase());
    node.controls.get(0).result().complete(null);
    assertEquals(Phase.CANCELLED, row.getPhase());
    assertEquals("", vm.errorProperty().get());
  }

  @Test
  void aFailedCancelSaysWhyAndALaterFailureIsAFailureAgain() {
    TransferRow row = downloading(true);
    answer = true;
    actions.cancel(row);
    node.controls.get(0).result().completeExceptionally(new IllegalStateException("no such download"));
    assertEquals("Could not cancel movie.mkv: no such download", vm.errorProperty().get());
    assertEquals(Phase.DOWNLOADING, row.getPhase());

    node.downloads.get(0).result().completeExceptionally(new IOException("no peer has it"));
    assertEquals(Phase.FAILED, row.getPhase());
  }

  @Test
  void aCancelledFileCanBeDownloadedAgainInAFreshRow() {
    TransferRow row = downloading(true);
    answer = true;
    actions.cancel(row);
    node.controls.get(0).result().complete(null);
    vm.download(ID);
    assertEquals(2, node.downloads.size());
    assertEquals(1, vm.transfers().size());
    assertEquals(Phase.LOCATING, vm.transfers().get(0).getPhase());
  }

  // ---------------------------------------------------------------- remove and open

  @Test
  void removeStopsSharingASeedingFileButOnlyDropsAFailedRow() {
    TransferRow seeding = seeding();
    actions.remove(seeding);
    assertEquals(List.of(ID), node.unshares.stream().map(FakeNode.UnshareCall::id).toList());
    node.unshares.get(0).result().complete(null);
    assertFalse(vm.transfers().contains(seeding));
    assertTrue(lastLog().startsWith("Stopped sharing movie.mkv"), lastLog());

    TransferRow failed = failed();
    actions.remove(failed);
    assertEquals(1, node.unshares.size(), "a failed download is not shared: nothing to unshare");
    assertFalse(vm.transfers().contains(failed));
  }

  @Test
  void openFileAndOpenFolderOpenTheSavedDownload() {
    TransferRow row = seeding();
    actions.openFile(row);
    actions.openFolder(row);
    assertEquals(List.of(DOWNLOADS.resolve("movie.mkv"), DOWNLOADS), opened);

    openFailure = new UnsupportedOperationException("opening files is not available here");
    actions.openFile(row);
    assertEquals("Could not open movie.mkv: opening files is not available here", vm.errorProperty().get());
  }

  @Test
  void aDownloadStillRunningHasNothingToOpen() {
    TransferRow row = downloading(true);
    actions.openFile(row);
    assertEquals(List.of(), opened);
  }

  // ---------------------------------------------------------------- helpers

  /** The actions the selected-row properties offer for {@code row}, in button order. */
  private String offered(TransferRow row) {
    vm.selectedProperty().set(row);
    List<String> on = new ArrayList<>();
    if (actions.canPauseSelectedProperty().get()) on.add("pause");
    if (actions.canResumeSelectedProperty().get()) on.add("resume");
    if (actions.canCancelSelectedProperty().get()) on.add("cancel");
    if (actions.canRemoveSelectedProperty().get()) on.add("remove");
    if (actions.canOpenSelectedProperty().get()) on.add("open");
    vm.selectedProperty().set(null);
    return String.join(" ", on);
  }

  private TransferRow locating() {
    vm.download(fresh());
    return vm.transfers().get(vm.transfers().size() - 1);
  }

  /** A download of movie.mkv, 40% done if {@code progressed}. */
  private TransferRow downloading(boolean progressed) {
    TransferRow row = locating();
    FileId id = new FileId(row.getFileId());
    node.push(new Located(N, id, "movie.mkv", 100 * MIB, 400, 2, 0));
    if (progressed) node.push(new Progress(N, id, 40 * MIB, 100 * MIB, 160, 400, 2.0 * MIB, List.of()));
    return row;
  }

  private TransferRow verifying(TransferRow row) {
    node.push(new Verifying(N, new FileId(row.getFileId())));
    return row;
  }

  private TransferRow seeding() {
    TransferRow row = downloading(true);
    FileId id = new FileId(row.getFileId());
    node.downloads.get(node.downloads.size() - 1).result().complete(new DownloadResult(
        DOWNLOADS.resolve("movie.mkv"), MainViewModelTest.manifest("movie.mkv", 100 * MIB), 2.0, List.of()));
    assertEquals(id.hex(), row.getFileId());
    return row;
  }

  private TransferRow failed() {
    TransferRow row = locating();
    node.downloads.get(node.downloads.size() - 1).result().completeExceptionally(new IOException("no peer has it"));
    return row;
  }

  private TransferRow shared() {
    Path file = Path.of("/data/report.pdf");
    vm.share(file);
    node.push(new Shared(N, fresh(), "report.pdf", MIB, file));
    return vm.transfers().get(vm.transfers().size() - 1);
  }

  private int ids;

  /** The first test row gets {@link #ID}; every other row its own ID, so rows never collide. */
  private FileId fresh() {
    String hex = ids++ == 0 ? HEX : String.format("%064x", ids);
    return new FileId(hex);
  }

  private String lastLog() {
    return vm.log().get(vm.log().size() - 1).text();
  }
}
