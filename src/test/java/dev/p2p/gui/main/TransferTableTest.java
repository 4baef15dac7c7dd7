package dev.p2p.gui.main;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.app.NodeFacade.DownloadResult;
import dev.p2p.gui.main.TransferRow.Kind;
import dev.p2p.gui.main.TransferRow.Phase;
import dev.p2p.storage.FileId;
import dev.p2p.transfer.TransferEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The event reducer alone: no facade, no view model, no threads. */
class TransferTableTest {
  static final String HEX = "0123456789abcdef".repeat(4);
  static final FileId ID = new FileId(HEX);
  static final String N = "node";
  static final long MIB = 1024 * 1024;

  final List<String> log = new ArrayList<>();
  final TransferTable table = new TransferTable(log::add);

  @Test
  void aShareIsFoundByPathWhileHashingAndByIdOnceShared() {
    Path file = Path.of("/data/a.bin");
    TransferRow row = table.startShare(file).orElseThrow();
    assertEquals(Optional.empty(), table.startShare(file));
    assertEquals("a.bin is already being hashed", log.get(log.size() - 1));

    table.apply(new TransferEvent.Hashing(N, file, 50, 100));
    assertEquals("hashing 50%", row.stateProperty().get());
    table.apply(new TransferEvent.Shared(N, ID, "a.bin", 100, file));
    table.apply(new TransferEvent.Uploading(N, ID, 2, 10, 5));
    assertEquals("shared, 2 peers downloading", row.stateProperty().get());
    assertEquals(List.of(row), table.rows());
  }

  @Test
  void sharingTheSameFileAgainAfterAFailureGetsANewRow() {
    Path file = Path.of("/data/a.bin");
    TransferRow first = table.startShare(file).orElseThrow();
    table.failed(first, "cannot read");
    assertEquals("failed: cannot read", first.stateProperty().get());
    assertTrue(table.startShare(file).isPresent(), "no longer hashing");
  }

  @Test
  void aManifestFoundWrongWhileVerifyingSendsTheRowBackToLocatingAndIsLogged() {
    TransferRow row = table.startDownload(ID).orElseThrow();
    table.apply(new TransferEvent.Located(N, ID, "m.mkv", 4 * MIB, 16, 1, 0));
    table.apply(new TransferEvent.Verifying(N, ID));
    String line = "file 01234567: the tracker's first manifest was wrong (from 1 peer), trying the next of 2";
    table.apply(new TransferEvent.ManifestRejected(N, ID, line));
    assertEquals(line, log.get(log.size() - 1));
    assertEquals(Phase.LOCATING, row.getPhase());
    table.apply(new TransferEvent.Located(N, ID, "m.mkv", 4 * MIB, 16, 1, 0));
    table.apply(new TransferEvent.Progress(N, ID, 2 * MIB, 4 * MIB, 8, 16, MIB, List.of()));
    assertEquals("50%", row.progressTextProperty().get(), "the next manifest's progress shows");
  }

  @Test
  void progressEventsMoveADownloadAndTheOutcomeEndsIt() {
    TransferRow row = table.startDownload(ID).orElseThrow();
    table.apply(new TransferEvent.Located(N, ID, "m.mkv", 4 * MIB, 16, 2, 4));
    assertEquals(0.25, row.progressProperty().get(), 1e-9, "resumed chunks count");
    assertTrue(log.get(log.size() - 1).endsWith("on 2 peers; resuming with 4 of 16 chunks already on disk"));
    table.apply(new TransferEvent.Progress(N, ID, 2 * MIB, 4 * MIB, 8, 16, MIB, List.of()));
    assertEquals("50%", row.progressTextProperty().get());

    table.apply(new TransferEvent.Completed(N, ID, Path.of("/dl/m.mkv"), 4 * MIB, 2, List.of()));
    table.apply(new TransferEvent.Failed(N, ID, "ignored"));
    assertEquals(Phase.DOWNLOADING, row.getPhase(), "events are not outcomes");

    table.completed(row, new DownloadResult(Path.of("/dl/m.mkv"), MainViewModelTest.manifest("m.mkv", 4 * MIB), 2,
        List.of(new TransferEvent.PeerStat("10.0.0.2:6000", 4 * MIB, 16, 0, 0, false))));
    assertEquals("seeding", row.stateProperty().get());
    assertEquals(1, row.peerStats().size());
    assertEquals("Downloaded m.mkv (4.0 MiB) in 2.0 s from 1 peer; verified, saved to /dl/m.mkv and now seeding",
        log.get(log.size() - 1));
  }

  @Test
  void pausedAndResumedEventsMoveTheRowOnceWhateverAlsoSaysSo() {
    TransferRow row = table.startDownload(ID).orElseThrow();
    table.apply(new TransferEvent.Located(N, ID, "m.mkv", 4 * MIB, 16, 1, 0));
    table.apply(new TransferEvent.Paused(N, ID));
    assertEquals(Phase.PAUSED, row.getPhase());
    int lines = log.size();
    table.paused(row);
    assertEquals(lines, log.size(), "the facade's answer after the event tells nothing twice");
    table.apply(new TransferEvent.Resumed(N, ID));
    assertEquals(Phase.DOWNLOADING, row.getPhase());
    table.resumed(row);
    assertEquals(lines + 1, log.size());
  }

  @Test
  void aDownloadTheNodeResumedByItselfEndsOnItsEvents() {
    // No startDownload: the node resumed it from its saved state, so no stage will report its end.
    table.apply(new TransferEvent.Located(N, ID, "m.mkv", 4 * MIB, 16, 1, 8));
    TransferRow row = table.rows().get(0);
    table.apply(new TransferEvent.Completed(N, ID, Path.of("/dl/m.mkv"), 4 * MIB, 2, List.of()));
    assertEquals(Phase.SEEDING, row.getPhase());
    assertEquals(Optional.of(Path.of("/dl/m.mkv")), row.file());
    assertEquals("Downloaded m.mkv (4.0 MiB) in 2.0 s from 0 peers; verified, saved to /dl/m.mkv and now seeding",
        log.get(log.size() - 1));

    FileId other = new FileId("ab".repeat(32));
    table.apply(new TransferEvent.Locating(N, other));
    table.apply(new TransferEvent.Failed(N, other, "no peer has it"));
    assertEquals("failed: no peer has it", table.rows().get(1).stateProperty().get());
  }

  @Test
  void aRunningDownloadIsNotStartedTwiceAndAFailedOneGetsAFreshRow() {
    TransferRow row = table.startDownload(ID).orElseThrow();
    assertEquals(Optional.empty(), table.startDownload(ID));
    table.failed(row, "no peers");

    TransferRow again = table.startDownload(ID).orElseThrow();
    assertEquals(List.of(again), table.rows());
    assertEquals(Kind.DOWNLOAD, again.kind());
    assertEquals("locating peers", again.stateProperty().get());
  }

  @Test
  void lateEventsLeaveAnEndedDownloadAsItIs() {
    TransferRow row = table.startDownload(ID).orElseThrow();
    table.failed(row, "no peers");
    table.apply(new TransferEvent.Locating(N, ID));
    table.apply(new TransferEvent.Progress(N, ID, 1, 2, 1, 2, 1, List.of()));
    table.apply(new TransferEvent.Verifying(N, ID));
    assertEquals("failed: no peers", row.stateProperty().get());
  }
}
