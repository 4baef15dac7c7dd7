package dev.p2p.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.app.AppSettings;
import dev.p2p.app.LocalPeer;
import dev.p2p.app.LocalTracker;
import dev.p2p.app.NodeFacade.DownloadResult;
import dev.p2p.protocol.ErrorCode;
import dev.p2p.protocol.Message;
import dev.p2p.storage.Manifest;
import dev.p2p.testing.EventRecorder;
import dev.p2p.testing.HostilePeer;
import dev.p2p.testing.SwarmFixture;
import dev.p2p.testing.Wire;
import dev.p2p.text.P2pException;
import dev.p2p.transfer.TransferEvent;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The TLS layer against clients and servers that are not who, or not what, they should be. */
class TlsIT {
  @RegisterExtension static final SwarmFixture swarm = new SwarmFixture();

  @Test
  void aPlaintextClientOfATlsServerGetsOneClearErrorAndTheEnd() throws Exception {
    for (var server : new InetSocketAddress[] {swarm.trackerAddress(), swarm.peer("p").address()}) {
      try (Socket s = Wire.connectPlain(server)) {
        Wire.send(s, new Message.Query(SwarmFixture.await(swarm.peer("q").share(
            swarm.file("x.bin", 1000, 1))).id()));
        Message.Error e = assertInstanceOf(Message.Error.class, Wire.readFrame(s.getInputStream(), 10_000));
        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        assertTrue(e.reason().contains("TLS connections only"), e.reason());
        assertNull(Wire.readFrame(s.getInputStream(), 10_000), "then the end of the stream");
      }
    }
  }

  @Test
  void aPeerPresentingAnotherCertificateThanTheTrackerListedIsRefusedAndLogged() throws Exception {
    Path src = swarm.file("f.bin", 300_000, 7);
    SwarmFixture.Seeder honest = swarm.seeder("honest", src, Map.of("p2p.chunk-size", 16 * 1024));
    Manifest m = honest.manifest();
    // Registered by one identity (the test client), served by another: whoever took its port.
    HostilePeer impostor = HostilePeer.startAs(Files.readAllBytes(src), m, HostilePeer.Mode.SILENT,
        Transport.tls(NodeIdentity.ephemeral()));
    try (impostor) {
      swarm.register(m, "listed", impostor.port());
      LocalPeer getter = swarm.peer("getter");
      EventRecorder events = swarm.record(getter);
      DownloadResult r = swarm.download(getter, m.id(), swarm.dir("out"));
      assertArrayEquals(Files.readAllBytes(src), Files.readAllBytes(r.path()));
      assertEquals(0, impostor.requests(), "chunk requests the impostor got");
      assertTrue(events.ofType(TransferEvent.PeerLost.class).stream().anyMatch(l ->
              l.peer().equals(impostor.key()) && l.reason().contains("presented node ID")),
          events.toString());
    }
  }

  @Test
  void aTrackerThatPresentsAnotherCertificateThanLastTimeIsRefused(@TempDir Path state) throws Exception {
    LocalPeer p = swarm.peer("remembers", Map.of("p2p.state-dir", state.toString()));
    SwarmFixture.await(p.share(swarm.file("one.bin", 1000, 1)));
    assertTrue(Files.readString(state.resolve(KnownTrackers.FILE)).contains(
        SwarmFixture.key(swarm.trackerAddress())), "the tracker's node ID was recorded");
    // Someone else answers on the tracker's address now (another identity).
    int port = swarm.trackerAddress().getPort();
    swarm.stopTracker();
    swarm.startTracker(port);
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> p.share(swarm.file("two.bin", 1000, 2)).toCompletableFuture().get(20, TimeUnit.SECONDS));
    assertTrue(e.getCause().getMessage().startsWith("tracker 127.0.0.1:" + port + " presented node ID "),
        e.getCause().getMessage());
  }

  @Test
  void aTlsNodeAgainstAPlaintextTrackerSaysSoInOneLine() throws Exception {
    Path src = swarm.file("g.bin", 1000, 3);
    var plainTracker = SwarmFixture.await(LocalTracker.start(swarm.system(),
        AppSettings.load(Map.of("p2p.tls", false, "p2p.tracker.port", 0))));
    try {
      LocalPeer tls = swarm.peer("tls", Map.of("p2p.tracker.port", plainTracker.address().getPort()));
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> tls.share(src).toCompletableFuture().get(20, TimeUnit.SECONDS));
      P2pException p = assertInstanceOf(P2pException.class, e.getCause());
      assertTrue(p.getMessage().contains("TLS"), p.getMessage());
      assertFalse(p.getMessage().contains("\n"), p.getMessage());
    } finally {
      SwarmFixture.await(plainTracker.stop());
    }
  }
}
