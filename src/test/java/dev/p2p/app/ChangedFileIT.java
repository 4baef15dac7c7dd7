package dev.p2p.app;

import static dev.p2p.testing.Wire.readFrame;
import static dev.p2p.testing.Wire.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.protocol.ErrorCode;
import dev.p2p.protocol.Message;
import dev.p2p.storage.Manifest;
import dev.p2p.testing.SwarmFixture;
import dev.p2p.testing.Wire;
import dev.p2p.tracker.TrackerClient;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A shared file that changes on disk is no longer served, nor listed, under its old ID. */
class ChangedFileIT {
  @RegisterExtension static final SwarmFixture swarm = new SwarmFixture();

  @Test
  void fileChangedAfterSharingIsWithdrawnFromPeersAndTracker() throws Exception {
    Path src = swarm.file("doc.bin", 64 * 1024, 3);
    byte[] data = Files.readAllBytes(src);
    SwarmFixture.Seeder seeded = swarm.seeder("seed", src, Map.of("p2p.chunk-size", 16 * 1024,
        "p2p.peer.reannounce-interval", "300ms"));
    LocalPeer seeder = seeded.peer();
    Manifest m = seeded.manifest();
    TrackerClient tc = swarm.trackerClient();
    assertEquals(1, tc.query(m.id()).toCompletableFuture().get(10, TimeUnit.SECONDS).peers().size());
    try (Socket s = Wire.connect(seeder.address().getPort())) {
      send(s, new Message.ChunkRequest(m.id(), 0));
      assertInstanceOf(Message.Chunk.class, readFrame(s), "served before the change");

      // Same size, other content, later modification time: an edit in place.
      byte[] edited = data.clone();
      edited[20_000] ^= 1;
      Files.write(src, edited);
      Files.setLastModifiedTime(src, FileTime.fromMillis(System.currentTimeMillis() + 5000));

      send(s, new Message.ChunkRequest(m.id(), 1));
      Message.Error refused = assertInstanceOf(Message.Error.class, readFrame(s),
          "no chunk of the changed file is served");
      assertTrue(refused.code() == ErrorCode.NO_CHUNK || refused.code() == ErrorCode.NOT_FOUND, refused.toString());
      send(s, new Message.HaveRequest(m.id()));
      assertEquals(ErrorCode.NOT_FOUND, assertInstanceOf(Message.Error.class, readFrame(s)).code(),
          "the file is no longer offered at all");
    }
    // The node withdraws the registration on its next re-announcement (300 ms), well before the
    // tracker's 60 s TTL would have dropped it.
    swarm.eventually(Duration.ofSeconds(10), () -> {
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> tc.query(m.id()).toCompletableFuture().get(10, TimeUnit.SECONDS),
          "the tracker still lists the changed file");
      assertTrue(e.getCause().getMessage().contains("unknown file"), e.getCause().getMessage());
    });
    LocalPeer d = swarm.peer("out");
    CompletionException e = assertThrows(CompletionException.class,
        () -> d.download(m.id(), swarm.dir("out")).toCompletableFuture().join());
    assertTrue(e.getCause().getMessage().contains("unknown file"), e.getCause().getMessage());
  }
}
