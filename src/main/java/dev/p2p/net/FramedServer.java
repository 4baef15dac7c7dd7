package dev.p2p.net;

import dev.p2p.protocol.Codec;
import dev.p2p.protocol.ErrorCode;
import dev.p2p.protocol.Message;
import dev.p2p.protocol.ProtocolException;
import dev.p2p.protocol.legacy.LegacyWire;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.concurrent.Executor;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.pf.PFBuilder;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.stream.scaladsl.Framing;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.util.ByteString;
import dev.p2p.text.UserText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP server speaking the framed protocol: binds, caps concurrent connections (per remote IP it
 * refuses the newcomer with ERROR BUSY; at the total cap it closes the idlest connection instead,
 * see {@link ConnectionSlots}), closes idle ones and those that have not completed a first frame
 * within the header timeout, and runs one handler flow per connection. Bad input (a frame over
 * the maximum, a truncated frame, an undecodable message) or a failure of the handler ends that
 * connection only: the server logs one line, sends a final ERROR and closes it; everybody else is
 * served on.
 */
public final class FramedServer {
  private static final Logger log = LoggerFactory.getLogger(FramedServer.class);

  /**
   * Limits of one server. {@code headerTimeout}: the longest a connection may take to complete its
   * first frame (handshake included) before it is closed.
   */
  public record Limits(int maxConnections, int maxConnectionsPerIp, int maxFrameBytes,
      Duration idleTimeout, Duration headerTimeout) {
    /** The limits with p2p.header-timeout's default, for servers that take it from nowhere else. */
    public Limits(int maxConnections, int maxConnectionsPerIp, int maxFrameBytes, Duration idleTimeout) {
      this(maxConnections, maxConnectionsPerIp, maxFrameBytes, idleTimeout, DEFAULT_HEADER_TIMEOUT);
    }
  }

  /** The default of p2p.header-timeout (application.conf), for {@link Limits}' short form. */
  public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(5);

  /**
   * Connections the kernel queues before they are accepted (capped by net.core.somaxconn). With
   * 100, a few hundred peers connecting at once overflowed it: dropped SYNs are retransmitted only
   * after 1 s, 3 s, ..., so their connects hit the 5 s connect timeout.
   */
  private static final int BACKLOG = 1024;

  private FramedServer() {}

  /**
   * Binds {@code host:port} (port 0 picks a free one) with {@code transport} and serves each
   * connection with the flow {@code handler} makes for its {@link Link}.
   */
  public static CompletionStage<Server> bind(ActorSystem<?> system, String name,
      String host, int port, Limits limits, Transport transport,
      Function<Link, Flow<Message, Message, NotUsed>> handler) {
    return bindEncoded(system, name, host, port, limits, transport,
        link -> handler.apply(link).map(Codec::encode));
  }

  /**
   * As {@link #bind}, for a handler that answers with encoded frame bodies ({@link
   * Codec#encode}): lets it reuse the bytes of an answer it sends often.
   */
  public static CompletionStage<Server> bindEncoded(ActorSystem<?> system, String name,
      String host, int port, Limits limits, Transport transport,
      Function<Link, Flow<Message, ByteString, NotUsed>> handler) {
    return bindEncoded(system, name, host, port, limits, transport, handler, Optional.empty());
  }

  /**
   * How a server answers a connection in the original Python program's protocol (its frames
   * start with four zero bytes, ours never do, and it has no TLS): {@code connection} makes the
   * flow of one such connection's plain bytes; it places {@code framesSeen} after its deframer,
   * so that the header timeout knows when a first whole frame has come in. It owns its errors:
   * what fails in it closes the connection only.
   */
  public interface LegacyProtocol {
    Flow<ByteString, ByteString, NotUsed> connection(InetSocketAddress remote,
        Flow<ByteString, ByteString, NotUsed> framesSeen);
  }

  /**
   * As {@link #bindEncoded(ActorSystem, String, String, int, Limits, Transport, Function)}, also
   * answering connections in the original's protocol with {@code legacy}, if present, on the same
   * port (told apart by a connection's first four bytes, before TLS is looked for).
   */
  public static CompletionStage<Server> bindEncoded(ActorSystem<?> system, String name,
      String host, int port, Limits limits, Transport transport,
      Function<Link, Flow<Message, ByteString, NotUsed>> handler, Optional<LegacyProtocol> legacy) {
    ConnectionSlots slots = new ConnectionSlots(name, limits.maxConnections(),
        limits.maxConnectionsPerIp(), limits.headerTimeout(), System::nanoTime);
    SharedKillSwitch connections = KillSwitches.shared(name + "-connections");
    // Made once, not per connection: a flood is exactly when connections come fastest.
    ByteString busy = refusalFrame(ErrorCode.BUSY, "too many connections, try later", limits);
    ByteString plaintextRefused = refusalFrame(ErrorCode.BAD_REQUEST, PLAINTEXT_REFUSED, limits);
    return Tcp.get(system)
        .bind(host, port, BACKLOG, Connections.SOCKET_OPTIONS, true, Optional.of(limits.idleTimeout()))
        .to(Sink.foreach(conn -> {
          InetSocketAddress remote = conn.remoteAddress();
          Optional<ConnectionSlots.Slot> admitted = slots.admit(remote);
          if (admitted.isEmpty()) {
            // A refused connection holds no slot: reading stops after the header timeout (a
            // client that sends nothing, not even a TLS hello, is answered then), so that refusals
            // cannot pile up as open sockets until the idle timeout.
            conn.handleWith(Flow.of(ByteString.class).takeWithin(limits.headerTimeout())
                .via(transport.refusing(busy)), system);
            return;
          }
          ConnectionSlots.Slot slot = admitted.get();
          Flow<ByteString, ByteString, NotUsed> ours = transport
              .server(remote, link -> framed(name, link, limits, connections, handler, slot),
                  plaintextRefused);
          Flow<ByteString, ByteString, NotUsed> flow = orLegacy(legacy, remote, slot, connections,
                  ours, bytes -> bytes)
              .watchTermination((nu, done) -> {
                done.whenComplete((d, t) -> {
                  // Failures inside the framed part are answered and logged there; what ends
                  // here is the TLS layer: a failed handshake, a wrong certificate.
                  if (t != null) {
                    log.info("{}: connection from {} failed: {}", name, remote,
                        UserText.oneLine(UserText.unwrap(t)));
                  }
                });
                return NotUsed.getInstance();
              });
          conn.handleWith(slot.guard(flow), system);
        }))
        .run(system)
        .thenApply(binding -> new Server(binding.localAddress(),
            () -> binding.unbind().thenApply(x -> (Void) null), connections));
  }

  /**
   * As {@link #bindEncoded(ActorSystem, String, String, int, Limits, Transport, Function,
   * Optional)} in plaintext, on Pekko's classic IO ({@link ZeroCopyServer}): the handler's
   * answers are {@link Outbound}s, whole frames ({@link Outbound.Bytes}) or file regions the
   * kernel sends with {@code sendfile}. The same limits, slots, timeouts, errors and
   * original-protocol sniffing apply. {@code blocking} runs owners' reactions to a file that
   * changed while it was being sent.
   */
  public static CompletionStage<Server> bindZeroCopy(ActorSystem<?> system, String name,
      String host, int port, Limits limits, Executor blocking,
      Function<Link, Flow<Message, Outbound, NotUsed>> handler, Optional<LegacyProtocol> legacy) {
    ConnectionSlots slots = new ConnectionSlots(name, limits.maxConnections(),
        limits.maxConnectionsPerIp(), limits.headerTimeout(), System::nanoTime);
    SharedKillSwitch connections = KillSwitches.shared(name + "-connections");
    Outbound busy = new Outbound.Bytes(refusalFrame(ErrorCode.BUSY, "too many connections, try later", limits));
    return ZeroCopyServer.bind(system.classicSystem(), name, host, port, BACKLOG,
            limits.idleTimeout(), blocking, remote -> {
              Optional<ConnectionSlots.Slot> admitted = slots.admit(remote);
              if (admitted.isEmpty()) {
                return Flow.fromSinkAndSourceCoupled(Sink.<ByteString>ignore(), Source.single(busy));
              }
              ConnectionSlots.Slot slot = admitted.get();
              Flow<ByteString, Outbound, NotUsed> ours = framed(name, Link.plaintext(remote),
                  limits, connections, handler, slot,
                  body -> new Outbound.Bytes(Codec.frame(body, limits.maxFrameBytes())))
                  .map(out -> {
                    slot.sent((int) out.size());
                    return out;
                  });
              return slot.guard(orLegacy(legacy, remote, slot, connections, ours, Outbound.Bytes::new));
            })
        .thenApply(bound -> new Server(bound.localAddress(), bound::unbind, connections));
  }

  /**
   * {@code ours}, or, when {@code legacy} is present, whichever of it and the original's protocol
   * a connection's first bytes ask for; {@code wrap} turns the original's bytes into what the
   * connection writes.
   */
  private static <O> Flow<ByteString, O, NotUsed> orLegacy(Optional<LegacyProtocol> legacy,
      InetSocketAddress remote, ConnectionSlots.Slot slot, SharedKillSwitch connections,
      Flow<ByteString, O, NotUsed> ours, Function<ByteString, O> wrap) {
    return legacy
        .map(l -> sniff(LEGACY_PREFIX, ByteString.emptyByteString(), first ->
            LegacyWire.looksLegacy(first)
                ? l.connection(remote, slot.framesSeen()).via(connections.flow()).map(wrap::apply)
                : ours))
        .orElse(ours);
  }

  /** Bytes read before a connection is known to speak the original's protocol or ours. */
  private static final int LEGACY_PREFIX = 4;

  /**
   * The flow {@code choose} makes for a connection's first {@code n} bytes (fewer if it ends
   * before, or once one of them is not zero: that is not the original's), which it is then given
   * along with the rest. TCP may deliver them a byte at a time: each round takes one more
   * element, at most {@code n} rounds. A connection that stalls before it can be told (fewer
   * than {@code n} bytes, all zero) is closed by the header timeout without an answer: there is
   * no knowing which protocol to answer in.
   */
  private static <O> Flow<ByteString, O, NotUsed> sniff(int n, ByteString seen,
      Function<ByteString, Flow<ByteString, O, NotUsed>> choose) {
    return Flow.of(ByteString.class).flatMapPrefix(1, first -> {
      ByteString got = first.isEmpty() ? seen : seen.concat(first.get(0));
      if (got.size() < n && !first.isEmpty() && allZero(got)) return sniff(n, got, choose);
      Source<ByteString, NotUsed> replay = got.isEmpty() ? Source.empty() : Source.single(got);
      return Flow.of(ByteString.class).prepend(replay).via(choose.apply(got));
    });
  }

  private static boolean allZero(ByteString bytes) {
    for (int i = 0; i < bytes.size(); i++) {
      if (bytes.apply(i) != 0) return false;
    }
    return true;
  }

  /** What a TLS server tells a plaintext client before it closes the connection. */
  static final String PLAINTEXT_REFUSED =
      "this node accepts TLS connections only: plaintext refused (p2p.tls = off on both ends for a trusted LAN)";

  /** The framed protocol on one connection's plain bytes. */
  private static Flow<ByteString, ByteString, NotUsed> framed(String name, Link link, Limits limits,
      SharedKillSwitch connections, Function<Link, Flow<Message, ByteString, NotUsed>> handler,
      ConnectionSlots.Slot slot) {
    return framed(name, link, limits, connections, handler, slot, body -> body)
        .via(Codec.enframe(limits.maxFrameBytes()))
        .via(slot.framesSent());
  }

  /**
   * The framed protocol up to the handler's answers, {@code O}: encoded bodies, or what a
   * zero-copy connection writes. Bad input or a failed handler ends in one ERROR, {@code error}
   * of its encoded body.
   */
  private static <O> Flow<ByteString, O, NotUsed> framed(String name, Link link, Limits limits,
      SharedKillSwitch connections, Function<Link, Flow<Message, O, NotUsed>> handler,
      ConnectionSlots.Slot slot, Function<ByteString, O> error) {
    InetSocketAddress remote = link.remote();
    return Flow.of(ByteString.class)
        .via(new CancelQuietly())
        .via(Codec.deframe(limits.maxFrameBytes()))
        .via(slot.framesSeen())
        .map(Codec::decode)
        .via(connections.flow())
        .via(handler.apply(link))
        .recover(new PFBuilder<Throwable, O>()
            .matchAny(failure -> {
              Throwable e = UserText.unwrap(failure);
              String why = UserText.oneLine(e);
              log.warn("{}: closing connection from {}: {}", name, remote, why);
              return error.apply(Codec.encode(Message.Error.of(e instanceof ProtocolException
                  || e instanceof Framing.FramingException
                  ? ErrorCode.BAD_REQUEST : ErrorCode.INTERNAL, why)));
            })
            .build());
  }

  private static ByteString refusalFrame(ErrorCode code, String reason, Limits limits) {
    return Codec.frame(Codec.encode(Message.Error.of(code, reason)), limits.maxFrameBytes());
  }

  /**
   * A bound server. {@link #unbind} stops accepting (open connections go on); {@link #stop} also
   * closes every connection it accepted.
   */
  public record Server(InetSocketAddress localAddress, Supplier<CompletionStage<Void>> unbinder,
      SharedKillSwitch connections) {
    public CompletionStage<Void> unbind() {
      return unbinder.get();
    }

    public CompletionStage<Void> stop() {
      return unbind().thenRun(connections::shutdown);
    }
  }

  /**
   * Passes bytes through, but when downstream cancels, even because it failed, cancels upstream
   * as a normal cancellation. Pekko's TCP stage answers a failure-cancellation of its read side
   * with Abort (a RST that discards pending writes), which would lose the final ERROR that
   * {@code recover} sends after bad input; a normal cancellation lets it write that ERROR and
   * close cleanly once the reply side completes.
   */
  private static final class CancelQuietly extends GraphStage<FlowShape<ByteString, ByteString>> {
    private final Inlet<ByteString> in = Inlet.create("CancelQuietly.in");
    private final Outlet<ByteString> out = Outlet.create("CancelQuietly.out");
    private final FlowShape<ByteString, ByteString> shape = FlowShape.of(in, out);

    @Override
    public FlowShape<ByteString, ByteString> shape() {
      return shape;
    }

    @Override
    public GraphStageLogic createLogic(Attributes attributes) {
      return new GraphStageLogic(shape) {
        {
          setHandler(in, new AbstractInHandler() {
            @Override
            public void onPush() {
              push(out, grab(in));
            }
          });
          setHandler(out, new AbstractOutHandler() {
            @Override
            public void onPull() {
              pull(in);
            }

            @Override
            public void onDownstreamFinish(Throwable cause) {
              completeStage();
            }
          });
        }
      };
    }
  }
}
