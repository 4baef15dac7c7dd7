package dev.p2p.tracker;

import dev.p2p.net.FramedServer;
import dev.p2p.net.Link;
import dev.p2p.net.Transport;
import dev.p2p.protocol.Codec;
import dev.p2p.protocol.Message;
import dev.p2p.protocol.ProtocolException;
import dev.p2p.storage.PeerAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.util.ByteString;

/**
 * Serves the tracker protocol (REGISTER, UNREGISTER, QUERY, QUERY_PEERS) over TCP in front of a {@link
 * Registry}. A registering peer's host is the address its connection comes from, never the one
 * it claims. Requests on one connection may be pipelined; replies come in request order.
 *
 * <p>QUERY and QUERY_PEERS are answered from what the registry publishes to a {@link PublishedFiles} (no round
 * trip through the actor's mailbox, and the encoded answer is reused until the file changes);
 * REGISTER and UNREGISTER ask the registry.
 */
public final class TrackerServer {
  /** Requests of one connection answered concurrently (pipelining depth). */
  private static final int PIPELINE = 64;

  private TrackerServer() {}

  public static CompletionStage<FramedServer.Server> bind(ActorSystem<?> system,
      ActorRef<Registry.Command> registry, PublishedFiles published, String host, int port,
      FramedServer.Limits limits, Transport transport, Duration askTimeout) {
    return FramedServer.bindEncoded(system, "tracker", host, port, limits, transport,
        link -> handler(system, registry, published, link, askTimeout));
  }

  // Not ActorFlow.ask: that stage would send every request, QUERY included, through the
  // registry's mailbox. Here only writes ask, and a QUERY is answered in place once the writes
  // before it on its connection are done.
  private static Flow<Message, ByteString, NotUsed> handler(ActorSystem<?> system,
      ActorRef<Registry.Command> registry, PublishedFiles published, Link link,
      Duration timeout) {
    return Flow.of(Message.class).mapAsync(PIPELINE, new Function<Message, CompletionStage<ByteString>>() {
      // The last REGISTER/UNREGISTER of this connection. A QUERY pipelined behind it is answered
      // only once it is done, so that it sees its effect, as it would through the actor's mailbox.
      private CompletableFuture<?> lastWrite = CompletableFuture.completedFuture(null);

      @Override
      public CompletionStage<ByteString> apply(Message m) {
        if (m instanceof Message.Query q) return read(() -> published.answer(q.fileId(), q.exclude()));
        if (m instanceof Message.QueryPeers q) return read(() -> published.peers(q.fileId(), q.variant()));
        CompletableFuture<Message> reply = write(system, registry, link, timeout, m).toCompletableFuture();
        lastWrite = reply;
        return reply.thenApply(Codec::encode);
      }

      private CompletionStage<ByteString> read(Supplier<ByteString> answer) {
        return lastWrite.isDone()
            ? CompletableFuture.completedFuture(answer.get())
            : lastWrite.handle((v, t) -> answer.get());
      }
    });
  }

  private static CompletionStage<Message> write(ActorSystem<?> system,
      ActorRef<Registry.Command> registry, Link link, Duration timeout, Message m) {
    String host = link.host();
    Function<ActorRef<Registry.RegisterResult>, Registry.Command> command;
    if (m instanceof Message.Register r) {
      // Over TLS the peer ID is the node ID its certificate proved, never the one it claims.
      Message.PeerInfo peer = new Message.PeerInfo(
          link.authenticated() ? link.nodeId() : r.peerId(), host, r.port());
      command = replyTo -> new Registry.Register(r.manifest(), peer, link.nodeId(), replyTo);
    } else if (m instanceof Message.Unregister u) {
      command = replyTo -> new Registry.Unregister(u.fileId(), new PeerAddress(host, u.port()),
          link.nodeId(), replyTo);
    } else {
      return CompletableFuture.failedFuture(new ProtocolException(
          "a tracker does not accept " + m.getClass().getSimpleName() + " messages"));
    }
    return AskPattern.<Registry.Command, Registry.RegisterResult>ask(registry, command, timeout, system.scheduler())
        .thenApply(TrackerServer::reply);
  }

  private static Message reply(Registry.RegisterResult result) {
    if (result instanceof Registry.Refused r) {
      return new Message.Error(r.code(), r.reason(), r.id(), null);
    }
    return new Message.Registered(result.id(), result.peers());
  }
}
