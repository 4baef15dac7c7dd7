package dev.p2p.net;

import dev.p2p.text.UserText;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.AbstractActorWithTimers;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.NotInfluenceReceiveTimeout;
import org.apache.pekko.actor.Props;
import org.apache.pekko.actor.ReceiveTimeout;
import org.apache.pekko.actor.Terminated;
import org.apache.pekko.io.Tcp;
import org.apache.pekko.io.TcpMessage;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.SourceQueueWithComplete;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plaintext TCP server on Pekko's classic IO, the only one of its layers that can send a file
 * region with {@code sendfile(2)} ({@code Tcp.WritePath}); Pekko Streams' TCP stage writes heap
 * {@code ByteString}s only. Each accepted connection runs the same Streams flow as a {@link
 * FramedServer} connection, bridged to the connection actor:
 *
 * <ul>
 *   <li>reads in pull mode: the next read is asked for only once the flow has taken the last one
 *       (a queue of {@link #READS_QUEUED} reads), so a client that floods requests is held back
 *       by TCP, never by memory;
 *   <li>writes what the flow has ready (up to {@link #BATCH} answers) as one command, the next
 *       asked of the flow only when the
 *       connection acknowledged the last ({@code Sink.actorRefWithBackpressure}): the flow's own
 *       bounds (its request pipeline) are the write queue;
 *   <li>a {@link Outbound.FileRegion} goes as {@code Write(header)} then {@code WritePath}: the
 *       chunk's data goes from the page cache to the socket without a user-space copy. While it is
 *       in flight the file is checked every {@link #WATCH}: a file truncated under a {@code
 *       sendfile} sends 0 bytes forever, so a changed file aborts the connection (the reader
 *       retries elsewhere) and is handed to its owner;
 *   <li>closes a connection on which nothing was read or written for the idle timeout.
 * </ul>
 */
final class ZeroCopyServer {
  private static final Logger log = LoggerFactory.getLogger(ZeroCopyServer.class);
  /** Reads the bridge holds before the flow takes them (each at most one TCP read). */
  static final int READS_QUEUED = 2;
  /** How often a file being sent is checked for changes. */
  static final Duration WATCH = Duration.ofMillis(250);

  private static final AtomicLong SERVERS = new AtomicLong();

  private ZeroCopyServer() {}

  /** A bound server: its address and how to unbind it (accepted connections go on). */
  record Bound(InetSocketAddress localAddress, ActorRef listener) {
    CompletionStage<Void> unbind() {
      CompletableFuture<Void> done = new CompletableFuture<>();
      listener.tell(new Unbind(done), ActorRef.noSender());
      return done;
    }
  }

  /**
   * Binds {@code host:port} (0 picks a free port) and serves each connection with the flow
   * {@code perConnection} makes for its remote address; a connection with no reads or writes for
   * {@code idleTimeout} is closed. {@code blocking} runs owners' reactions to a changed file.
   */
  static CompletionStage<Bound> bind(ActorSystem system, String name, String host, int port,
      int backlog, Duration idleTimeout, Executor blocking,
      Function<InetSocketAddress, Flow<ByteString, Outbound, NotUsed>> perConnection) {
    CompletableFuture<Bound> bound = new CompletableFuture<>();
    // A system actor: a typed system's user guardian takes no classic children from outside.
    ((ExtendedActorSystem) system).systemActorOf(Props.create(Listener.class, () -> new Listener(name,
        new InetSocketAddress(host, port), backlog, idleTimeout, blocking, perConnection, bound)),
        "zero-copy-server-" + SERVERS.incrementAndGet());
    return bound;
  }

  private record Unbind(CompletableFuture<Void> done) {}

  /** Accepts connections, one at a time (pull mode), and gives each its {@link Bridge}. */
  private static final class Listener extends AbstractActor {
    private final String name;
    private final InetSocketAddress address;
    private final int backlog;
    private final Duration idleTimeout;
    private final Executor blocking;
    private final Function<InetSocketAddress, Flow<ByteString, Outbound, NotUsed>> perConnection;
    private final CompletableFuture<Bound> bound;
    private ActorRef tcpListener;
    private CompletableFuture<Void> unbound;

    Listener(String name, InetSocketAddress address, int backlog, Duration idleTimeout,
        Executor blocking, Function<InetSocketAddress, Flow<ByteString, Outbound, NotUsed>> perConnection,
        CompletableFuture<Bound> bound) {
      this.name = name;
      this.address = address;
      this.backlog = backlog;
      this.idleTimeout = idleTimeout;
      this.blocking = blocking;
      this.perConnection = perConnection;
      this.bound = bound;
    }

    @Override
    public void preStart() {
      Tcp.get(getContext().getSystem()).manager().tell(
          TcpMessage.bind(getSelf(), address, backlog, Connections.SOCKET_OPTIONS, true), getSelf());
    }

    @Override
    public Receive createReceive() {
      return receiveBuilder()
          .match(Tcp.Bound.class, b -> {
            tcpListener = getSender();
            bound.complete(new Bound(b.localAddress(), getSelf()));
            tcpListener.tell(TcpMessage.resumeAccepting(1), getSelf());
          })
          .match(Tcp.CommandFailed.class, f -> {
            if (!bound.isDone()) {
              Throwable why = f.cause().isDefined() ? f.cause().get() : null;
              BindException e = new BindException(why == null || why.getMessage() == null
                  ? "cannot bind " + address : why.getMessage());
              if (why != null) e.initCause(why);
              bound.completeExceptionally(e);
              getContext().stop(getSelf());
            } else {
              log.warn("{}: {}", name, f);
            }
          })
          .match(Tcp.Connected.class, c -> {
            ActorRef connection = getSender();
            Flow<ByteString, Outbound, NotUsed> flow;
            try {
              flow = perConnection.apply(c.remoteAddress());
            } catch (RuntimeException e) {
              log.warn("{}: cannot serve {}: {}", name, c.remoteAddress(), UserText.oneLine(e));
              connection.tell(TcpMessage.abort(), getSelf());
              tcpListener.tell(TcpMessage.resumeAccepting(1), getSelf());
              return;
            }
            ActorRef bridge = getContext().actorOf(Props.create(Bridge.class,
                () -> new Bridge(name, c.remoteAddress(), connection, flow, idleTimeout, blocking)));
            getContext().watch(bridge);
            connection.tell(TcpMessage.register(bridge, true, true), getSelf());
            tcpListener.tell(TcpMessage.resumeAccepting(1), getSelf());
          })
          .match(Unbind.class, u -> {
            unbound = u.done();
            if (tcpListener == null) unbound.complete(null);
            else tcpListener.tell(TcpMessage.unbind(), getSelf());
          })
          .match(Tcp.Unbound.class, u -> {
            if (unbound != null) unbound.complete(null);
            stopWhenIdle();
          })
          .match(Terminated.class, t -> stopWhenIdle())
          .build();
    }

    /** Once unbound, the listener goes with its last connection. */
    private void stopWhenIdle() {
      if (unbound != null && unbound.isDone() && !getContext().getChildren().iterator().hasNext()) {
        getContext().stop(getSelf());
      }
    }
  }

  private enum Init { INSTANCE }

  private enum Ack { INSTANCE }

  private enum Done { INSTANCE }

  private record Failed(Throwable cause) {}

  private record Offered(boolean taken) {}

  /** The connection's acknowledgement of the last write. */
  private static final class Written implements Tcp.Event {
    static final Written INSTANCE = new Written();
  }

  /** Most answers written in one command. */
  static final int BATCH = 8;

  /** Answers written together as one command, acknowledged once, after the last. */
  private static final class Batch {
    private final List<Outbound> items = new ArrayList<>(BATCH);

    static Batch of(Outbound first) {
      return new Batch().add(first);
    }

    Batch add(Outbound o) {
      items.add(o);
      return this;
    }

    List<Outbound.FileRegion> regions() {
      List<Outbound.FileRegion> r = new ArrayList<>();
      for (Outbound o : items) if (o instanceof Outbound.FileRegion f) r.add(f);
      return r;
    }

    /** Bytes as Write, a region as Write(header) then WritePath (sendfile); the ack on the last. */
    Tcp.Command command() {
      List<Tcp.WriteCommand> parts = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        Tcp.Event ack = i == items.size() - 1 ? Written.INSTANCE : (Tcp.Event) TcpMessage.noAck();
        Outbound o = items.get(i);
        if (o instanceof Outbound.Bytes b) {
          parts.add((Tcp.WriteCommand) TcpMessage.write(b.bytes(), ack));
        } else if (o instanceof Outbound.FileRegion f) {
          parts.add((Tcp.WriteCommand) TcpMessage.write(f.header()));
          parts.add((Tcp.WriteCommand) TcpMessage.writePath(f.path(), f.offset(), f.length(), ack));
        }
      }
      return Tcp.WriteCommand$.MODULE$.create(parts);
    }
  }

  /** Time to check the file being sent. */
  private enum Watch implements NotInfluenceReceiveTimeout { INSTANCE }

  /** One connection: its classic connection actor on one side, its Streams flow on the other. */
  private static final class Bridge extends AbstractActorWithTimers {
    private final String name;
    private final InetSocketAddress remote;
    private final ActorRef connection;
    private final Flow<ByteString, Outbound, NotUsed> flow;
    private final Duration idleTimeout;
    private final Executor blocking;
    private SourceQueueWithComplete<ByteString> in;
    private UniqueKillSwitch kill;
    /** The flow's sink, which is acknowledged for each written element. */
    private ActorRef sink;
    /** The file regions of the write in flight. */
    private List<Outbound.FileRegion> sending = List.of();

    Bridge(String name, InetSocketAddress remote, ActorRef connection,
        Flow<ByteString, Outbound, NotUsed> flow, Duration idleTimeout, Executor blocking) {
      this.name = name;
      this.remote = remote;
      this.connection = connection;
      this.flow = flow;
      this.idleTimeout = idleTimeout;
      this.blocking = blocking;
    }

    @Override
    public void preStart() {
      getContext().watch(connection);
      // The materializer is this actor's: the flow stops when the bridge does.
      Pair<SourceQueueWithComplete<ByteString>, UniqueKillSwitch> mat =
          Source.<ByteString>queue(READS_QUEUED, OverflowStrategy.backpressure())
              .viaMat(KillSwitches.single(), Keep.both())
              .via(flow)
              // What the flow has ready while a write is in flight goes in the next one.
              .batch(BATCH, Batch::of, Batch::add)
              .to(Sink.actorRefWithBackpressure(getSelf(), Init.INSTANCE, Ack.INSTANCE,
                  Done.INSTANCE, Failed::new))
              .run(Materializer.createMaterializer(getContext()));
      in = mat.first();
      kill = mat.second();
      getContext().setReceiveTimeout(idleTimeout);
      connection.tell(TcpMessage.resumeReading(), getSelf());
    }

    @Override
    public Receive createReceive() {
      return receiveBuilder()
          .match(Tcp.Received.class, r -> {
            ActorRef self = getSelf();
            in.offer(r.data()).whenComplete((res, t) ->
                self.tell(new Offered(t == null && res == QueueOfferResult.enqueued()), ActorRef.noSender()));
          })
          .match(Offered.class, o -> {
            if (o.taken()) connection.tell(TcpMessage.resumeReading(), getSelf());
          })
          .matchEquals(Init.INSTANCE, i -> {
            sink = getSender();
            sink.tell(Ack.INSTANCE, getSelf());
          })
          .match(Batch.class, b -> {
            sink = getSender();
            sending = b.regions();
            connection.tell(b.command(), getSelf());
            if (!sending.isEmpty()) {
              getTimers().startTimerAtFixedRate(Watch.INSTANCE, Watch.INSTANCE, WATCH);
            }
          })
          .match(Written.class, w -> {
            if (!sending.isEmpty()) {
              sending = List.of();
              getTimers().cancel(Watch.INSTANCE);
            }
            sink.tell(Ack.INSTANCE, getSelf());
          })
          .matchEquals(Watch.INSTANCE, w -> {
            Optional<Outbound.FileRegion> gone = changedRegion();
            if (gone.isPresent()) {
              log.warn("{}: closing connection from {}: {} changed on disk while it was being sent",
                  name, remote, gone.get().path());
              fileChanged(gone.get());
              abort();
            }
          })
          .matchEquals(Done.INSTANCE, d -> connection.tell(TcpMessage.close(), getSelf()))
          .match(Failed.class, f -> {
            log.debug("{}: connection from {} ended: {}", name, remote, UserText.oneLine(f.cause()));
            abort();
          })
          .match(Tcp.ConnectionClosed.class, c -> {
            if (c.isPeerClosed()) {
              in.complete(); // the client is done asking; what is due to it is still written
            } else {
              getContext().stop(getSelf());
            }
          })
          .match(Tcp.CommandFailed.class, f -> {
            log.info("{}: connection from {}: {} failed", name, remote, f.cmd());
            abort();
          })
          .match(ReceiveTimeout.class, t -> {
            log.debug("{}: closing connection from {}: idle for {} s", name, remote,
                idleTimeout.toSeconds());
            abort();
          })
          .match(Terminated.class, t -> {
            // The connection actor is gone without a close event: it failed, as when WritePath
            // could not open a file that was renamed or deleted after it was checked.
            changedRegion().ifPresent(this::fileChanged);
            getContext().stop(getSelf());
          })
          .build();
    }

    /** A region being sent whose file is no longer the one that was hashed. */
    private Optional<Outbound.FileRegion> changedRegion() {
      return sending.stream().filter(r -> !r.intact().getAsBoolean()).findFirst();
    }

    private void fileChanged(Outbound.FileRegion region) {
      sending = List.of();
      getTimers().cancel(Watch.INSTANCE);
      blocking.execute(region.changed()); // the owner may take a while to withdraw the file
    }

    private void abort() {
      connection.tell(TcpMessage.abort(), getSelf());
      getContext().stop(getSelf());
    }

    @Override
    public void postStop() {
      if (kill != null) kill.shutdown();
    }
  }
}
