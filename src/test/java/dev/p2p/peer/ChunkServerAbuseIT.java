package dev.p2p.peer;

import static dev.p2p.testing.Wire.frame;
import static dev.p2p.testing.Wire.header;
import static dev.p2p.testing.Wire.jsonFrame;
import static dev.p2p.testing.Wire.readFrame;
import static dev.p2p.testing.Wire.send;
import static dev.p2p.testing.Wire.writeFrame;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.app.LocalPeer;
import dev.p2p.protocol.Codec;
import dev.p2p.protocol.ErrorCode;
import dev.p2p.protocol.Message;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import dev.p2p.testing.SwarmFixture;
import dev.p2p.testing.Wire;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real node's chunk server against a client that plays the bad actor over raw sockets: bad
 * frames, bad requests, too many connections, connections that never say anything. Each bad
 * client gets an ERROR (or is closed) and an honest download from the same node still completes.
 */
class ChunkServerAbuseIT {
  @RegisterExtension static final SwarmFixture swarm = SwarmFixture.perClass();
  static final int READ_TIMEOUT_MS = Wire.SOCKET_TIMEOUT_MS;

  static LocalPeer seeder;
  static Manifest manifest;
  static Path src;

  @BeforeAll
  static void start() throws Exception {
    src = swarm.file("shared.bin", 256 * 1024 + 7, 5);
    SwarmFixture.Seeder seeded = swarm.seeder("seed", src, Map.of("p2p.chunk-size", 16 * 1024));
    seeder = seeded.peer();
    manifest = seeded.manifest();
  }

  static Socket connect(LocalPeer n) throws IOException {
    return Wire.connect(n.address().getPort());
  }

  /** Sends {@code bad} raw bytes and expects one ERROR with {@code code}, then the end of the connection. */
  static Message.Error expectErrorThenClose(byte[] bad, ErrorCode code) throws IOException {
    try (Socket s = connect(seeder)) {
      send(s, bad);
      return Wire.expectErrorThenClose(s, code);
    }
  }

  /** The code of the ERROR that answers a HAVE_REQUEST for the shared file (a capped node lacks it). */
  static ErrorCode haveError(Socket s) throws IOException {
    writeFrame(s.getOutputStream(), Codec.encode(new Message.HaveRequest(manifest.id())));
    return assertInstanceOf(Message.Error.class, readFrame(s.getInputStream()), "an ERROR reply").code();
  }

  /**
   * Opens {@code n} connections to {@code node}, adding them to {@code open}; the reply on each
   * proves the server accepted and counts it. Returns the codes of those replies.
   */
  static List<ErrorCode> openCounted(LocalPeer node, int n, List<Socket> open) throws IOException {
    List<ErrorCode> codes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Socket s = connect(node);
      open.add(s);
      codes.add(haveError(s));
    }
    return codes;
  }

  void honestDownloadStillCompletes(String out) throws Exception {
    LocalPeer d = swarm.peer(out);
    var r = d.download(manifest.id(), swarm.dir(out)).toCompletableFuture().get(30, TimeUnit.SECONDS);
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
    expectErrorThenClose(header(Codec.DEFAULT_MAX_FRAME + 1), ErrorCode.BAD_REQUEST);
    expectErrorThenClose(header(0x7fffffff), ErrorCode.BAD_REQUEST);
    // Random bytes in a well-formed frame, an unknown kind byte, an empty body.
    byte[] junk = SwarmFixture.bytes(100, 1);
    junk[0] = 0x01;
    expectErrorThenClose(frame(junk), ErrorCode.BAD_REQUEST);
    expectErrorThenClose(frame(new byte[] {7, 1, 2}), ErrorCode.BAD_REQUEST);
    expectErrorThenClose(frame(new byte[0]), ErrorCode.BAD_REQUEST);
    // Unknown type, negative or non-integer index, an extra field.
    e = expectErrorThenClose(jsonFrame("{\"type\":\"FOO\",\"file_id\":\"" + id + "\"}"), ErrorCode.BAD_REQUEST);
    assertTrue(e.reason().contains("FOO"), e.reason());
    e = expectErrorThenClose(jsonFrame("{\"type\":\"CHUNK_REQUEST\",\"file_id\":\"" + id
        + "\",\"chunk_index\":-1}"), ErrorCode.BAD_REQUEST);
    assertTrue(e.reason().contains("chunk_index"), e.reason());
    expectErrorThenClose(jsonFrame("{\"type\":\"CHUNK_REQUEST\",\"file_id\":\"" + id
        + "\",\"chunk_index\":99999999999}"), ErrorCode.BAD_REQUEST);
    expectErrorThenClose(jsonFrame("{\"type\":\"CHUNK_REQUEST\",\"file_id\":\"" + id
        + "\",\"chunk_index\":1,\"evil\":true}"), ErrorCode.BAD_REQUEST);
    // A tracker message sent to a peer.
    expectErrorThenClose(frame(new Message.Query(id)), ErrorCode.BAD_REQUEST);
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
    LocalPeer capped = swarm.peer("capped", Map.of("p2p.max-connections-per-ip", 3));
    List<Socket> open = new ArrayList<>();
    try {
      assertEquals(List.of(ErrorCode.NOT_FOUND, ErrorCode.NOT_FOUND, ErrorCode.NOT_FOUND), openCounted(capped, 3, open));
      for (int i = 0; i < 5; i++) {
        try (Socket extra = connect(capped)) {
          Wire.expectErrorThenClose(extra, ErrorCode.BUSY);
        }
      }
      // The earlier connections are still served.
      assertEquals(ErrorCode.NOT_FOUND, haveError(open.get(0)));
      // A slot freed by closing one connection is given to the next client (bounded retries:
      // the server notices the close asynchronously).
      open.remove(0).close();
      List<ErrorCode> replies = new CopyOnWriteArrayList<>();
      swarm.eventually(Duration.ofSeconds(5), () -> {
        try (Socket again = connect(capped)) {
          replies.add(haveError(again));
          assertEquals(ErrorCode.NOT_FOUND, replies.get(replies.size() - 1), "the freed slot was never reused");
        }
      });
      assertTrue(replies.subList(0, replies.size() - 1).stream().allMatch(ErrorCode.BUSY::equals),
          "BUSY until the slot was free: " + replies);
    } finally {
      for (Socket s : open) s.close();
      capped.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void atTheTotalCapTheIdlestConnectionIsClosedForTheNewcomer() throws Exception {
    LocalPeer capped = swarm.peer("capped-total", Map.of("p2p.max-connections", 2));
    List<Socket> open = new ArrayList<>();
    try {
      openCounted(capped, 2, open);
      assertEquals(ErrorCode.NOT_FOUND, haveError(open.get(0))); // open.get(1) is now the idlest
      try (Socket extra = connect(capped)) {
        assertEquals(ErrorCode.NOT_FOUND, haveError(extra), "the newcomer is served");
        Wire.expectClosed(open.get(1));
        assertEquals(ErrorCode.NOT_FOUND, haveError(open.get(0)), "the active one is kept");
      }
    } finally {
      for (Socket s : open) s.close();
      capped.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aConnectionWithoutACompleteFrameIsClosedAfterTheHeaderTimeoutWhileOthersAreServed() throws Exception {
    // The idle timeout (60 s) is far: only the header timeout can close these in time.
    LocalPeer strict = swarm.peer("header-timeout", Map.of("p2p.header-timeout", "1s"));
    InetSocketAddress at = strict.address();
    try (Socket honest = connect(strict);
        Socket silentTcp = Wire.connectPlain(at);
        Socket stalledHandshake = Wire.connectPlain(at);
        Socket silent = connect(strict);
        Socket halfHeader = connect(strict);
        Socket halfFrame = connect(strict)) {
      long start = System.nanoTime();
      send(stalledHandshake, new byte[] {0x16, 0x03}); // the start of a TLS record, no more
      send(halfHeader, new byte[] {0, 0});
      byte[] frame = frame(new Message.HaveRequest(manifest.id()));
      send(halfFrame, Arrays.copyOf(frame, frame.length - 3));
      assertEquals(ErrorCode.NOT_FOUND, haveError(honest)); // completes its first frame at once
      for (Socket s : List.of(silentTcp, stalledHandshake, silent, halfHeader, halfFrame)) {
        Wire.expectClosed(s); // over TLS a reset: the timeout strikes below the session
      }
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(ms >= 900, "closed by the header timeout, not at once: " + ms + " ms");
      // The honest connection, past the header timeout now, is still served.
      assertEquals(ErrorCode.NOT_FOUND, haveError(honest));
    } finally {
      strict.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void overPlaintextTheHeaderTimeoutIsAnsweredWithOneError() throws Exception {
    LocalPeer plain = swarm.peer("header-timeout-plain", Map.of("p2p.header-timeout", "1s", "p2p.tls", "off"));
    try (Socket halfHeader = Wire.connectPlain(plain.address())) {
      // Three bytes of a length, the last not zero: ours, not the original's (whose frames start
      // with four zero bytes; a stall before that is closed without an answer, LegacySniffTest).
      send(halfHeader, new byte[] {0, 0, 1});
      Message.Error e = Wire.expectErrorThenClose(halfHeader, ErrorCode.BAD_REQUEST);
      assertEquals("no complete frame within 1000 ms", e.reason());
    } finally {
      plain.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }


  @Test
  void silentAndHalfFrameConnectionsAreClosedAfterTheIdleTimeout() throws Exception {
    LocalPeer strict = swarm.peer("strict", Map.of("p2p.idle-timeout", "1s"));
    try {
      for (byte[] sent : new byte[][] {new byte[0], new byte[] {0, 0}, jsonFrame("{\"type\":")
          .clone()}) {
        byte[] partial = sent.length > 8 ? Arrays.copyOf(sent, sent.length - 3) : sent;
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
          } catch (SocketException reset) {
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
