package dev.p2p.tracker;

import dev.p2p.protocol.Codec;
import dev.p2p.protocol.Message;
import dev.p2p.net.FramedServer;
import dev.p2p.protocol.ProtocolException;
import dev.p2p.storage.FileId;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.util.ByteString;

/**
 * Serves the tracker protocol (REGISTER, UNREGISTER, QUERY) over TCP in front of a {@link
 * Registry}. A registering peer's host is the address its connection comes from, never the one
 * it claims. Requests on one connection may be pipelined; replies come in request order.
 */
public final class TrackerServer {
  /** Requests of one connection answered concurrently (pipelining depth). */
  private static final int PIPELINE = 64;

  private TrackerServer() {}

  /** A server that asks {@code registry} for every request, QUERY included. */
  public static CompletionStage<FramedServer.Server> bind(ActorSystem<?> system,
      ActorRef<Registry.Command> registry, String host, int port, FramedServer.Limits limits,
      Duration askTimeout) {
    return FramedServer.bind(system, "tracker", host, port, limits,
        remote -> handler(system, registry, remote, askTimeout));
  }

  /**
   * A server that answers QUERY from what {@code registry} publishes to {@code published} (no ask,
   * and the encoded answer is reused until the file changes), and asks the registry for the rest.
   */
  public static CompletionStage<FramedServer.Server> bind(ActorSystem<?> system,
      ActorRef<Registry.Command> registry, PublishedFiles published, String host, int port,
      FramedServer.Limits limits, Duration askTimeout) {
    return FramedServer.bindEncoded(system, "tracker", host, port, limits,
        remote -> handler(system, registry, published, remote, askTimeout));
  }

  static Flow<Message, Message, NotUsed> handler(ActorSystem<?> system,
      ActorRef<Registry.Command> registry, InetSocketAddress remote, Duration timeout) {
    String host = remote.getAddress().getHostAddress();
    return Flow.of(Message.class).mapAsync(PIPELINE, m -> handle(system, registry, host, timeout, m));
  }

  static Flow<Message, ByteString, NotUsed> handler(ActorSystem<?> system,
      ActorRef<Registry.Command> registry, PublishedFiles published, InetSocketAddress remote,
      Duration timeout) {
    String host = remote.getAddress().getHostAddress();
    return Flow.of(Message.class).mapAsync(PIPELINE, new Function<Message, CompletionStage<ByteString>>() {
      // The last REGISTER/UNREGISTER of this connection. A QUERY pipelined behind it is answered
      // only once it is done, so that it sees its effect, as it would through the actor's mailbox.
      private CompletableFuture<?> lastWrite = CompletableFuture.completedFuture(null);

      @Override
      public CompletionStage<ByteString> apply(Message m) {
        if (m instanceof Message.Query q) {
          FileId id = new FileId(q.fileId());
          return lastWrite.isDone()
              ? CompletableFuture.completedFuture(published.answer(id))
              : lastWrite.handle((v, t) -> published.answer(id));
        }
        CompletableFuture<Message> reply = handle(system, registry, host, timeout, m).toCompletableFuture();
        lastWrite = reply;
        return reply.thenApply(Codec::encode);
      }
    });
  }

  private static CompletionStage<Message> handle(ActorSystem<?> system,
      ActorRef<Registry.Command> registry, String host, Duration timeout, Message m) {
    if (m instanceof Message.Query q) {
      FileId id = new FileId(q.fileId());
      return AskPattern.<Registry.Command, Registry.QueryResult>ask(registry,
              replyTo -> new Registry.Query(id, replyTo), timeout, system.scheduler())
          .thenApply(r -> r.manifest()
              .<Message>map(man -> Message.QueryResult.of(man, r.peers()))
              .orElseGet(() -> new Message.Error("NOT_FOUND",
                  "no peer shares file " + id.hex(), id.hex(), null)));
    }
    if (m instanceof Message.Register r) {
      Message.PeerInfo peer = new Message.PeerInfo(r.peerId(), host, r.port());
      return AskPattern.<Registry.Command, Registry.RegisterResult>ask(registry,
              replyTo -> new Registry.Register(r.manifest(), peer, replyTo), timeout,
              system.scheduler())
          .thenApply(TrackerServer::reply);
    }
    if (m instanceof Message.Unregister u) {
      Message.PeerInfo peer = new Message.PeerInfo(u.peerId(), host, u.port());
      return AskPattern.<Registry.Command, Registry.RegisterResult>ask(registry,
              replyTo -> new Registry.Unregister(new FileId(u.fileId()), peer, replyTo), timeout,
              system.scheduler())
          .thenApply(TrackerServer::reply);
    }
    return CompletableFuture.failedFuture(new ProtocolException(
        "a tracker does not accept " + m.getClass().getSimpleName() + " messages"));
  }

  private static Message reply(Registry.RegisterResult r) {
    return r.accepted()
        ? new Message.Registered(r.id().hex(), r.peers())
        : new Message.Error(r.refusalCode().get(), r.reason(), r.id().hex(), null);
  }
}
