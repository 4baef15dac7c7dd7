package dev.p2p.app;

import static dev.p2p.testing.RawPeer.readFrame;
import static dev.p2p.testing.RawPeer.writeFrame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.typesafe.config.Config;
import dev.p2p.protocol.Codec;
import dev.p2p.protocol.ErrorCode;
import dev.p2p.protocol.Message;
import dev.p2p.storage.Manifest;
import dev.p2p.tracker.TrackerClient;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A shared file that changes on disk is no longer served, nor listed, under its old ID. */
class ChangedFileIT {
  static final ActorTestKit testKit = ActorTestKit.create();
  static final Config config = testKit.system().settings().config();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void fileChangedAfterSharingIsWithdrawnFromPeersAndTracker(@TempDir Path dir) throws Exception {
    byte[] data = new byte[64 * 1024];
    new Random(3).nextBytes(data);
    Path src = dir.resolve("doc.bin");
    Files.write(src, data);
    try (LocalSwarm swarm = LocalSwarm.start(testKit.system(), config)) {
      LocalPeer seeder = swarm.addPeer(dir.resolve("seed"), Map.of("p2p.chunk-size", 16 * 1024,
          "p2p.peer.reannounce-interval", "300ms"));
      Manifest m = seeder.share(src).toCompletableFuture().get(20, TimeUnit.SECONDS);
      TrackerClient tc = new TrackerClient(testKit.system(), swarm.tracker().address(),
          Optional.empty(), Duration.ofSeconds(5), Duration.ofSeconds(5), 1 << 24);
      assertEquals(1, tc.query(m.id()).toCompletableFuture().get(10, TimeUnit.SECONDS).peers().size());
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", seeder.address().getPort()), 5000);
        s.setSoTimeout(5000);
        writeFrame(s.getOutputStream(), Codec.encode(new Message.ChunkRequest(m.id(), 0)));
        assertInstanceOf(Message.Chunk.class, readFrame(s.getInputStream()), "served before the change");

        // Same size, other content, later modification time: an edit in place.
        byte[] edited = data.clone();
        edited[20_000] ^= 1;
        Files.write(src, edited);
        Files.setLastModifiedTime(src, FileTime.fromMillis(System.currentTimeMillis() + 5000));

        writeFrame(s.getOutputStream(), Codec.encode(new Message.ChunkRequest(m.id(), 1)));
        Message.Error refused = assertInstanceOf(Message.Error.class, readFrame(s.getInputStream()),
            "no chunk of the changed file is served");
        assertTrue(refused.code() == ErrorCode.NO_CHUNK || refused.code() == ErrorCode.NOT_FOUND, refused.toString());
        writeFrame(s.getOutputStream(), Codec.encode(new Message.HaveRequest(m.id())));
        assertEquals(ErrorCode.NOT_FOUND, assertInstanceOf(Message.Error.class, readFrame(s.getInputStream())).code(),
            "the file is no longer offered at all");
      }
      // The node withdraws the registration on its next re-announcement (300 ms), well before the
      // tracker's 60 s TTL would have dropped it.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (true) {
        try {
          tc.query(m.id()).toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          assertTrue(e.getCause().getMessage().contains("unknown file"), e.getCause().getMessage());
          break;
        }
        if (System.nanoTime() > deadline) fail("the tracker still lists the changed file");
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
      }
      LocalPeer d = swarm.addPeer(dir.resolve("out"));
      CompletionException e = assertThrows(CompletionException.class,
          () -> d.download(m.id(), dir.resolve("out")).toCompletableFuture().join());
      assertTrue(e.getCause().getMessage().contains("unknown file"), e.getCause().getMessage());
    }
  }
}
