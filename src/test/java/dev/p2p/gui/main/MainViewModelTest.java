package dev.p2p.gui.main;

import dev.p2p.transfer.TransferEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.app.NodeFacade.DownloadResult;
import dev.p2p.gui.FakeNode;
import dev.p2p.gui.main.TransferRow.Kind;
import dev.p2p.gui.main.TransferRow.Phase;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import dev.p2p.transfer.TransferEvent.Completed;
import dev.p2p.transfer.TransferEvent.ChunkRetried;
import dev.p2p.transfer.TransferEvent.Failed;
import dev.p2p.transfer.TransferEvent.Hashing;
import dev.p2p.transfer.TransferEvent.Located;
import dev.p2p.transfer.TransferEvent.Locating;
import dev.p2p.transfer.TransferEvent.PeerLost;
import dev.p2p.transfer.TransferEvent.PeerStat;
import dev.p2p.transfer.TransferEvent.Progress;
import dev.p2p.transfer.TransferEvent.Shared;
import dev.p2p.transfer.TransferEvent.Uploading;
import dev.p2p.transfer.TransferEvent.Verifying;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The main window's logic without a JavaFX toolkit: UI executor is {@code Runnable::run}. */
class MainViewModelTest {
  static final String HEX = "0123456789abcdef".repeat(4);
  static final FileId ID = new FileId(HEX);
  static final String N = FakeNode.PEER_ID;
  static final Path DOWNLOADS = Path.of("/tmp/p2p-downloads");
  static final long MIB = 1024 * 1024;

  FakeNode node;
  List<String> clipboard;
  MainViewModel vm;

  @BeforeEach
  void setUp() {
    node = new FakeNode();
    clipboard = new ArrayList<>();
    vm = new MainViewModel(node, DOWNLOADS, Runnable::run, clipboard::add,
        Clock.fixed(Instant.parse("2026-01-01T12:34:56Z"), ZoneOffset.UTC));
    vm.start();
  }

  // ---------------------------------------------------------------- saved state

  @Test
  void theWindowTakesUpTheSavedStateOnceSubscribedAndSaysWhatItDid() {
    assertEquals(List.of(1), node.listenersAtResumeSaved, "resumed once, after subscribing");
    node.resumeSavedCalls.get(0).complete(List.of("restored from the saved state: 2 file(s) shared again (0 hashed), 1 download(s) resumed",
        "note: /data/gone.bin is gone: no longer shared"));
    List<String> log = vm.log().stream().map(LogLine::text).toList();
    assertTrue(log.contains("restored from the saved state: 2 file(s) shared again (0 hashed), 1 download(s) resumed"), log.toString());
    assertTrue(log.contains("note: /data/gone.bin is gone: no longer shared"), log.toString());
  }

  @Test
  void aSavedStateThatCannotBeUsedIsOneLineInTheLog() {
    node.resumeSavedCalls.get(0).completeExceptionally(new IllegalStateException("state.db is locked"));
    assertTrue(vm.log().stream().map(LogLine::text).anyMatch(t -> t.equals("The saved state was not restored: state.db is locked")),
        vm.log().toString());
  }

  // ---------------------------------------------------------------- share

  @Test
  void shareCallsNodeWithThePathAndShowsAHashingRow() {
    Path file = Path.of("/data/report.pdf");
    vm.share(file);

    assertEquals(List.of(file), node.shares.stream().map(FakeNode.ShareCall::file).toList());
    TransferRow row = only();
    assertEquals(Kind.SHARE, row.kind());
    assertEquals("report.pdf", row.nameProperty().get());
    assertEquals(Phase.HASHING, row.getPhase());
    assertEquals("hashing", row.stateProperty().get());
    assertEquals("", row.getFileId());
  }

  @Test
  void hashingEventsMoveTheRowsProgress() {
    Path file = Path.of("/data/report.pdf");
    vm.share(file);
    node.push(new Hashing(N, file, 25 * MIB, 100 * MIB));

    TransferRow row = only();
    assertEquals(0.25, row.progressProperty().get(), 1e-9);
    assertEquals("hashing 25%", row.stateProperty().get());
    assertEquals("100.0 MiB", row.sizeTextProperty().get());

    node.push(new Hashing(N, file, 50 * MIB, 100 * MIB));
    assertEquals(0.5, row.progressProperty().get(), 1e-9);
    assertEquals("hashing 50%", row.stateProperty().get());
  }

  @Test
  void sharedEventGivesTheRowItsIdAndState() {
    Path file = Path.of("/data/report.pdf");
    vm.share(file);
    node.push(new Hashing(N, file, 10, 100));
    node.push(new Shared(N, ID, "report.pdf", 100 * MIB, file));

    TransferRow row = only();
    assertEquals(HEX, row.getFileId());
    assertEquals(Phase.SHARED, row.getPhase());
    assertEquals("shared", row.stateProperty().get());
    assertEquals(1.0, row.progressProperty().get(), 1e-9);
    assertTrue(lastLog().contains("Shared report.pdf (100.0 MiB)"), lastLog());
    assertTrue(lastLog().contains(HEX), lastLog());

    // The future completing afterwards changes nothing and logs nothing more.
    int lines = vm.log().size();
    node.shares.get(0).result().complete(manifest("report.pdf", 100 * MIB));
    assertEquals(lines, vm.log().size());
    assertEquals(1, vm.transfers().size());
  }

  @Test
  void shareFutureAloneIsEnoughToShowTheId() {
    vm.share(Path.of("/data/a.bin"));
    node.shares.get(0).result().complete(manifest("a.bin", 2048));

    assertEquals(HEX, only().getFileId());
    assertEquals("shared", only().stateProperty().get());
  }

  @Test
  void uploadingEventsShowPeersDownloadingFromASharedFile() {
    Path file = Path.of("/data/report.pdf");
    vm.share(file);
    node.push(new Shared(N, ID, "report.pdf", 100 * MIB, file));
    node.push(new Uploading(N, ID, 2, 5 * MIB, 3.0 * MIB));

    TransferRow row = only();
    assertEquals("shared, 2 peers downloading", row.stateProperty().get());
    assertEquals(2, row.peersProperty().get());
    assertEquals("3.0 MiB/s", row.speedTextProperty().get());

    node.push(new Uploading(N, ID, 0, 6 * MIB, 0));
    assertEquals("shared", row.stateProperty().get());
    assertEquals("", row.speedTextProperty().get());
  }

  @Test
  void theWindowSaysWhichTrackerNodeItMovedToAndWhen() {
    assertEquals("Tracker 127.0.0.1:5000: checking…", vm.trackerProperty().get(), "the first one, from the start");
    node.push(new TransferEvent.TrackerChanged(N, "10.0.0.2:5000"));
    assertEquals("Tracker 10.0.0.2:5000 since 12:34:56 (the previous one did not answer)",
        vm.trackerProperty().get());
    assertTrue(vm.log().get(vm.log().size() - 1).text().contains("Now using tracker 10.0.0.2:5000"),
        vm.log().toString());
  }

  @Test
  void copyIdPutsTheFileIdOnTheClipboard() {
    Path file = Path.of("/data/report.pdf");
    vm.share(file);
    node.push(new Shared(N, ID, "report.pdf", 1, file));

    vm.copyId(only());

    assertEquals(List.of(HEX), clipboard);
    assertEquals(HEX, vm.clipboardTextProperty().get());
  }

  @Test
  void copyIdDoesNothingWhileHashing() {
    vm.share(Path.of("/data/report.pdf"));
    vm.copyId(only());
    assertEquals(List.of(), clipboard);
  }

  @Test
  void shareFailureShowsTheUserLine() {
    vm.share(Path.of("/data/missing.bin"));
    node.shares.get(0).result().completeExceptionally(
        new CompletionException(new IOException("cannot read /data/missing.bin: no such file")));

    assertEquals("failed: cannot read /data/missing.bin: no such file", only().stateProperty().get());
    assertEquals("Could not share missing.bin: cannot read /data/missing.bin: no such file",
        vm.errorProperty().get());
  }

  // ---------------------------------------------------------------- download

  @Test
  void downloadCallsNodeWithTheParsedIdAndFolder() {
    vm.idTextProperty().set("  " + HEX.toUpperCase() + "\n");
    assertTrue(vm.canDownloadProperty().get());

    vm.download();

    assertEquals(1, node.downloads.size());
    assertEquals(ID, node.downloads.get(0).id());
    assertEquals(DOWNLOADS, node.downloads.get(0).outDir());
    TransferRow row = only();
    assertEquals(Kind.DOWNLOAD, row.kind());
    assertEquals("locating peers", row.stateProperty().get());
    assertEquals(TransferRow.INDETERMINATE, row.progressProperty().get());
    assertEquals("", vm.idTextProperty().get(), "the field is cleared for the next ID");
  }

  @Test
  void downloadUsesTheChosenFolder() {
    vm.destinationProperty().set("/home/me/elsewhere");
    vm.idTextProperty().set(HEX);
    vm.download();
    assertEquals(Path.of("/home/me/elsewhere"), node.downloads.get(0).outDir());
  }

  @Test
  void defaultFolderIsTheConfiguredDownloadDir() {
    assertEquals(DOWNLOADS.toAbsolutePath().toString(), vm.destinationProperty().get());
  }

  @Test
  void downloadIsRefusedWithoutAValidId() {
    vm.idTextProperty().set("abc");
    assertFalse(vm.canDownloadProperty().get());
    vm.download();
    assertEquals(List.of(), node.downloads);
  }

  @Test
  void downloadIsRefusedWithoutAFolder() {
    vm.idTextProperty().set(HEX);
    vm.destinationProperty().set("  ");
    assertFalse(vm.canDownloadProperty().get());
    assertEquals("Choose a folder to download into.", vm.downloadProblemProperty().get());
  }

  @Test
  void downloadEventsDriveTheRowToSeeding() {
    startDownload();
    TransferRow row = only();

    node.push(new Locating(N, ID));
    assertEquals("locating peers", row.stateProperty().get());

    node.push(new Located(N, ID, "movie.mkv", 100 * MIB, 400, 3, 0));
    assertEquals("movie.mkv", row.nameProperty().get());
    assertEquals("100.0 MiB", row.sizeTextProperty().get());
    assertEquals("downloading", row.stateProperty().get());
    assertTrue(lastLog().contains("Found movie.mkv (100.0 MiB) on 3 peers"), lastLog());

    node.push(progress(50 * MIB, 10 * MIB, List.of(peer("10.0.0.2:6000", 50 * MIB, 200, 4))));
    assertEquals(0.5, row.progressProperty().get(), 1e-9);
    assertEquals("50%", row.progressTextProperty().get());

    node.push(new Verifying(N, ID));
    assertEquals("verifying", row.stateProperty().get());
    assertEquals(1.0, row.progressProperty().get(), 1e-9);

    // The Completed event is not the outcome: the row waits for the download's stage.
    int lines = vm.log().size();
    node.push(new Completed(N, ID, Path.of("/tmp/p2p-downloads/movie.mkv"), 100 * MIB, 12.5,
        List.of(peer("10.0.0.2:6000", 100 * MIB, 400, 0))));
    assertEquals("verifying", row.stateProperty().get());
    assertEquals(lines, vm.log().size());

    node.downloads.get(0).result().complete(new DownloadResult(
        Path.of("/tmp/p2p-downloads/movie.mkv"), manifest("movie.mkv", 100 * MIB), 12.5,
        List.of(peer("10.0.0.2:6000", 100 * MIB, 400, 0))));
    assertEquals(Phase.SEEDING, row.getPhase());
    assertEquals("seeding", row.stateProperty().get());
    assertEquals(1.0, row.progressProperty().get(), 1e-9);
    assertEquals("100%", row.progressTextProperty().get());
    assertEquals("", row.speedTextProperty().get());
    assertEquals("", row.etaProperty().get());
    assertTrue(lastLog().contains("Downloaded movie.mkv (100.0 MiB) in 12.5 s from 1 peer; verified"),
        lastLog());
    assertEquals(lines + 1, vm.log().size(), "one \"downloaded\" line");

    node.push(new Uploading(N, ID, 1, 0, 1024));
    assertEquals("seeding, 1 peer downloading", row.stateProperty().get());
  }

  @Test
  void progressEventsSetSpeedEtaAndPeersConnected() {
    startDownload();
    node.push(new Located(N, ID, "movie.mkv", 100 * MIB, 400, 3, 0));
    node.push(progress(40 * MIB, 2 * MIB, List.of(
        peer("10.0.0.2:6000", 30 * MIB, 120, 4),
        peer("10.0.0.3:6000", 10 * MIB, 40, 2),
        peer("10.0.0.4:6000", 0, 0, 0))));

    TransferRow row = only();
    assertEquals(0.4, row.progressProperty().get(), 1e-9);
    assertEquals("2.0 MiB/s", row.speedTextProperty().get());
    assertEquals(2, row.peersProperty().get(), "the idle third peer is not connected");
    assertEquals("30s", row.etaProperty().get());

    node.push(progress(99 * MIB, 0, List.of()));
    assertEquals("", row.etaProperty().get(), "no speed, no estimate");
  }

  @Test
  void etaIsShownInMinutesAndHours() {
    startDownload();
    node.push(progress(0, 100 * 1024, List.of()));
    assertEquals("17m 04s", only().etaProperty().get());
  }

  @Test
  void perPeerTableFollowsTheSelectedTransfersLatestProgress() {
    startDownload();
    node.push(progress(MIB, MIB, List.of(peer("10.0.0.2:6000", MIB, 4, 3))));
    assertEquals(List.of(), vm.selectedPeers(), "nothing selected yet");

    vm.selectedProperty().set(only());
    assertEquals(List.of(new PeerRow("10.0.0.2:6000", "1.0 MiB", 4, 3, "0")), vm.selectedPeers());

    node.push(progress(3 * MIB, MIB, List.of(
        peer("10.0.0.2:6000", 2 * MIB, 8, 2),
        new PeerStat("10.0.0.9:6000", MIB, 4, 0, 3, true))));
    assertEquals(List.of(
        new PeerRow("10.0.0.2:6000", "2.0 MiB", 8, 2, "0"),
        new PeerRow("10.0.0.9:6000", "1.0 MiB", 4, 0, "3 (banned)")), vm.selectedPeers());

    vm.selectedProperty().set(null);
    assertEquals(List.of(), vm.selectedPeers());
  }

  @Test
  void peerLostAndChunkRetriedAreLoggedInPlainLanguage() {
    startDownload();
    node.push(new Located(N, ID, "movie.mkv", 100 * MIB, 400, 3, 0));
    node.push(new ChunkRetried(N, ID, 17, "10.0.0.2:6000", "timeout"));
    assertEquals("12:34:56  Chunk 17 of movie.mkv failed on 10.0.0.2:6000 (timeout); asking another peer",
        vm.log().get(vm.log().size() - 1).toString());
    node.push(new PeerLost(N, ID, "10.0.0.2:6000", "connection reset"));
    assertEquals("Lost peer 10.0.0.2:6000 for movie.mkv: connection reset", lastLog());
  }

  // ---------------------------------------------------------------- errors

  @Test
  void failedDownloadShowsTheUsersLineNotAStackTrace() {
    startDownload();
    node.downloads.get(0).result().completeExceptionally(
        new CompletionException(new IOException("tracker 127.0.0.1:5000 is unreachable")));

    TransferRow row = only();
    assertEquals(Phase.FAILED, row.getPhase());
    assertEquals("failed: tracker 127.0.0.1:5000 is unreachable", row.stateProperty().get());
    assertEquals("Download of 01234567… failed: tracker 127.0.0.1:5000 is unreachable",
        vm.errorProperty().get());
    assertEquals("Download of 01234567… failed: tracker 127.0.0.1:5000 is unreachable", lastLog());
    assertFalse(vm.errorProperty().get().contains("Exception"));

    vm.dismissError();
    assertEquals("", vm.errorProperty().get());
    vm.idTextProperty().set(HEX);
    assertTrue(vm.canDownloadProperty().get(), "the window stays usable");
  }

  @Test
  void aFailedEventIsNotTheOutcomeTheStageReportsTheFailureOnce() {
    startDownload();
    node.push(new Located(N, ID, "movie.mkv", 100 * MIB, 400, 0, 0));
    int lines = vm.log().size();
    node.push(new Failed(N, ID, "no peers have this file"));
    assertEquals(lines, vm.log().size());
    assertEquals("downloading", only().stateProperty().get());

    node.downloads.get(0).result().completeExceptionally(
        new CompletionException(new IOException("no peers have this file")));

    assertEquals(lines + 1, vm.log().size());
    assertEquals("failed: no peers have this file", only().stateProperty().get());
    assertEquals("Download of movie.mkv failed: no peers have this file", vm.errorProperty().get());
  }

  @Test
  void lateEventsDoNotReviveAFailedDownload() {
    startDownload();
    node.downloads.get(0).result().completeExceptionally(new IOException("unknown file ID"));
    node.push(new Locating(N, ID));
    node.push(new Verifying(N, ID));
    assertEquals("failed: unknown file ID", only().stateProperty().get());
  }

  @Test
  void retryingAFailedDownloadReplacesItsRow() {
    startDownload();
    node.downloads.get(0).result().completeExceptionally(new IOException("unknown file ID"));
    vm.idTextProperty().set(HEX);
    vm.download();

    assertEquals(2, node.downloads.size());
    assertEquals("locating peers", only().stateProperty().get());
  }

  @Test
  void anIdAlreadyDownloadingIsNotAskedForTwice() {
    startDownload();
    node.push(new Located(N, ID, "movie.mkv", 100 * MIB, 400, 3, 0));
    startDownload();

    assertEquals(1, node.downloads.size());
    assertEquals("movie.mkv is already being downloaded", lastLog());
    assertEquals(1, vm.transfers().size());
  }

  @Test
  void aFacadeThatThrowsIsReportedLikeAFailedFuture() {
    node.throwOnCall = new IllegalStateException("node is stopping");
    startDownload();
    assertEquals("failed: node is stopping", only().stateProperty().get());
    assertEquals("Download of 01234567… failed: node is stopping", vm.errorProperty().get());
  }

  // ---------------------------------------------------------------- threading

  @Test
  void aBurstOfEventsCostsOneUiTask() {
    List<Runnable> uiTasks = new ArrayList<>();
    FakeNode n = new FakeNode();
    MainViewModel queued = new MainViewModel(n, DOWNLOADS, uiTasks::add, t -> {}, Clock.systemUTC());
    queued.start();
    uiTasks.clear();

    for (int i = 1; i <= 100; i++) n.push(progressOf(n, i * MIB));
    assertEquals(1, uiTasks.size());
    assertTrue(queued.transfers().isEmpty(), "nothing changes off the UI thread");

    uiTasks.remove(0).run();
    assertEquals(100 * MIB / (double) (200 * MIB), queued.transfers().get(0).progressProperty().get(), 1e-9);

    n.push(progressOf(n, 150 * MIB));
    assertEquals(1, uiTasks.size(), "the next event after a drain schedules a new one");
  }

  @Test
  void shutdownUnsubscribesAndStopsTheNodeOnce() {
    vm.shutdown();
    vm.shutdown();
    assertEquals(1, node.stopCalls);
    assertEquals(1, node.unsubscribes);
    assertTrue(node.listeners.isEmpty());
  }

  @Test
  void eventsOfTransfersStartedElsewhereGetARow() {
    node.push(new Located(N, ID, "other.iso", 10 * MIB, 40, 1, 0));
    assertEquals("other.iso", only().nameProperty().get());
    assertEquals(Kind.DOWNLOAD, only().kind());
  }

  // ---------------------------------------------------------------- helpers

  private void startDownload() {
    vm.idTextProperty().set(HEX);
    vm.download();
  }

  private TransferRow only() {
    assertEquals(1, vm.transfers().size(), "rows: " + vm.transfers());
    return vm.transfers().get(0);
  }

  private String lastLog() {
    return vm.log().get(vm.log().size() - 1).text();
  }

  private static Progress progress(long done, double speed, List<PeerStat> peers) {
    return new Progress(N, ID, done, 100 * MIB, (int) (done / (256 * 1024)), 400, speed, peers);
  }

  private static Progress progressOf(FakeNode n, long done) {
    return new Progress(n.peerId(), ID, done, 200 * MIB, 0, 800, MIB, Collections.emptyList());
  }

  private static PeerStat peer(String address, long bytes, int chunks, int inFlight) {
    return new PeerStat(address, bytes, chunks, inFlight, 0, false);
  }

  static Manifest manifest(String name, long size) {
    int chunk = 1024 * 1024;
    int n = (int) Manifest.chunkCount(size, chunk);
    return new Manifest(ID, name, size, chunk, Collections.nCopies(n, HEX));
  }
}
