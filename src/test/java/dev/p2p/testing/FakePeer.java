package dev.p2p.testing;

import dev.p2p.protocol.Message;
import dev.p2p.net.FramedServer;
import dev.p2p.storage.Manifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.util.ByteString;

/**
 * A misbehaving chunk server for tests, speaking the real protocol over real TCP. It claims to
 * have every chunk of one file and then, depending on its {@link Mode}, never answers chunk
 * requests or answers them with corrupted bytes.
 */
public final class FakePeer implements AutoCloseable {
  public enum Mode { SILENT, CORRUPT }

  private final FramedServer.Server server;
  private final AtomicInteger requests;

  private FakePeer(FramedServer.Server server, AtomicInteger requests) {
    this.server = server;
    this.requests = requests;
  }

  public static FakePeer start(ActorSystem<?> system, Path file, Manifest m, Mode mode) throws Exception {
    byte[] data = Files.readAllBytes(file);
    AtomicInteger requests = new AtomicInteger();
    FramedServer.Limits limits = new FramedServer.Limits(64, 64, 1 << 24, Duration.ofSeconds(60));
    FramedServer.Server s = FramedServer.bind(system, "fake-" + mode, "127.0.0.1", 0, limits,
        remote -> Flow.of(Message.class).mapAsync(16, msg -> {
          if (msg instanceof Message.HaveRequest h) {
            BitSet all = new BitSet();
            all.set(0, m.numChunks());
            return CompletableFuture.completedFuture(Message.Have.of(h.fileId(), m.numChunks(), all));
          }
          Message.ChunkRequest r = (Message.ChunkRequest) msg;
          requests.incrementAndGet();
          if (mode == Mode.SILENT) return new CompletableFuture<Message>(); // never answers
          byte[] chunk = java.util.Arrays.copyOfRange(data, (int) m.offset(r.chunkIndex()),
              (int) m.offset(r.chunkIndex()) + m.chunkLength(r.chunkIndex()));
          chunk[chunk.length / 2] ^= 0x55;
          return CompletableFuture.completedFuture(
              (Message) new Message.Chunk(r.fileId(), r.chunkIndex(), ByteString.fromArray(chunk)));
        })).toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
    return new FakePeer(s, requests);
  }

  /** Chunk requests received so far. */
  public int requests() {
    return requests.get();
  }

  public int port() {
    return server.localAddress().getPort();
  }

  public String key() {
    return "127.0.0.1:" + port();
  }

  @Override
  public void close() {
    server.stop();
  }
}
