package dev.p2p.tracker;

import dev.p2p.net.FramedServer;
import dev.p2p.net.Link;
import dev.p2p.net.Transport;
import dev.p2p.protocol.Codec;
import dev.p2p.protocol.Message;
import dev.p2p.protocol.Message.PeerInfo;
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
 * Serves the tracker protocol (REGISTER, UNREGISTER, QUERY, QUERY_PEERS, REVOKE) over TCP in front
 * of a {@link Registry} and the {@link PrivateShares}. A registering peer's host is the address its connection comes from, never the one
 * it claims. Requests on one connection may be pipelined; replies come in request order.
 *
 * <p>QUERY and QUERY_PEERS are answered from what the registry publishes to a {@link PublishedFiles} (no round
 * trip through the actor's mailbox, and the encoded answer is reused until the file changes);
 * REGISTER and UNREGISTER ask the registry.
 *
 * <p>Private shares are a gate in front of that: a REGISTER with a {@code lookup_hash} and REVOKE
 * go to the {@link PrivateShares} only, and a QUERY with a {@code lookup} is answered from there
 * when the lookup opens a share; otherwise it gets exactly the public answer (ERROR NOT_FOUND for
 * a file nobody shares publicly), so a private file is indistinguishable from an unknown one.
 */
public final class TrackerServer {
  /** Requests of one connection answered concurrently (pipelining depth). */
  private static final int PIPELINE = 64;

  private TrackerServer() {}

  public static CompletionStage<FramedServer.Server> bind(ActorSystem<?> system,
      ActorRef<Registry.Command> registry, PublishedFiles published, PrivateShares privates,
      String host, int port, FramedServer.Limits limits, Transport transport, Duration askTimeout) {
    return FramedServer.bindEncoded(system, "tracker", host, port, limits, transport,
        link -> handler(system, registry, published, privates, link, askTimeout));
  }

  /**
   * Who the client of a connection is, for private shares (their owner, their distinct
   * downloaders): the node ID its TLS certificate proves; in plaintext only its address.
   */
  static String clientIdentity(Link link) {
    return link.authenticated() ? link.nodeId() : link.host();
  }

  /** The peer a REGISTER names: over TLS with the node ID the connection proved, never the one it claims. */
  private static PeerInfo registrant(Link link, Message.Register r) {
    return new PeerInfo(link.authenticated() ? link.nodeId() : r.peerId(), link.host(), r.port());
  }

  // Not ActorFlow.ask: that stage would send every request, QUERY included, through the
  // registry's mailbox. Here only writes ask, and a QUERY is answered in place once the writes
  // before it on its connection are done.
  private static Flow<Message, ByteString, NotUsed> handler(ActorSystem<?> system,
      ActorRef<Registry.Command> registry, PublishedFiles published, PrivateShares privates,
      Link link, Duration timeout) {
    String host = link.host();
    String client = clientIdentity(link);
    return Flow.of(Message.class).mapAsync(PIPELINE, new Function<Message, CompletionStage<ByteString>>() {
      // The last REGISTER/UNREGISTER of this connection. A QUERY pipelined behind it is answered
      // only once it is done, so that it sees its effect, as it would through the actor's mailbox.
      private CompletableFuture<?> lastWrite = CompletableFuture.completedFuture(null);

      @Override
      public CompletionStage<ByteString> apply(Message m) {
        if (m instanceof Message.Query q) {
          return read(() -> privates.answer(q.fileId(), q.lookup(), client, q.exclude()).map(Codec::encode)
              .orElseGet(() -> published.answer(q.fileId(), q.exclude())));
        }
        if (m instanceof Message.QueryPeers q) {
          return read(() -> privates.peers(q.fileId(), q.lookup(), client).map(Codec::encode)
              .orElseGet(() -> published.peers(q.fileId(), q.variant())));
        }
        if (m instanceof Message.Register r && r.lookupHash() != null) {
          return read(() -> Codec.encode(privates.register(r, registrant(link, r), client)));
        }
        if (m instanceof Message.Revoke r) return read(() -> Codec.encode(privates.revoke(r.fileId(), client)));
        if (m instanceof Message.Unregister u) privates.unregister(u.fileId(), new PeerAddress(host, u.port()), client);
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
      PeerInfo peer = registrant(link, r);
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
