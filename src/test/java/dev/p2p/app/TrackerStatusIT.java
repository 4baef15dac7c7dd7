package dev.p2p.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.protocol.ErrorCode;
import dev.p2p.protocol.Message;
import dev.p2p.storage.Manifest;
import dev.p2p.testing.EventRecorder;
import dev.p2p.testing.ScriptedTracker;
import dev.p2p.testing.SwarmFixture;
import dev.p2p.text.P2pException;
import dev.p2p.tracker.TrackerClient;
import dev.p2p.transfer.TransferEvent;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node's tracker state over real TCP: a node started with no tracker says so at once (to its
 * first subscriber, before any transfer), keeps a share it could not register and says why,
 * sees the tracker come back on its own and registers that share then; a share the tracker
 * refused is dropped, never registered later.
 */
class TrackerStatusIT {
  @RegisterExtension static final SwarmFixture swarm = new SwarmFixture();

  @Test
  void aNodeWithoutTrackerSaysSoAndRegistersItsShareWhenTheTrackerComesBack() throws Exception {
    int port = freePort();
    LocalPeer p = swarm.peer("p", Map.of("p2p.tracker.port", port));
    EventRecorder events = swarm.record(p);
    swarm.eventually(Duration.ofSeconds(10), () -> {
      TransferEvent.TrackerStatus s = events.lastOfType(TransferEvent.TrackerStatus.class).orElseThrow();
      assertFalse(s.reachable());
      assertEquals("127.0.0.1:" + port, s.tracker());
      assertTrue(s.reason().toLowerCase().contains("refused"), s.reason());
    });

    Path file = swarm.file("early.bin", 100_000, 3);
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> p.share(file).toCompletableFuture().get(20, TimeUnit.SECONDS));
    NotRegisteredYet pending = NotRegisteredYet.in(e).orElseThrow(() -> new AssertionError(e));
    assertEquals(P2pException.Kind.TRACKER_UNREACHABLE, pending.kind());
    assertTrue(pending.getMessage().contains("is unreachable"), pending.getMessage());
    Manifest m = pending.manifest();

    LocalTracker tracker = swarm.startTracker(port);
    // Probes 1, 2, 4, 8 s apart: the tracker is seen within the back-off reached, plus slack.
    swarm.eventually(Duration.ofSeconds(40), () -> assertTrue(
        events.lastOfType(TransferEvent.TrackerStatus.class).orElseThrow().reachable()));
    TrackerClient tc = swarm.trackerClient(tracker.address());
    swarm.eventually(Duration.ofSeconds(10), () -> assertEquals(List.of(p.peerId()),
        SwarmFixture.await(tc.query(m.id())).peers().stream().map(Message.PeerInfo::peerId).toList()));
    swarm.eventually(Duration.ofSeconds(10), () -> assertTrue(events.ofType(TransferEvent.Shared.class).stream()
        .anyMatch(s -> s.fileId().equals(m.id())), "the late registration is told: " + events));
  }

  @Test
  void aWaitingShareRemovedWhileTheTrackerIsDownIsGoneAndNotRegisteredWhenItIsBack() throws Exception {
    int port = freePort();
    LocalPeer p = swarm.peer("p", Map.of("p2p.tracker.port", port));
    EventRecorder events = swarm.record(p);
    Manifest removed = pendingShare(p, swarm.file("removed.bin", 60_000, 11));
    Manifest kept = pendingShare(p, swarm.file("kept.bin", 60_000, 12));
    SwarmFixture.await(p.unshare(removed.id())); // no tracker to tell: still removed, no error

    LocalTracker tracker = swarm.startTracker(port);
    swarm.eventually(Duration.ofSeconds(40), () -> assertTrue(events.ofType(TransferEvent.Shared.class).stream()
        .anyMatch(s -> s.fileId().equals(kept.id()))));
    TrackerClient tc = swarm.trackerClient(tracker.address());
    ExecutionException unknown = assertThrows(ExecutionException.class,
        () -> tc.query(removed.id()).toCompletableFuture().get(10, TimeUnit.SECONDS));
    assertTrue(unknown.getCause().getMessage().contains("unknown file"), unknown.getMessage());
  }

  @Test
  void aWaitingShareIsKeptInTheStateAndSharedAgainAfterARestartStillWaiting() throws Exception {
    int port = freePort();
    Map<String, Object> settings = Map.of("p2p.tracker.port", port, "p2p.state-dir", swarm.dir("state").toString());
    LocalPeer first = swarm.peer("first", settings);
    SwarmFixture.await(first.resumeState());
    Path file = swarm.file("waiting.bin", 80_000, 13);
    Manifest m = pendingShare(first, file);
    SwarmFixture.await(first.stop());

    LocalPeer again = swarm.peer("again", settings);
    Restorer.Restored r = SwarmFixture.await(again.resumeState());
    assertEquals(1, r.shared(), r.toString());
    assertEquals(1, r.notes().size(), r.toString());
    assertTrue(r.notes().get(0).startsWith(file + " is shared again but not registered yet ("), r.toString());
    LocalTracker tracker = swarm.startTracker(port);
    TrackerClient tc = swarm.trackerClient(tracker.address());
    swarm.eventually(Duration.ofSeconds(40), () -> assertEquals(List.of(again.peerId()),
        SwarmFixture.await(tc.query(m.id())).peers().stream().map(Message.PeerInfo::peerId).toList()));
  }

  private static Manifest pendingShare(LocalPeer p, Path file) {
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> p.share(file).toCompletableFuture().get(20, TimeUnit.SECONDS));
    return NotRegisteredYet.in(e).orElseThrow(() -> new AssertionError(e)).manifest();
  }

  @Test
  void aShareTheTrackerRefusedIsDroppedNotRegisteredLater() throws Exception {
    Path refused = swarm.file("refused.bin", 50_000, 4);
    Path accepted = swarm.file("accepted.bin", 50_000, 5);
    Manifest bad = SwarmFixture.await(swarm.peer("hash", Map.of()).share(refused));
    try (ScriptedTracker t = ScriptedTracker.start(swarm.system(), msg -> {
      if (msg instanceof Message.Register r && r.fileId().equals(bad.id())) {
        return Message.Error.of(ErrorCode.FORBIDDEN, "too many registrations from your address");
      }
      if (msg instanceof Message.Register r) return new Message.Registered(r.fileId(), 1);
      if (msg instanceof Message.Unregister u) return new Message.Registered(u.fileId(), 0);
      return Message.Error.of(ErrorCode.NOT_FOUND, "unknown file");
    })) {
      LocalPeer p = swarm.peer("p", Map.of("p2p.tracker.port", t.port(), "p2p.peer.reannounce-interval", "200ms"));
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> p.share(refused).toCompletableFuture().get(20, TimeUnit.SECONDS));
      assertTrue(NotRegisteredYet.in(e).isEmpty(), "a refusal is no pending share: " + e);
      Manifest good = SwarmFixture.await(p.share(accepted));
      // Three periodic rounds for the file kept: a kept refused file would have been retried too.
      swarm.eventually(Duration.ofSeconds(10), () -> assertTrue(t.received(Message.Register.class).stream()
          .filter(r -> r.fileId().equals(good.id())).count() >= 4));
      assertEquals(1, t.received(Message.Register.class).stream().filter(r -> r.fileId().equals(bad.id())).count(),
          "the refused share was asked for once only");
    }
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
