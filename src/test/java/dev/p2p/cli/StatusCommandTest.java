package dev.p2p.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.app.ops.NodeStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code p2p status} prints for a node and a tracker (README's "Operating it" shows it). */
class StatusCommandTest {
  private static String print(NodeStatus s) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    StatusCommand.print(s, new PrintStream(b, true, StandardCharsets.UTF_8));
    return b.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aNodeIsAHeadingItsTransfersAndThePeersOfItsDownloads() {
    String id = "9f86d081" + "0".repeat(56);
    NodeStatus node = new NodeStatus("node", 4242, "127.0.0.1:6000", "p6c1d0e2f3a", "127.0.0.1:5000", 0, 0,
        List.of(new NodeStatus.Transfer(id, "movie\u202e.mkv", "downloading", 27_262_976, 67_108_864, 13_107_200, 2)),
        List.of(new NodeStatus.Peer("127.0.0.1:6001", id, 13_631_488, 52, false)));
    assertEquals("""
        node p6c1d0e2f3a on 127.0.0.1:6000, tracker 127.0.0.1:5000 (pid 4242)
          ID        STATE         DONE        SIZE          RATE  PEERS  NAME
          9f86d081  downloading    41%    64.0 MiB    12.5 MiB/s      2  movie?.mkv
          peer 127.0.0.1:6001 for 9f86d081: 13.0 MiB in 52 chunks
        """, print(node));
  }

  @Test
  void aTrackerIsOneLineAndAnIdleNodeSaysSo() {
    assertEquals("tracker on 127.0.0.1:5000 (pid 4100): 3 files, 7 registrations\n",
        print(new NodeStatus("tracker", 4100, "127.0.0.1:5000", "", "", 3, 7, List.of(), List.of())));
    assertEquals("node p1 on 127.0.0.1:6000, tracker 127.0.0.1:5000 (pid 1)\n  no transfers\n",
        print(new NodeStatus("node", 1, "127.0.0.1:6000", "p1", "127.0.0.1:5000", 0, 0, null, null)));
  }

  @Test
  void aLocalNodesTokenIsOfferedOnlyToThatHost() {
    assertTrue(StatusCommand.sameHost("127.0.0.1", "localhost"));
    assertTrue(StatusCommand.sameHost("127.0.0.1", "127.0.0.1"));
    assertTrue(StatusCommand.sameHost("10.0.0.7", "10.0.0.7"));
    assertFalse(StatusCommand.sameHost("127.0.0.1", "10.0.0.7"));
    assertFalse(StatusCommand.sameHost("10.0.0.8", "10.0.0.7"));
  }
}
