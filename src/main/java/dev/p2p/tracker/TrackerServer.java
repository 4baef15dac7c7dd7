package dev.p2p.tracker;

import dev.p2p.metrics.Meters;
import dev.p2p.net.FramedServer;
import dev.p2p.net.Link;
import dev.p2p.net.Transport;
import dev.p2p.protocol.Codec;
import dev.p2p.protocol.ErrorCode;
import dev.p2p.protocol.Message;
import dev.p2p.protocol.Message.PeerInfo;
import dev.p2p.protocol.ProtocolException;
import dev.p2p.protocol.Revoke;
import dev.p2p.protocol.Search;
import dev.p2p.protocol.SearchResult;
import dev.p2p.storage.FileId;
import dev.p2p.storage.PeerAddress;
import java.time.Duration;
import java.util.Optional;
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
 * Serves the tracker protocol (REGISTER, UNREGISTER, QUERY, QUERY_PEERS, SEARCH, REVOKE) over TCP
 * in front of a {@link TrackerBackend} and the {@link PrivateShares}. A registering peer's host is the
 * address its connection comes from, never the one it claims. Requests on one connection may be
 * pipelined; replies come in request order, and a QUERY pipelined behind a REGISTER of the same
 * connection is answered after it.
 *
 * <p>In front of a {@link Registry} (the single-process tracker), QUERY and QUERY_PEERS are
 * answered from what the registry publishes to a {@link PublishedFiles} (no round trip through
 * the actor's mailbox, and the encoded answer is reused until the file changes); REGISTER and
 * UNREGISTER ask the registry. A clustered tracker's backend asks the file's sharded entity.
 *
 * <p>Private shares are a gate in front of that: a REGISTER with a {@code lookup_hash} and REVOKE
 * go to the {@link PrivateShares} only, and a QUERY with a {@code lookup} is answered from there
 * when the lookup opens a share; otherwise it gets exactly the public answer (ERROR NOT_FOUND for
 * a file nobody shares publicly), so a private file is indistinguishable from an unknown one.
 * (The private shares are this server's own: in a cluster, each node holds those registered
 * through it.)
 *
 * <p>On the same port, with p2p.legacy-wire on, a connection in the original program's protocol
 * (its frames start with four zero bytes) is answered by a {@link LegacyTracker} over the
 * backend's published view; off, or on a clustered tracker, it gets one error in the original's
 * shape and is closed.
 */
public final class TrackerServer {
  /** Requests of one connection answered concurrently (pipelining depth). */
  private static final int PIPELINE = 64;

  /** The answer to a search over the tracker's budget ({@link SearchBudget}). */
  static final String SEARCHES_BUSY = "too many searches on this tracker right now, try again in a second";

  private TrackerServer() {}

  public static CompletionStage<FramedServer.Server> bind(ActorSystem<?> system,
      ActorRef<Registry.Command> registry, PublishedFiles published, PrivateShares privates,
      String host, int port, FramedServer.Limits limits, Transport transport, Duration askTimeout) {
    return bind(system, local(system, registry, published, askTimeout), privates, host, port, limits, transport);
  }

  /** As the full form, with the original's protocol refused (p2p.legacy-wire = off). */
  public static CompletionStage<FramedServer.Server> bind(ActorSystem<?> system,
      TrackerBackend backend, PrivateShares privates, String host, int port,
      FramedServer.Limits limits, Transport transport) {
    return bind(system, backend, privates, host, port, limits, transport, false);
  }

  /** Binds {@code host:port}; {@code legacyWire}: whether the original's requests are answered. */
  public static CompletionStage<FramedServer.Server> bind(ActorSystem<?> system,
      TrackerBackend backend, PrivateShares privates, String host, int port,
      FramedServer.Limits limits, Transport transport, boolean legacyWire) {
    return FramedServer.bindEncoded(system, "tracker", host, port, limits, transport,
        link -> handler(backend, privates, link), Optional.of(legacy(backend, legacyWire)));
  }

  /** What the original's peers are told by a tracker with p2p.legacy-wire = off. */
  static final String LEGACY_OFF =
      "this tracker does not accept the original program's protocol (p2p.legacy-wire = off)";

  /** What they are told by a clustered tracker. */
  static final String LEGACY_CLUSTERED =
      "a clustered tracker does not speak the original program's protocol; use a single-process tracker";

  private static FramedServer.LegacyProtocol legacy(TrackerBackend backend, boolean on) {
    if (!on) return LegacyTracker.refusing(LEGACY_OFF);
    return backend.published().<FramedServer.LegacyProtocol>map(LegacyTracker::new)
        .orElseGet(() -> LegacyTracker.refusing(LEGACY_CLUSTERED));
  }

  /** The single-process tracker's backend: writes ask {@code registry}, reads are answered in place. */
  public static TrackerBackend local(ActorSystem<?> system, ActorRef<Registry.Command> registry,
      PublishedFiles published, Duration timeout) {
    return new TrackerBackend() {
      @Override
      public CompletionStage<ByteString> register(Message.Register r, PeerInfo peer, String owner) {
        return ask(replyTo -> new Registry.Register(r.manifest(), peer, owner, r.complete(), replyTo));
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

      @Override
      public CompletionStage<ByteString> search(Search s) {
        // Blank words would match every file: refused, as the original refuses a blank term.
        Message answer = NameSearch.term(s.words()).isEmpty()
            ? Message.Error.of(ErrorCode.BAD_REQUEST, "the search words are blank")
            : !published.admitSearch()
                ? Message.Error.of(ErrorCode.BUSY, SEARCHES_BUSY)
                : NameSearch.search(published, s.words(), SearchResult.MAX_FILES);
        return CompletableFuture.completedFuture(Codec.encode(answer));
      }

      @Override
      public Optional<PublishedFiles> published() {
        return Optional.of(published);
      }

      private CompletionStage<ByteString> ask(
          Function<ActorRef<Registry.RegisterResult>, Registry.Command> command) {
        return AskPattern.<Registry.Command, Registry.RegisterResult>ask(registry, command, timeout,
                system.scheduler())
            .thenApply(result -> Codec.encode(reply(result)));
      }
    };
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
  // registry's mailbox. Here only writes wait for an answer, and a QUERY is answered once the
  // writes before it on its connection are done.
  private static Flow<Message, ByteString, NotUsed> handler(TrackerBackend backend,
      PrivateShares privates, Link link) {
    String host = link.host();
    String client = clientIdentity(link);
    return Flow.of(Message.class).mapAsync(PIPELINE, new Function<Message, CompletionStage<ByteString>>() {
      // The last REGISTER/UNREGISTER of this connection. A QUERY pipelined behind it is answered
      // only once it is done, so that it sees its effect, as it would through the actor's mailbox.
      private CompletableFuture<?> lastWrite = CompletableFuture.completedFuture(null);

      @Override
      public CompletionStage<ByteString> apply(Message m) {
        if (m instanceof Message.Query q) {
          return counted(read(() -> privates.answer(q.fileId(), q.lookup(), client, q.exclude())
              .map(a -> done(Codec.encode(a))).orElseGet(() -> backend.query(q))));
        }
        if (m instanceof Message.QueryPeers q) {
          return read(() -> privates.peers(q.fileId(), q.lookup(), client)
              .map(a -> done(Codec.encode(a))).orElseGet(() -> backend.queryPeers(q)));
        }
        if (m instanceof Message.Register) Meters.process().registered();
        if (m instanceof Message.Register r && r.lookupHash() != null) {
          return read(() -> done(Codec.encode(privates.register(r, registrant(link, r), client))));
        }
        if (m instanceof Search s) return read(() -> backend.search(s));
        if (m instanceof Revoke r) return read(() -> done(Codec.encode(privates.revoke(r.fileId(), client))));
        if (m instanceof Message.Unregister u) privates.unregister(u.fileId(), new PeerAddress(host, u.port()), client);
        CompletableFuture<ByteString> reply = write(backend, link, m).toCompletableFuture();
        lastWrite = reply;
        return reply;
      }

      private CompletionStage<ByteString> read(Supplier<CompletionStage<ByteString>> answer) {
        return lastWrite.isDone() ? answer.get() : lastWrite.handle((v, t) -> null).thenCompose(v -> answer.get());
      }
    });
  }

  /** How an encoded ERROR answer starts (Jackson writes the type name first). */
  private static final ByteString ERROR_START =
      ByteString.fromArray(new byte[] {Codec.KIND_JSON}).concat(ByteString.fromString("{\"type\":\"ERROR\""));

  /**
   * Counts a QUERY's answer when it comes: at once, on this thread, when the local backend
   * answered in place (thenApply of a completed stage runs in the caller).
   */
  private static CompletionStage<ByteString> counted(CompletionStage<ByteString> answer) {
    return answer.thenApply(TrackerServer::queried);
  }

  /** Counts a QUERY's answer as found (a QUERY_RESULT) or not (an ERROR); passes it on. */
  static ByteString queried(ByteString answer) {
    Meters.process().queried(!answer.take(ERROR_START.size()).equals(ERROR_START));
    return answer;
  }

  private static CompletionStage<ByteString> done(ByteString body) {
    return CompletableFuture.completedFuture(body);
  }

  private static CompletionStage<ByteString> write(TrackerBackend backend, Link link, Message m) {
    if (m instanceof Message.Register r) return backend.register(r, registrant(link, r), link.nodeId());
    if (m instanceof Message.Unregister u) {
      return backend.unregister(u.fileId(), new PeerAddress(link.host(), u.port()), link.nodeId());
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
