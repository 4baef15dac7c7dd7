package dev.p2p.tracker;

import dev.p2p.net.FramedServer;
import dev.p2p.net.Link;
import dev.p2p.net.Transport;
import dev.p2p.protocol.Codec;
import dev.p2p.protocol.Message;
import dev.p2p.protocol.ProtocolException;
import dev.p2p.storage.FileId;
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
 * TrackerBackend}. A registering peer's host is the address its connection comes from, never the one
 * it claims. Requests on one connection may be pipelined; replies come in request order, and a
 * QUERY pipelined behind a REGISTER of the same connection is answered after it.
 *
 * <p>In front of a {@link Registry} (the single-process tracker), QUERY and QUERY_PEERS are
 * answered from what the registry publishes to a {@link PublishedFiles} (no round trip through
 * the actor's mailbox, and the encoded answer is reused until the file changes); REGISTER and
 * UNREGISTER ask the registry.
 */
public final class TrackerServer {
  /** Requests of one connection answered concurrently (pipelining depth). */
  private static final int PIPELINE = 64;

  private TrackerServer() {}

  public static CompletionStage<FramedServer.Server> bind(ActorSystem<?> system,
      ActorRef<Registry.Command> registry, PublishedFiles published, String host, int port,
      FramedServer.Limits limits, Transport transport, Duration askTimeout) {
    return bind(system, local(system, registry, published, askTimeout), host, port, limits, transport);
  }

  public static CompletionStage<FramedServer.Server> bind(ActorSystem<?> system,
      TrackerBackend backend, String host, int port, FramedServer.Limits limits, Transport transport) {
    return FramedServer.bindEncoded(system, "tracker", host, port, limits, transport,
        link -> handler(backend, link));
  }

  /** The single-process tracker's backend: writes ask {@code registry}, reads are answered in place. */
  public static TrackerBackend local(ActorSystem<?> system, ActorRef<Registry.Command> registry,
      PublishedFiles published, Duration timeout) {
    return new TrackerBackend() {
      @Override
      public CompletionStage<ByteString> register(Message.Register r, Message.PeerInfo peer, String owner) {
        return ask(replyTo -> new Registry.Register(r.manifest(), peer, owner, replyTo));
      }

      @Override
      public CompletionStage<ByteString> unregister(FileId id, PeerAddress peer, String owner) {
        return ask(replyTo -> new Registry.Unregister(id, peer, owner, replyTo));
      }

      @Override
      public CompletionStage<ByteString> query(Message.Query q) {
        return CompletableFuture.completedFuture(published.answer(q.fileId(), q.exclude()));
      }

      @Override
      public CompletionStage<ByteString> queryPeers(Message.QueryPeers q) {
        return CompletableFuture.completedFuture(published.peers(q.fileId(), q.variant()));
      }

      private CompletionStage<ByteString> ask(
          Function<ActorRef<Registry.RegisterResult>, Registry.Command> command) {
        return AskPattern.<Registry.Command, Registry.RegisterResult>ask(registry, command, timeout,
                system.scheduler())
            .thenApply(result -> Codec.encode(reply(result)));
      }
    };
  }

  // Not ActorFlow.ask: that stage would send every request, QUERY included, through the
  // registry's mailbox. Here only writes wait for an answer, and a QUERY is answered once the
  // writes before it on its connection are done.
  private static Flow<Message, ByteString, NotUsed> handler(TrackerBackend backend, Link link) {
    return Flow.of(Message.class).mapAsync(PIPELINE, new Function<Message, CompletionStage<ByteString>>() {
      // The last REGISTER/UNREGISTER of this connection. A QUERY pipelined behind it is answered
      // only once it is done, so that it sees its effect, as it would through the actor's mailbox.
      private CompletableFuture<?> lastWrite = CompletableFuture.completedFuture(null);

      @Override
      public CompletionStage<ByteString> apply(Message m) {
        if (m instanceof Message.Query q) return read(() -> backend.query(q));
        if (m instanceof Message.QueryPeers q) return read(() -> backend.queryPeers(q));
        CompletableFuture<ByteString> reply = write(backend, link, m).toCompletableFuture();
        lastWrite = reply;
        return reply;
      }

      private CompletionStage<ByteString> read(Supplier<CompletionStage<ByteString>> answer) {
        return lastWrite.isDone() ? answer.get() : lastWrite.handle((v, t) -> null).thenCompose(v -> answer.get());
      }
    });
  }

  private static CompletionStage<ByteString> write(TrackerBackend backend, Link link, Message m) {
    String host = link.host();
    if (m instanceof Message.Register r) {
      // Over TLS the peer ID is the node ID its certificate proved, never the one it claims.
      Message.PeerInfo peer = new Message.PeerInfo(
          link.authenticated() ? link.nodeId() : r.peerId(), host, r.port());
      return backend.register(r, peer, link.nodeId());
    }
    if (m instanceof Message.Unregister u) {
      return backend.unregister(u.fileId(), new PeerAddress(host, u.port()), link.nodeId());
    }
    return CompletableFuture.failedFuture(new ProtocolException(
        "a tracker does not accept " + m.getClass().getSimpleName() + " messages"));
  }

  private static Message reply(Registry.RegisterResult result) {
    if (result instanceof Registry.Refused r) {
      return new Message.Error(r.code(), r.reason(), r.id(), null);
    }
    return new Message.Registered(result.id(), result.peers());
  }
}
