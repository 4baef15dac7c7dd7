package dev.p2p.app;

import dev.p2p.transfer.TransferEvent;
import dev.p2p.testing.EventRecorder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import dev.p2p.testing.SwarmFixture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node given two tracker addresses moves to the second when the first goes away, and registers
 * everything it shares there at once, not at its next re-announce round.
 */
class TrackerFailoverIT {
  @RegisterExtension static final SwarmFixture swarm = new SwarmFixture();

  static String hostPort(InetSocketAddress a) {
    return "127.0.0.1:" + a.getPort();
  }

  @Test
  void aNodeRegistersAllItSharesWithTheNextTrackerAsSoonAsItMovesThere() throws Exception {
    LocalTracker first = swarm.startTracker(Map.of());
    LocalTracker second = swarm.startTracker(Map.of());
    // A re-announce round only every minute: whatever reaches the second tracker sooner came
    // from the move.
    LocalPeer node = swarm.peer("node", Map.of(
        "p2p.tracker.addresses", List.of(hostPort(first.address()), hostPort(second.address())),
        "p2p.peer.reannounce-interval", "60s"));
    Manifest a = node.share(swarm.file("a.bin", 5000, 1)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    Manifest b = node.share(swarm.file("b.bin", 7000, 2)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertEquals(a, swarm.trackerClient(first.address()).query(a.id()).toCompletableFuture().get(10, TimeUnit.SECONDS).manifest());
    assertThrows(ExecutionException.class,
        () -> swarm.trackerClient(second.address()).query(a.id()).toCompletableFuture().get(10, TimeUnit.SECONDS));

    EventRecorder events = swarm.record(node);
    first.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
    // Any request of the node finds the first tracker gone: here a download's QUERY.
    node.download(new FileId("ee".repeat(32)), swarm.dir("out"));

    swarm.eventually(Duration.ofSeconds(10), () -> {
      for (Manifest m : List.of(a, b)) {
        assertEquals(m, swarm.trackerClient(second.address()).query(m.id()).toCompletableFuture()
            .get(5, TimeUnit.SECONDS).manifest());
      }
      // Its subscribers (the window) are told where it is now.
      assertEquals(List.of(new TransferEvent.TrackerChanged(node.peerId(), hostPort(second.address()))),
          events.ofType(TransferEvent.TrackerChanged.class));
    });
  }
}
