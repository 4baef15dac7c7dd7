package dev.p2p.peer;

import static dev.p2p.testing.RawPeer.json;
import static dev.p2p.testing.RawPeer.readFrame;
import static dev.p2p.testing.RawPeer.writeFrame;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.typesafe.config.Config;
import dev.p2p.app.LocalSwarm;
import dev.p2p.app.LocalPeer;
import dev.p2p.protocol.Codec;
import dev.p2p.protocol.ErrorCode;
import dev.p2p.protocol.Message;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real node's chunk server against a client that plays the bad actor over raw sockets: bad
 * frames, bad requests, too many connections, connections that never say anything. Each bad
 * client gets an ERROR (or is closed) and an honest download from the same node still completes.
 */
class ChunkServerAbuseIT {
  static final ActorTestKit testKit = ActorTestKit.create();
  static final Config config = testKit.system().settings().config();
  static final int READ_TIMEOUT_MS = 5000;

  @TempDir static Path dir;
  static LocalSwarm swarm;
  static LocalPeer seeder;
  static Manifest manifest;
  static Path src;

  @BeforeAll
  static void start() throws Exception {
    byte[] data = new byte[256 * 1024 + 7];
    new Random(5).nextBytes(data);
    src = dir.resolve("shared.bin");
    Files.write(src, data);
    swarm = LocalSwarm.start(testKit.system(), config);
    seeder = swarm.addPeer(dir.resolve("seed"), Map.of("p2p.chunk-size", 16 * 1024));
    manifest = seeder.share(src).toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @AfterAll
  static void shutdown() {
    swarm.close();
    testKit.shutdownTestKit();
  }

  static Socket connect(LocalPeer n) throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", n.address().getPort()), READ_TIMEOUT_MS);
    s.setSoTimeout(READ_TIMEOUT_MS);
    return s;
  }

  /** Sends {@code bad} raw bytes and expects one ERROR with {@code code}, then the end of the connection. */
  static Message.Error expectErrorThenClose(byte[] bad, ErrorCode code) throws IOException {
    try (Socket s = connect(seeder)) {
      s.getOutputStream().write(bad);
      s.getOutputStream().flush();
      Message reply = readFrame(s.getInputStream());
      Message.Error e = assertInstanceOf(Message.Error.class, reply, "an ERROR reply");
      assertEquals(code, e.code(), e.reason());
      assertNull(readFrame(s.getInputStream()), "the server closed the connection after the ERROR");
      return e;
    }
  }

  static byte[] frame(ByteString body) {
    return ByteString.fromArray(java.nio.ByteBuffer.allocate(4).putInt(body.size()).array()).concat(body).toArray();
  }

  void honestDownloadStillCompletes(String out) throws Exception {
    LocalPeer d = swarm.addPeer(dir.resolve(out));
    var r = d.download(manifest.id(), dir.resolve(out)).toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertArrayEquals(Files.readAllBytes(src), Files.readAllBytes(r.path()));
    d.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void malformedInputGetsOneErrorThenTheConnectionIsClosed() throws Exception {
    FileId id = manifest.id();
    // Text where a length should be: "GET " read as a length is 1.2 GB, over the maximum.
    Message.Error e = expectErrorThenClose("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(), ErrorCode.BAD_REQUEST);
    assertTrue(e.reason().contains("Maximum allowed frame size"), e.reason());
    // A length just over p2p.max-frame-bytes: refused on the header, before any body is buffered.
    expectErrorThenClose(java.nio.ByteBuffer.allocate(4).putInt(Codec.DEFAULT_MAX_FRAME + 1).array(),
        ErrorCode.BAD_REQUEST);
    expectErrorThenClose(java.nio.ByteBuffer.allocate(4).putInt(0x7fffffff).array(), ErrorCode.BAD_REQUEST);
    // Random bytes in a well-formed frame, an unknown kind byte, an empty body.
    byte[] junk = new byte[100];
    new Random(1).nextBytes(junk);
    junk[0] = 0x01;
    expectErrorThenClose(frame(ByteString.fromArray(junk)), ErrorCode.BAD_REQUEST);
    expectErrorThenClose(frame(ByteString.fromArray(new byte[] {7, 1, 2})), ErrorCode.BAD_REQUEST);
    expectErrorThenClose(frame(ByteString.emptyByteString()), ErrorCode.BAD_REQUEST);
    // Unknown type, negative or non-integer index, an extra field.
    e = expectErrorThenClose(frame(json("{\"type\":\"FOO\",\"file_id\":\"" + id + "\"}")), ErrorCode.BAD_REQUEST);
    assertTrue(e.reason().contains("FOO"), e.reason());
    e = expectErrorThenClose(frame(json("{\"type\":\"CHUNK_REQUEST\",\"file_id\":\"" + id
        + "\",\"chunk_index\":-1}")), ErrorCode.BAD_REQUEST);
    assertTrue(e.reason().contains("chunk_index"), e.reason());
    expectErrorThenClose(frame(json("{\"type\":\"CHUNK_REQUEST\",\"file_id\":\"" + id
        + "\",\"chunk_index\":99999999999}")), ErrorCode.BAD_REQUEST);
    expectErrorThenClose(frame(json("{\"type\":\"CHUNK_REQUEST\",\"file_id\":\"" + id
        + "\",\"chunk_index\":1,\"evil\":true}")), ErrorCode.BAD_REQUEST);
    // A tracker message sent to a peer.
    expectErrorThenClose(frame(Codec.encode(new Message.Query(id))), ErrorCode.BAD_REQUEST);
    honestDownloadStillCompletes("after-malformed");
  }

  @Test
  void wellFormedRequestsForWhatIsNotHereGetAnErrorAndTheConnectionStaysUsable() throws Exception {
    FileId id = manifest.id();
    FileId unknown = new FileId(HexFormat.of().formatHex(new byte[32]));
    try (Socket s = connect(seeder)) {
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      // Pipelined: out-of-range index, the largest index, an unknown file, then a real chunk.
      writeFrame(out, Codec.encode(new Message.ChunkRequest(id, manifest.numChunks())));
      writeFrame(out, Codec.encode(new Message.ChunkRequest(id, Integer.MAX_VALUE)));
      writeFrame(out, Codec.encode(new Message.ChunkRequest(unknown, 0)));
      writeFrame(out, Codec.encode(new Message.HaveRequest(unknown)));
      writeFrame(out, Codec.encode(new Message.ChunkRequest(id, 3)));
      Message.Error e1 = assertInstanceOf(Message.Error.class, readFrame(in));
      assertEquals(ErrorCode.NO_CHUNK, e1.code());
      assertEquals(manifest.numChunks(), e1.chunkIndex());
      Message.Error e2 = assertInstanceOf(Message.Error.class, readFrame(in));
      assertEquals(ErrorCode.NO_CHUNK, e2.code());
      assertEquals(Integer.MAX_VALUE, e2.chunkIndex());
      assertEquals(ErrorCode.NOT_FOUND, assertInstanceOf(Message.Error.class, readFrame(in)).code());
      assertEquals(ErrorCode.NOT_FOUND, assertInstanceOf(Message.Error.class, readFrame(in)).code());
      Message.Chunk c = assertInstanceOf(Message.Chunk.class, readFrame(in));
      assertEquals(3, c.chunkIndex());
      assertEquals(manifest.chunkLength(3), c.data().size());
    }
    honestDownloadStillCompletes("after-refusals");
  }

  @Test
  void connectionsBeyondThePerIpCapAreRefusedWithBusy() throws Exception {
    LocalPeer capped = swarm.addPeer(dir.resolve("capped"), Map.of("p2p.max-connections-per-ip", 3));
    List<Socket> open = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        Socket s = connect(capped);
        open.add(s);
        // A reply proves the server accepted and counts this connection.
        writeFrame(s.getOutputStream(), Codec.encode(new Message.HaveRequest(manifest.id())));
        assertEquals(ErrorCode.NOT_FOUND, assertInstanceOf(Message.Error.class, readFrame(s.getInputStream())).code());
      }
      for (int i = 0; i < 5; i++) {
        try (Socket extra = connect(capped)) {
          Message.Error e = assertInstanceOf(Message.Error.class, readFrame(extra.getInputStream()));
          assertEquals(ErrorCode.BUSY, e.code(), e.reason());
          assertNull(readFrame(extra.getInputStream()), "the refused connection is closed");
        }
      }
      // The earlier connections are still served.
      writeFrame(open.get(0).getOutputStream(), Codec.encode(new Message.HaveRequest(manifest.id())));
      assertEquals(ErrorCode.NOT_FOUND, assertInstanceOf(Message.Error.class, readFrame(open.get(0).getInputStream())).code());
      // A slot freed by closing one connection is given to the next client (bounded retries:
      // the server notices the close asynchronously).
      open.remove(0).close();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (true) {
        try (Socket again = connect(capped)) {
          writeFrame(again.getOutputStream(), Codec.encode(new Message.HaveRequest(manifest.id())));
          Message.Error e = assertInstanceOf(Message.Error.class, readFrame(again.getInputStream()));
          if (e.code() == ErrorCode.NOT_FOUND) break;
          assertEquals(ErrorCode.BUSY, e.code());
        }
        if (System.nanoTime() > deadline) fail("the freed slot was never reused");
      }
    } finally {
      for (Socket s : open) s.close();
      capped.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void connectionsBeyondTheTotalCapAreRefusedWithBusy() throws Exception {
    LocalPeer capped = swarm.addPeer(dir.resolve("capped-total"), Map.of("p2p.max-connections", 2));
    List<Socket> open = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) {
        Socket s = connect(capped);
        open.add(s);
        writeFrame(s.getOutputStream(), Codec.encode(new Message.HaveRequest(manifest.id())));
        assertInstanceOf(Message.Error.class, readFrame(s.getInputStream()));
      }
      try (Socket extra = connect(capped)) {
        assertEquals(ErrorCode.BUSY, assertInstanceOf(Message.Error.class, readFrame(extra.getInputStream())).code());
        assertNull(readFrame(extra.getInputStream()));
      }
    } finally {
      for (Socket s : open) s.close();
      capped.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void silentAndHalfFrameConnectionsAreClosedAfterTheIdleTimeout() throws Exception {
    LocalPeer strict = swarm.addPeer(dir.resolve("strict"), Map.of("p2p.idle-timeout", "1s"));
    try {
      for (byte[] sent : new byte[][] {new byte[0], new byte[] {0, 0}, frame(json("{\"type\":"))
          .clone()}) {
        byte[] partial = sent.length > 8 ? java.util.Arrays.copyOf(sent, sent.length - 3) : sent;
        try (Socket s = connect(strict)) {
          long start = System.nanoTime();
          s.getOutputStream().write(partial);
          s.getOutputStream().flush();
          Message m;
          try {
            m = readFrame(s.getInputStream());
            if (m != null) {
              assertInstanceOf(Message.Error.class, m);
              m = readFrame(s.getInputStream());
            }
          } catch (SocketTimeoutException e) {
            throw new AssertionError("a silent connection was still open after " + READ_TIMEOUT_MS + " ms", e);
          } catch (java.net.SocketException reset) {
            m = null; // the idle timeout aborts the connection: a reset is a close too
          }
          assertNull(m, "closed");
          long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
          assertTrue(ms >= 900, "closed by the idle timeout, not at once: " + ms + " ms");
        }
      }
    } finally {
      strict.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
