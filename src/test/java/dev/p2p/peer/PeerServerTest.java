package dev.p2p.peer;

import dev.p2p.net.NodeIdentity;
import dev.p2p.net.Transport;
import static dev.p2p.testing.Wire.expectErrorThenClose;
import static dev.p2p.testing.Wire.frame;
import static dev.p2p.testing.Wire.readFrame;
import static dev.p2p.testing.Wire.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.p2p.net.FramedServer;
import dev.p2p.protocol.Codec;
import dev.p2p.protocol.ErrorCode;
import dev.p2p.protocol.Message;
import dev.p2p.storage.FileId;
import dev.p2p.storage.SharedFile;
import dev.p2p.testing.Wire;
import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chunk server's notifications on real TCP: HELLO and HAVE_CHUNK reach the node's download of
 * the file without a reply, and CANCEL turns a queued request's chunk into ERROR NO_CHUNK.
 */
class PeerServerTest {
  /** The chunk server's identity. */
  private static final Transport SERVER = Transport.tls(NodeIdentity.ephemeral());
  static final ActorTestKit testKit = ActorTestKit.create();
  static final int CHUNK = 1024 * 1024; // above the TCP stage's write buffer: one chunk per write
  static final int PIPELINE = 2;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @TempDir Path dir;
  final Library library = new Library();
  final BlockingQueue<Library.Notice> notices = new LinkedBlockingQueue<>();
  SharedFile file;
  FileId id;
  FramedServer.Server server;

  @BeforeEach
  void start() throws Exception {
    byte[] data = new byte[6 * CHUNK];
    new Random(5).nextBytes(data);
    file = SharedFile.hashAndOpen(Files.write(dir.resolve("f.bin"), data), CHUNK, done -> {});
    id = file.manifest().id();
    library.put(file);
    library.listen(id, notices::add);
    server = PeerServer.bind(testKit.system(), library, "127.0.0.1", 0,
            new FramedServer.Limits(8, 8, Codec.DEFAULT_MAX_FRAME, Duration.ofSeconds(30)), SERVER, PIPELINE,
            new RateLimiter(testKit.system(), 0))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    server.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
    file.close();
  }

  Library.Notice nextNotice() throws InterruptedException {
    Library.Notice n = notices.poll(10, TimeUnit.SECONDS);
    if (n == null) throw new AssertionError("no notice within 10 s");
    return n;
  }

  @Test
  void helloAndHaveChunkReachTheDownloadWithTheConnectionsHostAndNodeIdAndNoReply() throws Exception {
    try (Socket s = Wire.connect(server.localAddress())) {
      BitSet some = new BitSet();
      some.set(1);
      send(s, Message.Hello.of(id, "peer-x", 6001, 6, some));
      send(s, new Message.HaveChunk(id, 4));
      send(s, new Message.ChunkRequest(id, 0));
      // The first reply is the chunk's: the notifications got none.
      assertEquals(0, assertInstanceOf(Message.Chunk.class, readFrame(s)).chunkIndex());
      Library.PeerHello hello = assertInstanceOf(Library.PeerHello.class, nextNotice());
      // The peer ID is the node ID the TLS connection proved, not the one HELLO claims.
      assertEquals(new Message.PeerInfo(Wire.CLIENT.identity().orElseThrow().nodeId(), "127.0.0.1", 6001),
          hello.peer());
      assertEquals(some, hello.have());
      assertEquals(new Library.PeerGained(hello.peer(), 4), nextNotice());
    }
    assertEquals(Library.PeerGone.class, nextNotice().getClass());
  }

  @Test
  void notificationsAboutAFileNotServedHereAreIgnored() throws Exception {
    FileId other = new FileId("ab".repeat(32));
    try (Socket s = Wire.connect(server.localAddress())) {
      send(s, Message.Hello.of(other, "peer-x", 6001, 3, new BitSet()));
      send(s, new Message.HaveChunk(other, 1));
      send(s, new Message.Cancel(other, 1));
      send(s, Message.Hello.of(id, "peer-x", 6001, 5, new BitSet())); // wrong num_chunks
      send(s, new Message.ChunkRequest(id, 0));
      assertEquals(0, assertInstanceOf(Message.Chunk.class, readFrame(s)).chunkIndex());
    }
    assertEquals(null, notices.poll(200, TimeUnit.MILLISECONDS));
  }

  @Test
  void haveChunkBeforeHelloIsAProtocolError() throws Exception {
    try (Socket s = Wire.connect(server.localAddress())) {
      send(s, new Message.HaveChunk(id, 4));
      expectErrorThenClose(s, ErrorCode.BAD_REQUEST);
    }
  }

  @Test
  void aCancelledRequestNotYetSentIsAnsweredWithNoChunkAndTheOthersStillCome() throws Exception {
    try (Socket s = Wire.connect(server.localAddress())) {
      // One write, not read until it is all sent: chunk 5 queues behind chunks 0-4.
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      all.write(frame(Message.Hello.of(id, "peer-x", 6001, 6, new BitSet())));
      for (int i = 0; i < 6; i++) all.write(frame(new Message.ChunkRequest(id, i)));
      all.write(frame(new Message.Cancel(id, 5)));
      s.getOutputStream().write(all.toByteArray());
      for (int i = 0; i < 5; i++) {
        Message.Chunk c = assertInstanceOf(Message.Chunk.class, readFrame(s));
        assertEquals(i, c.chunkIndex());
        assertEquals(CHUNK, c.data().size());
      }
      Message.Error e = assertInstanceOf(Message.Error.class, readFrame(s));
      assertEquals(ErrorCode.NO_CHUNK, e.code());
      assertEquals(5, e.chunkIndex());
      // The connection stays usable, and the cancel was used up.
      send(s, new Message.ChunkRequest(id, 5));
      assertEquals(5, assertInstanceOf(Message.Chunk.class, readFrame(s)).chunkIndex());
    }
  }
}
