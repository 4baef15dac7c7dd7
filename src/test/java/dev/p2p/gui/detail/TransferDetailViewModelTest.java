package dev.p2p.gui.detail;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.gui.detail.SpeedHistory.Sample;
import dev.p2p.storage.FileId;
import dev.p2p.testing.ManualClock;
import dev.p2p.transfer.TransferEvent.ChunkRequested;
import dev.p2p.transfer.TransferEvent.ChunkRetried;
import dev.p2p.transfer.TransferEvent.ChunkVerified;
import dev.p2p.transfer.TransferEvent.Completed;
import dev.p2p.transfer.TransferEvent.Located;
import dev.p2p.transfer.TransferEvent.PeerStat;
import dev.p2p.transfer.TransferEvent.Progress;
import dev.p2p.transfer.TransferEvent.Uploading;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TransferDetailViewModelTest {
  static final FileId A = new FileId("a".repeat(64));
  static final FileId B = new FileId("b".repeat(64));
  static final String NODE = "me";
  static final List<PeerStat> PEERS = List.of(new PeerStat("10.0.0.2:6000", 300, 30, 3, 0, false),
      new PeerStat("10.0.0.3:6000", 100, 10, 1, 1, false), new PeerStat("10.0.0.4:6000", 0, 0, 0, 0, false));


  final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  final TransferDetailViewModel vm = new TransferDetailViewModel(clock);

  @Test
  void showsTheSelectedDownloadsCountsRetriesAndPeers() {
    vm.apply(new Located(NODE, A, "a.bin", 100, 100, 3, 5));
    vm.apply(new Progress(NODE, A, 40, 100, 40, 100, 1000, PEERS));
    vm.apply(new ChunkRetried(NODE, A, 77, "10.0.0.3:6000", "timeout"));
    vm.selectedIdProperty().set(A.hex());
    PieceMap map = vm.pieceMapProperty().get();
    assertEquals(100, map.numChunks());
    assertEquals(40, map.verified());
    assertEquals(4, map.inFlight());
    assertEquals(Set.of(77), map.retried());
    assertEquals("40 of 100 chunks verified, 4 in flight, 1 retried on another peer;"
        + " from 10.0.0.2:6000 (30), 10.0.0.3:6000 (10).", vm.summaryProperty().get());
  }

  @Test
  void chunkEventsPlaceEachChunkWithItsPeerAndAreShownWithTheNextReport() {
    vm.selectedIdProperty().set(A.hex());
    vm.apply(new Located(NODE, A, "a.bin", 400, 4, 2, 0));
    vm.apply(new ChunkRequested(NODE, A, 3, "10.0.0.2:6000"));
    vm.apply(new ChunkRequested(NODE, A, 0, "10.0.0.3:6000"));
    vm.apply(new ChunkRequested(NODE, A, 2, "10.0.0.2:6000"));
    vm.apply(new ChunkVerified(NODE, A, 3, "10.0.0.2:6000"));
    vm.apply(new ChunkVerified(NODE, A, 0, "10.0.0.3:6000"));
    // Per-chunk events wait for the next report: no redraw per chunk.
    assertEquals(PieceMap.MISSING, vm.pieceMapProperty().get().state(3));
    vm.apply(new Progress(NODE, A, 200, 400, 2, 4, 100, List.of()));
    PieceMap map = vm.pieceMapProperty().get();
    assertEquals(List.of("10.0.0.2:6000", "10.0.0.3:6000"), map.peers());
    // The report counts no chunk in flight: chunk 2's end was lost on the way, its mark goes.
    assertArrayEquals(new int[] {PieceMap.HERE_PEER + 1, PieceMap.MISSING, PieceMap.MISSING, PieceMap.HERE_PEER},
        map.lane(4));
    vm.apply(new Completed(NODE, A, Path.of("a.bin"), 400, 1.0, List.of()));
    assertArrayEquals(new int[] {PieceMap.HERE_PEER + 1, PieceMap.HERE_OTHER, PieceMap.HERE_OTHER, PieceMap.HERE_PEER},
        vm.pieceMapProperty().get().lane(4));
  }

  @Test
  void eventsOfAnotherTransferLeaveTheSelectedOneAlone() {
    vm.selectedIdProperty().set(A.hex());
    vm.apply(new Progress(NODE, A, 10, 100, 10, 100, 500, List.of()));
    vm.apply(new Progress(NODE, B, 90, 100, 90, 100, 9000, List.of()));
    assertEquals(10, vm.pieceMapProperty().get().verified());
    assertEquals(List.of(new Sample(clock.instant().getEpochSecond(), 500, 0)), vm.speeds());
    vm.selectedIdProperty().set(B.hex());
    assertEquals(90, vm.pieceMapProperty().get().verified());
    vm.selectedIdProperty().set("");
    assertEquals(PieceMap.EMPTY, vm.pieceMapProperty().get());
    assertTrue(vm.speeds().isEmpty());
    assertEquals("", vm.summaryProperty().get());
  }

  @Test
  void graphsDownloadAndUploadPerSecondAndDropsToZeroWhenDone() {
    vm.selectedIdProperty().set(A.hex());
    long t0 = clock.instant().getEpochSecond();
    vm.apply(new Progress(NODE, A, 10, 100, 10, 100, 2000, List.of()));
    vm.apply(new Uploading(NODE, A, 1, 50, 700));
    clock.advance(Duration.ofSeconds(1));
    vm.apply(new Completed(NODE, A, Path.of("a.bin"), 100, 1.0, List.of()));
    assertEquals(List.of(new Sample(t0, 2000, 700), new Sample(t0 + 1, 0, 0)), vm.speeds());
    assertTrue(vm.pieceMapProperty().get().complete());
    assertEquals("All chunks here.", vm.summaryProperty().get());
  }

  @Test
  void namesAFewPeersAndCountsTheRest() {
    List<PeerStat> many = List.of(new PeerStat("p1", 1, 6, 0, 0, false), new PeerStat("p2", 1, 5, 0, 0, false),
        new PeerStat("p3", 1, 4, 0, 0, false), new PeerStat("p4", 1, 3, 0, 0, false),
        new PeerStat("p5", 1, 2, 0, 0, false), new PeerStat("p6", 1, 1, 0, 0, false));
    String line = TransferDetailViewModel.summaryOf(counts(30, 21), many);
    assertEquals("21 of 30 chunks verified, 0 in flight; from p1 (6), p2 (5), p3 (4), p4 (3) and 2 more.", line);
  }

  private static PieceMap counts(int chunks, int verified) {
    ChunkStates s = new ChunkStates();
    s.counts(chunks, verified, 0);
    return s.snapshot();
  }

  @Test
  void keepsDetailOfABoundedNumberOfTransfers() {
    for (int i = 0; i <= TransferDetailViewModel.MAX_TRACKED; i++) {
      FileId id = new FileId(String.format("%064x", i));
      vm.apply(new Progress(NODE, id, 1, 10, 1, 10, 1, List.of()));
    }
    vm.selectedIdProperty().set(String.format("%064x", 0));
    assertEquals("No chunk reports yet.", vm.summaryProperty().get());
    vm.selectedIdProperty().set(String.format("%064x", TransferDetailViewModel.MAX_TRACKED));
    assertEquals(1, vm.pieceMapProperty().get().verified());
  }
}
