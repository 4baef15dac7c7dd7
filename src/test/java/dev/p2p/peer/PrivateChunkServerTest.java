package dev.p2p.peer;

import static dev.p2p.testing.Wire.connectAs;
import static dev.p2p.testing.Wire.readBody;
import static dev.p2p.testing.Wire.readFrame;
import static dev.p2p.testing.Wire.send;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.p2p.net.FramedServer;
import dev.p2p.net.NodeIdentity;
import dev.p2p.net.Transport;
import dev.p2p.protocol.Codec;
import dev.p2p.protocol.Access;
import dev.p2p.protocol.Message;
import dev.p2p.storage.FileId;
import dev.p2p.storage.ShareKey;
import dev.p2p.storage.SharedFile;
import dev.p2p.testing.ManualClock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sharer's gate on real TLS: a private file's chunks go only to a connection that sent a
 * valid ACCESS for that very connection (the node IDs both ends prove); raw sockets of two nodes
 * play an honest downloader (alice) and an attacker (mallory).
 */
class PrivateChunkServerTest {
  static final ActorTestKit testKit = ActorTestKit.create();
  /** The sharer, an honest downloader and an attacker, each proving its own node ID over TLS. */
  static final Transport SERVER = Transport.tls(NodeIdentity.ephemeral());
  static final Transport ALICE = Transport.tls(NodeIdentity.ephemeral());
  static final Transport MALLORY = Transport.tls(NodeIdentity.ephemeral());
  static final String NODE = id(SERVER);
  static final int CHUNK = 1024;
  static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @TempDir Path dir;
  final Library library = new Library(NODE);
  final ManualClock clock = new ManualClock(NOW);
  final ShareKey key = ShareKey.generate();
  byte[] data;
  SharedFile file;
  FileId id;
  FramedServer.Server server;

  void start(Long expiresAt, Integer maxDownloads) throws Exception {
    data = new byte[3 * CHUNK];
    new Random(9).nextBytes(data);
    file = SharedFile.hashAndOpen(Files.write(dir.resolve("secret.bin"), data), CHUNK, done -> {});
    id = file.manifest().id();
    library.clock(clock);
    library.put(file, Optional.of(new Library.Privacy(key, expiresAt, maxDownloads)));
    server = PeerServer.bind(testKit.system(), library, "127.0.0.1", 0,
            new FramedServer.Limits(8, 8, Codec.DEFAULT_MAX_FRAME, Duration.ofSeconds(30)), SERVER, 4,
            new RateLimiter(testKit.system(), 0))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    server.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
    file.close();
  }

  InetSocketAddress at() {
    return server.localAddress();
  }

  static String id(Transport t) {
    return t.identity().orElseThrow().nodeId();
  }

  /** The ACCESS {@code client} would send this server for the file. */
  Access access(Transport client) {
    return new Access(id, key.proof(NODE, id(client), id));
  }

  /** The reply to a request for a file this node does not serve, with {@code id} in its place. */
  byte[] unknownFileReply(Socket s, Message request, FileId unknown) throws IOException {
    send(s, request);
    return new String(readBody(s)).replace(unknown.hex(), id.hex()).getBytes();
  }

  @Test
  void withoutAValidAccessThePrivateFileLooksUnknown() throws Exception {
    start(null, null);
    FileId unknown = new FileId("cd".repeat(32));
    try (Socket s = connectAs(ALICE, at())) {
      byte[] noChunk = unknownFileReply(s, new Message.ChunkRequest(unknown, 0), unknown);
      byte[] noHave = unknownFileReply(s, new Message.HaveRequest(unknown), unknown);
      send(s, new Message.ChunkRequest(id, 0));
      assertArrayEquals(noChunk, readBody(s));
      send(s, new Message.HaveRequest(id));
      assertArrayEquals(noHave, readBody(s));
      // A wrong proof, one for another server, one for another client: no reply, still unknown.
      send(s, new Access(id, ShareKey.generate().proof(NODE, id(ALICE), id)));
      send(s, new Access(id, key.proof(id(MALLORY), id(ALICE), id)));
      send(s, access(MALLORY));
      send(s, new Message.ChunkRequest(id, 1));
      assertArrayEquals(new String(noChunk).replace("\"chunk_index\":0", "\"chunk_index\":1").getBytes(),
          readBody(s));
    }
  }

  @Test
  void aProofReplayedFromAnotherClientIsRefusedAndTheRightOneGetsTheData() throws Exception {
    start(null, null);
    try (Socket attacker = connectAs(MALLORY, at()); Socket honest = connectAs(ALICE, at())) {
      send(attacker, access(ALICE));   // overheard from the honest downloader
      send(attacker, new Message.HaveRequest(id));
      assertInstanceOf(Message.Error.class, readFrame(attacker));

      send(honest, access(ALICE));
      send(honest, new Message.HaveRequest(id));
      Message.Have have = assertInstanceOf(Message.Have.class, readFrame(honest));
      assertEquals(3, have.chunks().cardinality());
      send(honest, new Message.ChunkRequest(id, 2));
      Message.Chunk c = assertInstanceOf(Message.Chunk.class, readFrame(honest));
      assertArrayEquals(Arrays.copyOfRange(data, 2 * CHUNK, 3 * CHUNK), c.data().toArray());
    }
  }

  @Test
  void maxDownloadsAdmitsTheFirstClientAgainButNoSecond() throws Exception {
    start(null, 1);
    for (int round = 0; round < 2; round++) {
      try (Socket s = connectAs(ALICE, at())) {
        send(s, access(ALICE));
        send(s, new Message.ChunkRequest(id, 0));
        assertInstanceOf(Message.Chunk.class, readFrame(s));
      }
    }
    try (Socket s = connectAs(MALLORY, at())) {
      send(s, access(MALLORY));
      send(s, new Message.ChunkRequest(id, 0));
      assertInstanceOf(Message.Error.class, readFrame(s));
    }
  }

  @Test
  void afterExpiryNewConnectionsAreNotLetIn() throws Exception {
    start(NOW.plusSeconds(60).getEpochSecond(), null);
    clock.advance(Duration.ofSeconds(60));
    try (Socket s = connectAs(ALICE, at())) {
      send(s, access(ALICE));
      send(s, new Message.ChunkRequest(id, 0));
      assertInstanceOf(Message.Error.class, readFrame(s));
    }
  }

  @Test
  void helloAboutAPrivateFileCountsOnlyAfterAccess() throws Exception {
    start(null, null);
    BlockingQueue<Library.Notice> notices = new LinkedBlockingQueue<>();
    library.listen(id, notices::add);
    try (Socket s = connectAs(ALICE, at())) {
      send(s, Message.Hello.of(id, "before", 7000, 3, new BitSet()));
      send(s, new Message.HaveRequest(id));
      assertInstanceOf(Message.Error.class, readFrame(s));
      send(s, access(ALICE));
      send(s, Message.Hello.of(id, "after", 7001, 3, new BitSet()));
      send(s, new Message.HaveRequest(id));
      assertInstanceOf(Message.Have.class, readFrame(s));
      Library.Notice first = notices.poll(10, TimeUnit.SECONDS);
      assertEquals(7001, first.peer().port(), "the HELLO before ACCESS was dropped");
    }
  }
}
