package dev.p2p.testing;

import dev.p2p.net.FramedServer;
import dev.p2p.net.NodeIdentity;
import dev.p2p.net.Transport;
import dev.p2p.protocol.Codec;
import dev.p2p.protocol.Message;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Flow;

/**
 * A tracker played by the test over real TCP (our framing, TLS as by default): every message it
 * receives is recorded in order, and each is answered with what {@code answer} returns for it.
 * For tests of what a node sends its tracker, and of how a client takes an answer the real
 * tracker might not give yet.
 */
public final class ScriptedTracker implements AutoCloseable {
  private final FramedServer.Server server;
  private final List<Message> received;

  private ScriptedTracker(FramedServer.Server server, List<Message> received) {
    this.server = server;
    this.received = received;
  }

  /** Binds a free loopback port and answers every message with {@code answer}. */
  public static ScriptedTracker start(ActorSystem<?> system, Function<Message, Message> answer)
      throws Exception {
    List<Message> received = new CopyOnWriteArrayList<>();
    FramedServer.Server server = FramedServer.bind(system, "scripted-tracker", "127.0.0.1", 0,
            new FramedServer.Limits(64, 64, Codec.DEFAULT_MAX_FRAME, Duration.ofSeconds(30)),
            Transport.tls(NodeIdentity.ephemeral()),
            link -> Flow.<Message>create().map(m -> {
              received.add(m);
              return answer.apply(m);
            }))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    return new ScriptedTracker(server, received);
  }

  public InetSocketAddress address() {
    return server.localAddress();
  }

  public int port() {
    return address().getPort();
  }

  /** Everything received so far, in order. */
  public List<Message> received() {
    return List.copyOf(received);
  }

  /** The received messages of {@code type}, in order. */
  public <T extends Message> List<T> received(Class<T> type) {
    return received.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Override
  public void close() throws Exception {
    server.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
