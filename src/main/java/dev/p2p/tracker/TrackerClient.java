package dev.p2p.tracker;

import dev.p2p.net.Connections;
import dev.p2p.net.KnownTrackers;
import dev.p2p.net.Pin;
import dev.p2p.net.Transport;
import dev.p2p.protocol.ErrorCode;
import dev.p2p.protocol.Message;
import dev.p2p.protocol.Revoke;
import dev.p2p.protocol.Search;
import dev.p2p.protocol.SearchResult;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import dev.p2p.text.P2pException;
import dev.p2p.text.UserText;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Talks to a tracker: one short TCP connection per request, so a tracker restart costs nothing
 * but the requests in flight. Every request is bounded by the connect and request timeouts and
 * fails with a {@link P2pException} whose message is meant for the user.
 *
 * <p>Given several addresses (the nodes of a tracker cluster, which all answer for the whole
 * registry), it uses one until it is {@link Unavailable} (connect failure, timeout, closed
 * connection), then moves on to the next in the list, retrying the request there, at most once
 * per address; the one that answered stays in use. Each move is told to the {@link #onSwitch}
 * listener (a node registers all it serves again at once). Each address has its own pin: every
 * tracker node has its own identity.
 *
 * <p>Each request's end (whether the tracker in use answered) is told to {@link #onExchange}.
 */
public final class TrackerClient {
  /** One tracker address and what it must present over TLS (trust on first use, {@link KnownTrackers}). */
  public record Endpoint(InetSocketAddress address, Pin pin) {}

  private static final Logger log = LoggerFactory.getLogger(TrackerClient.class);
  /** What {@link #moveTo} asks a tracker for, to see that it answers: a file nobody has. */
  private static final FileId PROBE = new FileId("0".repeat(64));

  private final ActorSystem<?> system;
  /** Only ever grows ({@link #moveTo}), so an index into it stays valid. */
  private volatile List<Endpoint> trackers;
  private final Optional<InetSocketAddress> localAddress;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final int maxFrame;
  private final Transport transport;
  /** The index of the tracker in use. */
  private final AtomicInteger current = new AtomicInteger();
  private final List<BiConsumer<InetSocketAddress, Boolean>> switched = new CopyOnWriteArrayList<>();
  private final List<Consumer<Exchange>> exchanged = new CopyOnWriteArrayList<>();
  /** Whether the last request ended without an answer. */
  private final AtomicBoolean failing = new AtomicBoolean();
  /** Set once the tracker refused QUERY_PEERS as unknown: it is asked with QUERY instead. */
  private volatile boolean legacyTracker;

  public TrackerClient(ActorSystem<?> system, InetSocketAddress tracker,
      Optional<InetSocketAddress> localAddress, Duration connectTimeout, Duration requestTimeout,
      int maxFrame, Transport transport, Pin pin) {
    this(system, List.of(new Endpoint(tracker, pin)), localAddress, connectTimeout, requestTimeout,
        maxFrame, transport);
  }

  /** A client of the trackers {@code trackers} (at least one), tried in this order. */
  public TrackerClient(ActorSystem<?> system, List<Endpoint> trackers,
      Optional<InetSocketAddress> localAddress, Duration connectTimeout, Duration requestTimeout,
      int maxFrame, Transport transport) {
    if (trackers.isEmpty()) throw new IllegalArgumentException("no tracker address");
    this.system = system;
    this.transport = transport;
    this.trackers = List.copyOf(trackers);
    this.localAddress = localAddress;
    this.connectTimeout = connectTimeout;
    this.requestTimeout = requestTimeout;
    this.maxFrame = maxFrame;
  }

  /** The address of the tracker in use. */
  public InetSocketAddress address() {
    return trackers.get(current.get()).address();
  }

  /**
   * Moves to tracker {@code to} (the user chose another one) once it has answered a request, as
   * a failover would: the tracker in use from now on, told to the {@link #onSwitch} listeners
   * (the node registers there what it shares). Fails, staying where it is, when {@code to} does
   * not answer. A new address joins the end of the list; a known one keeps its place and pin.
   */
  public CompletionStage<Void> moveTo(Endpoint to) {
    // Any answer will do (no such file, most likely): it proves a tracker is there.
    return requestTo(to, new Message.Query(PROBE, List.of(), null)).handle((reply, t) -> {
      if (t != null) throw translate(to, t);
      switchTo(to);
      ended(to, null); // the tracker now in use answered: its state is known at once
      return null;
    });
  }

  private synchronized void switchTo(Endpoint to) {
    List<Endpoint> list = trackers;
    int index = 0;
    while (index < list.size() && !list.get(index).address().equals(to.address())) index++;
    if (index == list.size()) trackers = Stream.concat(list.stream(), Stream.of(to)).toList();
    if (current.getAndSet(index) != index) switched.forEach(l -> l.accept(to.address(), true));
  }

  /** {@code listener} is told the new address each time the client moves to another tracker. */
  public void onSwitch(Consumer<InetSocketAddress> listener) {
    onSwitch((to, chosen) -> listener.accept(to));
  }

  /**
   * As {@link #onSwitch(Consumer)}, also told whether the user chose the move ({@link #moveTo})
   * rather than a failure making it.
   */
  public void onSwitch(BiConsumer<InetSocketAddress, Boolean> listener) {
    switched.add(listener);
  }

  /** How a request ended: {@code failure} null if {@code tracker} answered, {@code recovered} if after a failure. */
  public record Exchange(InetSocketAddress tracker, P2pException failure, boolean recovered) {}

  /** {@code listener} is told, on any thread, how each request ended (after any failover). */
  public void onExchange(Consumer<Exchange> listener) {
    exchanged.add(listener);
  }

  /** The file's manifest and peers; fails with "unknown file" when the tracker knows no peer. */
  public CompletionStage<Located> query(FileId id) {
    return query(id, List.of(), null);
  }

  /**
   * The manifest and peers of the tracker's best variant of the file other than those named in
   * {@code exclude} ({@link Manifest#variant}); fails with "unknown file" when there is none.
   */
  public CompletionStage<Located> query(FileId id, List<String> exclude) {
    return query(id, exclude, null);
  }

  /** As {@link #query(FileId, List)}, for a private file with the share's {@code lookup} (null: public). */
  public CompletionStage<Located> query(FileId id, List<String> exclude, String lookup) {
    return request(new Message.Query(id, exclude, lookup)).thenApply(reply -> {
      if (reply instanceof Message.QueryResult r) {
        if (!r.fileId().equals(id)) throw new P2pException("tracker answered for another file");
        Manifest m = r.manifest();
        if (!exclude.isEmpty() && exclude.contains(m.variant())) {
          throw new P2pException("tracker answered with a manifest that was excluded");
        }
        return new Located(m, r.peers(), r.variants());
      }
      throw refusal(reply);
    });
  }

  /** The peers of the tracker's best variant of the file (QUERY_PEERS naming none). */
  public CompletionStage<PeersFound> peers(FileId id) {
    return peers(id, null);
  }

  /**
   * The peers of variant {@code variant} of the file ({@link Manifest#variant}; null: the best
   * one) without its manifest (QUERY_PEERS), for a download that has the manifest already. A
   * tracker that predates QUERY_PEERS answers BAD_REQUEST: this client then asks it with QUERY,
   * now and from then on (such a tracker holds one manifest per file).
   */
  public CompletionStage<PeersFound> peers(FileId id, String variant) {
    return peers(id, variant, null);
  }

  /** As {@link #peers(FileId, String)}, with the share's {@code lookup} for a private file (or null). */
  public CompletionStage<PeersFound> peers(FileId id, String variant, String lookup) {
    if (legacyTracker) return query(id, List.of(), lookup).thenApply(PeersFound::of);
    return request(new Message.QueryPeers(id, variant, lookup)).thenCompose(reply -> {
      if (reply instanceof Message.Peers p) {
        if (!p.fileId().equals(id)) throw new P2pException("tracker answered for another file");
        return CompletableFuture.completedFuture(new PeersFound(p.total(), p.peers()));
      }
      if (reply instanceof Message.Error e && e.code() == ErrorCode.BAD_REQUEST) {
        legacyTracker = true;
        return query(id, List.of(), lookup).thenApply(PeersFound::of);
      }
      throw refusal(reply);
    });
  }

  public CompletionStage<Integer> register(Manifest m, String peerId, String host, int port) {
    return register(Message.Register.of(m, peerId, host, port));
  }

  /**
   * Sends {@code r} (public or private). A private share the tracker no longer knows because it
   * was revoked or has expired fails with {@link Ended}: its sharer should stop serving it.
   */
  public CompletionStage<Integer> register(Message.Register r) {
    return request(r).thenApply(reply -> {
      if (r.lookupHash() != null && reply instanceof Message.Error e && e.code() == ErrorCode.NOT_FOUND) {
        throw new Ended(e.reason());
      }
      return peersOrThrow(reply);
    });
  }

  /**
   * Revokes this node's private shares of {@code id} (REVOKE): the tracker forgets them, so
   * nobody new finds them. Fails with "unknown file" when this node owns none there.
   */
  public CompletionStage<Integer> revoke(FileId id) {
    return request(new Revoke(id)).thenApply(reply -> {
      if (reply instanceof Message.Error e && e.code() == ErrorCode.NOT_FOUND) {
        throw new NotOwned("the tracker at " + hostPort(address()) + " has no private share of " + id
            + " registered from this node");
      }
      return peersOrThrow(reply);
    });
  }

  /**
   * The public files whose name contains {@code words} (SEARCH; case-insensitive substring), as
   * the tracker answers: at most {@link SearchResult#MAX_FILES}, most seeders first. A tracker
   * that predates SEARCH answers BAD_REQUEST: that fails with a line saying it cannot search.
   */
  public CompletionStage<SearchResult> search(String words) {
    String text = words.strip();
    if (text.isEmpty() || text.length() > Search.MAX_WORDS) {
      return CompletableFuture.failedStage(new P2pException(text.isEmpty() ? "nothing to search for"
          : "search words are longer than " + Search.MAX_WORDS + " characters"));
    }
    return request(new Search(text)).thenApply(reply -> {
      if (reply instanceof SearchResult r) return r;
      if (reply instanceof Message.Error e && e.code() == ErrorCode.BAD_REQUEST) {
        throw new P2pException("the tracker at " + hostPort(address()) + " cannot search by name ("
            + e.reason() + ")");
      }
      throw refusal(reply);
    });
  }

  public CompletionStage<Integer> unregister(FileId id, String peerId, int port) {
    return request(new Message.Unregister(id, peerId, port)).thenApply(this::peersOrThrow);
  }

  private int peersOrThrow(Message reply) {
    if (reply instanceof Message.Registered r) return r.peers();
    throw refusal(reply);
  }

  private P2pException refusal(Message reply) {
    if (reply instanceof Message.Error e) {
      if (e.code() == ErrorCode.NOT_FOUND) {
        return new P2pException("unknown file: the tracker at " + hostPort(address()) + " knows no peer sharing it");
      }
      // BUSY is "later", not "no": a full tracker, or a cluster moving a lost node's files.
      if (e.code() == ErrorCode.BUSY) {
        return new Unavailable("tracker " + hostPort(address()) + " is busy: " + e.reason(), "busy: " + e.reason(), null);
      }
      return new P2pException("tracker refused: " + e.reason());
    }
    return new P2pException("tracker sent an unexpected " + reply.getClass().getSimpleName());
  }

  /**
   * One request, one reply, on a fresh connection to the tracker in use; if it is unavailable,
   * on the next ones in turn.
   */
  public CompletionStage<Message> request(Message m) {
    return request(m, current.get(), trackers.size());
  }

  private CompletionStage<Message> request(Message m, int index, int triesLeft) {
    Endpoint at = trackers.get(index);
    return requestTo(at, m).handle((reply, t) -> {
      if (t == null) {
        ended(at, null);
        return CompletableFuture.completedFuture(reply);
      }
      P2pException e = translate(at, t);
      if (!(e instanceof Unavailable) || triesLeft <= 1) {
        ended(at, e);
        return CompletableFuture.<Message>failedFuture(e);
      }
      int next = (index + 1) % trackers.size();
      // Only the first request to find this tracker down moves on (and tells the listener).
      if (current.compareAndSet(index, next)) {
        log.warn("{}; now using tracker {}", e.getMessage(), hostPort(trackers.get(next).address()));
        switched.forEach(l -> l.accept(trackers.get(next).address(), false));
      }
      return request(m, next, triesLeft - 1);
    }).thenCompose(x -> x);
  }

  private void ended(Endpoint at, P2pException failure) {
    Exchange e = new Exchange(at.address(), failure, failing.getAndSet(failure != null) && failure == null);
    exchanged.forEach(l -> l.accept(e));
  }

  private CompletionStage<Message> requestTo(Endpoint at, Message m) {
    Pair<CompletableFuture<Optional<Message>>, CompletionStage<Message>> run = Source.single(m)
        // Keep our side open until the reply is in (the server may close on our end of stream),
        // then end it, so that the connection closes at once in both directions.
        .concatMat(Source.<Message>maybe(), Keep.right())
        .via(Connections.outgoing(system, at.address(), localAddress, connectTimeout, requestTimeout, maxFrame,
            transport, at.pin()))
        .completionTimeout(requestTimeout)
        .toMat(Sink.head(), Keep.both())
        .run(system);
    return run.second().whenComplete((reply, err) -> run.first().complete(Optional.empty()));
  }

  private P2pException translate(Endpoint at, Throwable t) {
    return TrackerFailures.translate(hostPort(at.address()), requestTimeout, t);
  }

  static String hostPort(InetSocketAddress a) {
    return a.getHostString() + ":" + a.getPort();
  }

  /**
   * The tracker could not be reached or did not answer in time: worth trying again later, unlike
   * a refusal (unknown file, too many registrations), which it would repeat.
   */
  public static final class Unavailable extends P2pException {
    private final String reason;

    Unavailable(String message, String reason, Throwable cause) {
      super(Kind.TRACKER_UNREACHABLE, message, cause);
      this.reason = reason;
    }

    /** Why, without the tracker's address: "Connection refused", "did not answer within 10 s". */
    public String reason() {
      return reason;
    }
  }

  /** REVOKE found no private share of the file that this node registered first (its owner). */
  public static final class NotOwned extends P2pException {
    NotOwned(String message) {
      super(message);
    }
  }

  /** The tracker refused a private share's registration: the share was revoked or has expired. */
  public static final class Ended extends P2pException {
    Ended(String message) {
      super(message);
    }
  }

  /** A tracker's answer to QUERY_PEERS: {@code peers} out of {@code total} registered. */
  public record PeersFound(int total, List<Message.PeerInfo> peers) {
    /** From a QUERY answer, which lists every peer when there are few. */
    public static PeersFound of(Located l) {
      return new PeersFound(l.peers().size(), l.peers());
    }
  }

  /**
   * A tracker's answer to QUERY: one variant's manifest and peers, and how many variants of the
   * file ({@code variants}, those excluded included) the tracker holds.
   */
  public record Located(Manifest manifest, List<Message.PeerInfo> peers, int variants) {
    /** The answer of a tracker that holds one variant of the file. */
    public Located(Manifest manifest, List<Message.PeerInfo> peers) {
      this(manifest, peers, 1);
    }
  }
}
