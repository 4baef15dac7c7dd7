package dev.p2p.peer;

import static dev.p2p.testing.Wire.frame;
import static dev.p2p.testing.Wire.readFrame;
import static dev.p2p.testing.Wire.send;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.net.FramedServer;
import dev.p2p.net.Transport;
import dev.p2p.protocol.Codec;
import dev.p2p.protocol.ErrorCode;
import dev.p2p.protocol.Message;
import dev.p2p.storage.SharedFile;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plaintext chunk server's zero-copy path ({@code p2p.zero-copy}, sendfile) on real TCP:
 * chunks byte for byte, a sender whose file is truncated or renamed while a chunk is on its way,
 * and the bound on what a client that never reads can make it queue.
 */
class ZeroCopyChunkServerTest {
  static final ActorTestKit testKit = ActorTestKit.create();
  static final int BIG = 16 * 1024 * 1024; // far more than the socket buffers: a send in flight

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @TempDir Path dir;
  final Library library = new Library();
  final CompletableFuture<SharedFile> changed = new CompletableFuture<>();
  FramedServer.Server server;

  SharedFile share(String name, int size, int chunk) throws IOException {
    byte[] data = new byte[size];
    new Random(size).nextBytes(data);
    SharedFile f = SharedFile.hashAndOpen(Files.write(dir.resolve(name), data), chunk, done -> {});
    library.put(f);
    return f;
  }

  void start(int pipeline) throws Exception {
    library.onChanged(f -> {
      changed.complete(f);
      library.remove(f);
      return CompletableFuture.completedFuture(null);
    });
    server = PeerServer.bind(testKit.system(), library, "127.0.0.1", 0,
            new FramedServer.Limits(8, 8, Codec.DEFAULT_MAX_FRAME, Duration.ofSeconds(30)),
            Transport.plaintext(), pipeline, new RateLimiter(testKit.system(), 0), true, true)
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) server.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** A client with a small receive buffer, so that a big chunk stays in flight until it reads. */
  Socket connect() throws IOException {
    Socket s = new Socket();
    s.setReceiveBufferSize(64 * 1024);
    s.setSoTimeout(10_000);
    s.connect(server.localAddress(), 5000);
    return s;
  }

  static byte[] bytesOf(SharedFile f, int index) throws IOException {
    ByteBuffer b = f.read(index);
    byte[] a = new byte[b.remaining()];
    b.get(a);
    return a;
  }

  @Test
  void everyChunkComesByteForByteAndTheLastShortOneToo() throws Exception {
    SharedFile f = share("f.bin", 3 * 65536 + 1000, 65536);
    start(4);
    try (Socket s = connect()) {
      for (int i = 0; i < 4; i++) send(s, new Message.ChunkRequest(f.manifest().id(), i));
      send(s, new Message.ChunkRequest(f.manifest().id(), 4));
      for (int i = 0; i < 4; i++) {
        Message.Chunk c = assertInstanceOf(Message.Chunk.class, readFrame(s));
        assertEquals(i, c.chunkIndex());
        assertArrayEquals(bytesOf(f, i), c.data().toArray());
      }
      Message.Error e = assertInstanceOf(Message.Error.class, readFrame(s));
      assertEquals(ErrorCode.NO_CHUNK, e.code());
    }
  }

  /**
   * sendfile of a file cut short under it sends nothing more, for ever: the connection is
   * aborted (the reader retries elsewhere), the file goes to its owner, and the server serves on.
   */
  @Test
  void aFileTruncatedWhileAChunkIsOnItsWayAbortsThatConnectionAndTheServerServesOn() throws Exception {
    SharedFile f = share("big.bin", BIG, BIG);
    SharedFile other = share("small.bin", 5000, 1024);
    start(2);
    try (Socket s = connect()) {
      send(s, new Message.ChunkRequest(f.manifest().id(), 0));
      DataInputStream in = new DataInputStream(s.getInputStream());
      byte[] head = new byte[Codec.CHUNK_FRAME_HEADER_BYTES + 4096];
      in.readFully(head); // the send has begun
      try (RandomAccessFile raf = new RandomAccessFile(f.path().toFile(), "rw")) {
        raf.setLength(1024);
      }
      long rest = drain(in);
      assertTrue(head.length + rest < Codec.CHUNK_FRAME_HEADER_BYTES + BIG,
          "the whole frame came although the file was cut short");
    }
    assertSame(f, changed.get(10, TimeUnit.SECONDS));
    try (Socket s = connect()) {
      send(s, new Message.ChunkRequest(other.manifest().id(), 4));
      Message.Chunk c = assertInstanceOf(Message.Chunk.class, readFrame(s));
      assertArrayEquals(bytesOf(other, 4), c.data().toArray());
    }
  }

  /** Reads until the connection ends (end of stream or reset); fails if it stays open 10 s. */
  static long drain(InputStream in) throws IOException {
    long n = 0;
    byte[] buf = new byte[65536];
    try {
      for (int r; (r = in.read(buf)) >= 0; ) n += r;
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the connection stayed open after its file was cut short", e);
    } catch (IOException reset) {
      // an abort is a reset: the end too
    }
    return n;
  }

  /**
   * The chunk in flight comes whole (sendfile opened the file before it was renamed); the next
   * request for the file is refused, the file goes to its owner, and the connection serves on.
   */
  @Test
  void aFileRenamedWhileAChunkIsOnItsWayFinishesThatChunkAndRefusesTheNext() throws Exception {
    SharedFile f = share("big.bin", 2 * BIG, BIG);
    SharedFile other = share("small.bin", 5000, 1024);
    byte[] expected = bytesOf(f, 0);
    start(2);
    try (Socket s = connect()) {
      send(s, new Message.ChunkRequest(f.manifest().id(), 0));
      DataInputStream in = new DataInputStream(s.getInputStream());
      byte[] head = new byte[Codec.CHUNK_FRAME_HEADER_BYTES + 4096];
      in.readFully(head);
      Files.move(f.path(), dir.resolve("moved.bin"));
      byte[] rest = new byte[BIG - 4096];
      in.readFully(rest);
      byte[] got = new byte[BIG];
      System.arraycopy(head, Codec.CHUNK_FRAME_HEADER_BYTES, got, 0, 4096);
      System.arraycopy(rest, 0, got, 4096, rest.length);
      assertTrue(Arrays.equals(expected, got), "chunk 0 came damaged");
      send(s, new Message.ChunkRequest(f.manifest().id(), 1));
      Message.Error e = assertInstanceOf(Message.Error.class, readFrame(s));
      assertEquals(ErrorCode.NO_CHUNK, e.code());
      assertTrue(e.reason().contains("changed on disk"), e.reason());
      assertSame(f, changed.get(10, TimeUnit.SECONDS));
      send(s, new Message.ChunkRequest(other.manifest().id(), 0));
      assertArrayEquals(bytesOf(other, 0), assertInstanceOf(Message.Chunk.class, readFrame(s)).data().toArray());
    }
  }

  /**
   * A client that pipelines requests without end and never reads: the server reads on only as
   * its replies go out, so the client's writes block (TCP holds it back, not the server's
   * memory), and the chunks it took on are bounded by the pipeline and the socket buffers.
   */
  @Test
  void aClientThatNeverReadsIsHeldBackByTcpAndQueuesABoundedNumberOfChunks() throws Exception {
    int chunk = 1024 * 1024;
    SharedFile f = share("f.bin", 4 * chunk, chunk);
    start(2);
    byte[] request = frame(new Message.ChunkRequest(f.manifest().id(), 0));
    long limit = 64L * 1024 * 1024; // far beyond every socket buffer on the way
    long sent = 0;
    try (SocketChannel ch = SocketChannel.open(); Selector sel = Selector.open()) {
      ch.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 64 * 1024);
      ch.connect(new InetSocketAddress("127.0.0.1", server.localAddress().getPort()));
      ch.configureBlocking(false);
      ch.register(sel, SelectionKey.OP_WRITE);
      ByteBuffer batch = ByteBuffer.allocate(request.length * 512);
      boolean blocked = false;
      while (!blocked && sent < limit) {
        batch.clear();
        while (batch.remaining() >= request.length) batch.put(request);
        batch.flip();
        while (batch.hasRemaining()) {
          int n = ch.write(batch);
          sent += n;
          // Not writable for 2 s: the server has stopped reading.
          if (n == 0 && sel.select(2000) == 0) {
            blocked = true;
            break;
          }
          sel.selectedKeys().clear();
        }
      }
      assertTrue(blocked, "the server read " + sent + " bytes of requests it could not answer");
      long served = library.get(f.manifest().id()).orElseThrow().bytesServed.get() / chunk;
      long asked = sent / request.length;
      assertTrue(served <= 64, served + " chunks taken on for a client that reads nothing");
      assertTrue(asked > 10 * served, "only " + asked + " requests sent: the test proves nothing");
    }
  }
}
