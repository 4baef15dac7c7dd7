package dev.p2p.app.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.p2p.app.ops.NodeStatus.Peer;
import dev.p2p.app.ops.NodeStatus.Transfer;
import dev.p2p.storage.FileId;
import dev.p2p.transfer.TransferEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What /status says of a node, from the events the node sends its subscribers. */
class StatusBoardTest {
  private static final FileId A = new FileId("a".repeat(64));
  private static final FileId B = new FileId("b".repeat(64));
  private static final TransferEvent.PeerStat PEER = new TransferEvent.PeerStat("127.0.0.1:6001", 1024, 4, 1, 0, false);

  private final StatusBoard board = new StatusBoard();

  @Test
  void aDownloadGoesFromLocatingThroughProgressToDoneAndItsPeersGoWithIt() {
    board.on(new TransferEvent.Locating("n", A));
    assertEquals("locating", board.transfers().get(0).state());
    assertEquals(1, board.active());
    board.on(new TransferEvent.Located("n", A, "big.iso", 4096, 16, 1, 0));
    board.on(new TransferEvent.Progress("n", A, 1024, 4096, 4, 16, 512.0, List.of(PEER)));
    Transfer t = board.transfers().get(0);
    assertEquals(new Transfer(A.hex(), "big.iso", "downloading", 1024, 4096, 512.0, 1), t);
    assertEquals(25.0, t.percent());
    assertEquals(List.of(new Peer("127.0.0.1:6001", A.hex(), 1024, 4, false)), board.peers());
    board.on(new TransferEvent.Paused("n", A));
    board.on(new TransferEvent.Progress("n", A, 1024, 4096, 4, 16, 0, List.of(PEER)));
    assertEquals("paused", board.transfers().get(0).state());
    board.on(new TransferEvent.Resumed("n", A));
    // Waiting is told once; the progress lines under it keep it until a byte arrives.
    board.on(new TransferEvent.Waiting("n", A, "no peer has the missing 12 chunks", Duration.ofSeconds(1)));
    board.on(new TransferEvent.Progress("n", A, 1024, 4096, 4, 16, 0, List.of(PEER)));
    assertEquals("waiting", board.transfers().get(0).state());
    board.on(new TransferEvent.Progress("n", A, 2048, 4096, 8, 16, 512.0, List.of(PEER)));
    assertEquals("downloading", board.transfers().get(0).state());
    board.on(new TransferEvent.Verifying("n", A));
    assertEquals("verifying", board.transfers().get(0).state());
    board.on(new TransferEvent.Completed("n", A, Path.of("big.iso"), 4096, 1.0, List.of(PEER)));
    assertEquals(new Transfer(A.hex(), "big.iso", "done", 4096, 4096, 0, 0), board.transfers().get(0));
    assertEquals(List.of(), board.peers());
    assertEquals(0, board.active());
  }

  @Test
  void sharesShowTheirUploadFiguresAndFailuresEndADownload() {
    board.on(new TransferEvent.Shared("n", B, "notes.txt", 100, Path.of("notes.txt")));
    board.on(new TransferEvent.Uploading("n", B, 2, 300, 150.0));
    board.on(new TransferEvent.Locating("n", A));
    board.on(new TransferEvent.Waiting("n", A, "the tracker is unreachable", java.time.Duration.ofSeconds(2)));
    assertEquals("waiting", board.transfers().get(1).state());
    board.on(new TransferEvent.Failed("n", A, "no peer"));
    assertEquals(List.of(new Transfer(B.hex(), "notes.txt", "sharing", 100, 100, 150.0, 2),
        new Transfer(A.hex(), "aaaaaaaa", "failed", 0, 0, 0, 0)), board.transfers());
    assertEquals(0, board.active());
  }
}
