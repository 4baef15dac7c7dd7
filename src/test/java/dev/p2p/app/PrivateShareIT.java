package dev.p2p.app;

import static dev.p2p.testing.SwarmFixture.await;
import static dev.p2p.testing.Wire.readFrame;
import static dev.p2p.testing.Wire.send;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.protocol.ErrorCode;
import dev.p2p.protocol.Message;
import dev.p2p.storage.ShareLink;
import dev.p2p.testing.EventRecorder;
import dev.p2p.testing.SwarmFixture;
import dev.p2p.testing.Wire;
import dev.p2p.transfer.TransferEvent;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A private share between real nodes on loopback: the link downloads, the bare ID does not (at
 * the tracker, nor straight from the sharer's chunk server), a downloader re-shares it privately,
 * and the owner's revocation stops new downloads and the other sharers.
 */
class PrivateShareIT {
  @RegisterExtension static final SwarmFixture swarm = new SwarmFixture();
  static final Map<String, Object> FAST = Map.of("p2p.chunk-size", 16 * 1024,
      "p2p.peer.reannounce-interval", "300ms");

  @Test
  void theLinkDownloadsTheBareIdDoesNotAndRevocationEndsTheShare() throws Exception {
    Path src = swarm.file("secret.bin", 200 * 1024, 11);
    LocalPeer owner = swarm.peer("owner", FAST);
    ShareLink link = await(owner.share(src, ShareOptions.privateShare()));
    assertTrue(link.isPrivate());
    assertEquals(Files.size(src), link.size().getAsLong());

    // Knowing the ID is not enough: the tracker says NOT_FOUND, the sharer serves nothing.
    LocalPeer stranger = swarm.peer("stranger", FAST);
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> swarm.download(stranger, link.id(), swarm.dir("stranger")));
    assertTrue(e.getCause().getMessage().startsWith("unknown file"), e.getCause().getMessage());
    try (Socket s = Wire.connect(owner.address().getPort())) {
      send(s, new Message.HaveRequest(link.id()));
      assertEquals(ErrorCode.NOT_FOUND, assertInstanceOf(Message.Error.class, readFrame(s)).code());
      send(s, new Message.ChunkRequest(link.id(), 0));
      assertEquals(ErrorCode.NOT_FOUND, assertInstanceOf(Message.Error.class, readFrame(s)).code());
    }

    // With the link: downloaded and verified, and the downloader now shares it privately too.
    LocalPeer friend = swarm.peer("friend", FAST);
    NodeFacade.DownloadResult got = await(friend.download(ShareLink.parse(link.format()), swarm.dir("friend")));
    assertArrayEquals(Files.readAllBytes(src), Files.readAllBytes(got.path()));
    try (Socket s = Wire.connect(friend.address().getPort())) {
      send(s, new Message.HaveRequest(link.id()));
      assertEquals(ErrorCode.NOT_FOUND, assertInstanceOf(Message.Error.class, readFrame(s)).code(),
          "the re-share is as private as the original");
    }
    swarm.eventually(Duration.ofSeconds(10), () -> assertEquals(2, privatePeers(link)));

    // A re-sharer's Remove only stops its own serving (it is not the owner: no error).
    LocalPeer second = swarm.peer("second", FAST);
    await(second.download(link, swarm.dir("second")));
    swarm.eventually(Duration.ofSeconds(10), () -> assertEquals(3, privatePeers(link)));
    await(second.unshare(link.id()));
    swarm.eventually(Duration.ofSeconds(10), () -> assertEquals(2, privatePeers(link)));

    // The owner revokes: nobody new finds it, and the friend stops serving it at its next tick.
    EventRecorder friendEvents = swarm.record(friend);
    await(owner.unshare(link.id()));
    LocalPeer late = swarm.peer("late", FAST);
    ExecutionException refused = assertThrows(ExecutionException.class,
        () -> await(late.download(link, swarm.dir("late"))));
    assertTrue(refused.getCause().getMessage().startsWith("unknown file"), refused.getCause().getMessage());
    swarm.eventually(Duration.ofSeconds(10),
        () -> assertTrue(friendEvents.lastOfType(TransferEvent.Failed.class).isPresent()));
    TransferEvent.Failed ended = friendEvents.lastOfType(TransferEvent.Failed.class).get();
    assertTrue(ended.reason().startsWith("private share ended"), ended.reason());
    assertTrue(Files.exists(got.path()), "a revoked share is not recalled from those who have it");
    assertFalse(ended.reason().contains(link.key().get().encoded()));
  }

  /** How many peers the tracker lists for the private share of {@code link}. */
  static int privatePeers(ShareLink link) throws Exception {
    return await(swarm.trackerClient().query(link.id(), List.of(), link.key().get().lookup(link.id())))
        .peers().size();
  }
}
