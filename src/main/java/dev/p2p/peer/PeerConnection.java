package dev.p2p.peer;

import dev.p2p.text.UserText;
import dev.p2p.net.Connections;
import dev.p2p.net.Pin;
import dev.p2p.net.Transport;
import dev.p2p.protocol.Message;
import dev.p2p.storage.FileId;
import dev.p2p.storage.PeerAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.typed.javadsl.ActorSink;
import org.apache.pekko.stream.typed.javadsl.ActorSource;
import org.apache.pekko.util.ByteString;

/**
 * One long-lived TCP connection from a download to one remote peer, carrying many pipelined
 * requests. Replies arrive in request order, so they are matched to a FIFO of pending requests;
 * a reply that does not match the head of that queue is a protocol violation and closes the
 * connection. When the connection ends, every pending requester hears {@link ConnectionLost} and
 * this actor stops (its owner watches it).
 *
 * <p>Neither end of the stream is back-pressured; both are bounded by the requests instead. The
 * outbound {@code ActorSource} buffers only the requests TCP has not taken yet: at most the
 * download's request window (one per {@code ChunkFetcher}, never more than the pipeline depth)
 * plus the HAVE refreshes, and the caller sizes {@code maxPending} above that (2 × depth + 8). Only
 * a peer that stops reading fills it, and failing that stream then is right: the connection ends
 * and its requests are retried elsewhere. The inbound {@code ActorSink} delivers one message per
 * request sent, so an honest peer never queues more than the requests pending in this actor's
 * mailbox; the first message nobody asked for closes the connection (and the kill switch stops
 * the stream), which bounds what a flooding peer can queue to what TCP already delivered.
 */
public final class PeerConnection extends AbstractBehavior<PeerConnection.Command> {
  public sealed interface Command permits RequestChunk, RequestHave, Notify, Close, Received, StreamEnded {}

  /** Asks for chunk {@code index}; the answer goes to {@code replyTo}. */
  public record RequestChunk(int index, ActorRef<Reply> replyTo) implements Command {}

  /** Asks which chunks the peer has; the owner gets {@link HaveUpdate}. */
  public enum RequestHave implements Command { INSTANCE }

  /** Sends a notification (HELLO, HAVE_CHUNK, CANCEL): no reply is due, so nothing is pending. */
  public record Notify(Message notification) implements Command {}

  public enum Close implements Command { INSTANCE }

  private record Received(Message message) implements Command {}

  private record StreamEnded(Optional<Throwable> failure) implements Command {}

  /** Answers to {@link RequestChunk}. */
  public sealed interface Reply permits ChunkArrived, ChunkRefused, ConnectionLost {}

  public record ChunkArrived(int index, ByteString data) implements Reply {}

  public record ChunkRefused(int index, String code, String reason) implements Reply {}

  public record ConnectionLost(String reason) implements Reply {}

  /** What the owner hears about the remote peer's chunks. */
  public record HaveUpdate(PeerAddress peer, Optional<BitSet> have, String refusal, boolean ended) {
    public HaveUpdate(PeerAddress peer, Optional<BitSet> have, String refusal) {
      this(peer, have, refusal, false);
    }

    /** The connection failed for {@code reason} (a refused handshake, a reset): it is gone. */
    static HaveUpdate ended(PeerAddress peer, String reason) {
      return new HaveUpdate(peer, Optional.empty(), reason, true);
    }
  }

  private record Pending(int index, ActorRef<Reply> replyTo) {}

  private static final Pending HAVE = new Pending(-1, null);

  private final PeerAddress peer;
  private final FileId fileId;
  private final int numChunks;
  private final ActorRef<HaveUpdate> owner;
  private final ActorRef<Message> out;
  private final UniqueKillSwitch killSwitch;
  private final Deque<Pending> pending = new ArrayDeque<>();

  /** Settings of outgoing connections. */
  public record Settings(Duration connectTimeout, Duration idleTimeout, int maxFrameBytes,
      int maxPending, Optional<InetSocketAddress> localAddress, RateLimiter downloadLimit,
      Transport transport) {}

  /**
   * A connection to {@code peer} at {@code address}; over TLS it refuses a peer that does not
   * present {@code nodeId} (the ID the tracker verified when that peer registered).
   */
  public static Behavior<Command> create(PeerAddress peer, String nodeId, InetSocketAddress address,
      FileId fileId, int numChunks, Settings settings, ActorRef<HaveUpdate> owner) {
    return Behaviors.setup(ctx -> new PeerConnection(ctx, peer, nodeId, address, fileId, numChunks,
        settings, owner));
  }

  private PeerConnection(ActorContext<Command> ctx, PeerAddress peer, String nodeId,
      InetSocketAddress address,
      FileId fileId, int numChunks, Settings s, ActorRef<HaveUpdate> owner) {
    super(ctx);
    this.peer = peer;
    this.fileId = fileId;
    this.numChunks = numChunks;
    this.owner = owner;
    Pair<Pair<ActorRef<Message>, UniqueKillSwitch>, NotUsed> mat =
        ActorSource.<Message>actorRef(m -> false, m -> Optional.empty(), s.maxPending(),
                OverflowStrategy.fail())
            .viaMat(KillSwitches.single(), Keep.both())
            .via(Connections.outgoing(ctx.getSystem(), address, s.localAddress(),
                s.connectTimeout(), s.idleTimeout(), s.maxFrameBytes(), s.transport(),
                nodeId.isEmpty() ? Pin.none() : Pin.exactly(nodeId, peer.toString())))
            .mapAsync(1, m -> m instanceof Message.Chunk c
                ? s.downloadLimit().acquire(c.data().size()).thenApply(v -> m)
                : CompletableFuture.completedFuture(m))
            .map(m -> (Command) new Received(m))
            .toMat(ActorSink.actorRef(ctx.getSelf(), new StreamEnded(Optional.empty()),
                t -> new StreamEnded(Optional.of(t))), Keep.both())
            .run(ctx.getSystem());
    this.out = mat.first().first();
    this.killSwitch = mat.first().second();
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(RequestChunk.class, this::onRequestChunk)
        .onMessageEquals(RequestHave.INSTANCE, this::onRequestHave)
        .onMessage(Notify.class, n -> {
          out.tell(n.notification());
          return this;
        })
        .onMessageEquals(Close.INSTANCE, () -> Behaviors.stopped())
        .onMessage(Received.class, this::onReceived)
        .onMessage(StreamEnded.class, this::onStreamEnded)
        .onSignal(PostStop.class, s -> onStop())
        .build();
  }

  private Behavior<Command> onRequestChunk(RequestChunk r) {
    pending.add(new Pending(r.index(), r.replyTo()));
    out.tell(new Message.ChunkRequest(fileId, r.index()));
    return this;
  }

  private Behavior<Command> onRequestHave() {
    pending.add(HAVE);
    out.tell(new Message.HaveRequest(fileId));
    return this;
  }

  private Behavior<Command> onReceived(Received r) {
    // The head stays queued until the reply is judged: a violation must reach its requester too,
    // or that chunk waits out the whole request timeout.
    Pending head = pending.peek();
    if (head == null) return violation("sent a reply nobody asked for");
    Message m = r.message();
    if (head == HAVE) {
      if (m instanceof Message.Have h && h.fileId().equals(fileId) && h.numChunks() == numChunks) {
        try {
          owner.tell(new HaveUpdate(peer, Optional.of(h.chunks()), null));
        } catch (RuntimeException e) {
          return violation(e.getMessage());
        }
        return answered();
      }
      if (m instanceof Message.Error e) {
        owner.tell(new HaveUpdate(peer, Optional.empty(), e.code() + ": " + e.reason()));
        return answered();
      }
      return violation("answered HAVE_REQUEST with " + m.getClass().getSimpleName());
    }
    if (m instanceof Message.Chunk c) {
      if (!c.fileId().equals(fileId)) {
        return violation("sent a chunk of file " + c.fileId() + " when chunk " + head.index() + " was due");
      }
      if (c.chunkIndex() != head.index()) {
        return violation("sent chunk " + c.chunkIndex() + " when chunk " + head.index() + " was due");
      }
      head.replyTo().tell(new ChunkArrived(c.chunkIndex(), c.data()));
      return answered();
    }
    if (m instanceof Message.Error e) {
      if (e.chunkIndex() != null && e.chunkIndex() != head.index()) {
        return violation("refused chunk " + e.chunkIndex() + " when chunk " + head.index() + " was due");
      }
      head.replyTo().tell(new ChunkRefused(head.index(), e.code().name(), e.reason()));
      return answered();
    }
    return violation("answered CHUNK_REQUEST with " + m.getClass().getSimpleName());
  }

  /** The head request got its answer. */
  private Behavior<Command> answered() {
    pending.poll();
    return this;
  }

  private Behavior<Command> violation(String what) {
    getContext().getLog().warn("peer {} {}: closing the connection", peer, what);
    failPending("peer " + what);
    return Behaviors.stopped();
  }

  private Behavior<Command> onStreamEnded(StreamEnded e) {
    String reason = e.failure().map(UserText::oneLine).orElse("connection closed by the peer");
    // The owner hears why (the end of this actor alone would only say "connection lost").
    if (e.failure().isPresent()) owner.tell(HaveUpdate.ended(peer, reason));
    failPending(reason);
    return Behaviors.stopped();
  }

  private void failPending(String reason) {
    for (Pending p : pending) {
      if (p.replyTo() != null) p.replyTo().tell(new ConnectionLost(reason));
    }
    pending.clear();
  }

  private Behavior<Command> onStop() {
    failPending("connection closed");
    killSwitch.shutdown();
    return this;
  }
}
