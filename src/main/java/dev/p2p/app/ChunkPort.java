package dev.p2p.app;

import dev.p2p.text.BindFailure;
import dev.p2p.net.FramedServer;
import dev.p2p.text.P2pException;
import dev.p2p.text.UserText;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * The chunk server's port, which the window may move while the node runs ({@link
 * NodeFacade#movePort}). The new port is bound first, so that a busy one fails with the node
 * unchanged; then the node registers what it serves at the new port and withdraws it from the old
 * one; then the old server takes no new connections, while those already open (an upload in
 * flight) may finish within {@link #OLD_PORT_GRACE}. Downloaders cut off after that ask the
 * tracker again and find the new port. Downloads of this node are not affected: their
 * connections are outgoing.
 */
final class ChunkPort {
  /** How long connections to the old port may go on after a move: long enough for a chunk or two. */
  static final Duration OLD_PORT_GRACE = Duration.ofSeconds(30);

  private final AtomicReference<FramedServer.Server> current;
  private final IntFunction<CompletionStage<FramedServer.Server>> bind;
  private final IntFunction<CompletionStage<?>> announce;
  private final String host;
  private final AtomicBoolean moving = new AtomicBoolean();

  /**
   * @param bind binds a chunk server of this node on a port (0: any free one)
   * @param node told the new port ({@link PeerGuardian.MovePort}), unless p2p.peer.announce-port
   *     fixes the port announced (a forwarded port in front of this one): then only the server moves
   */
  ChunkPort(FramedServer.Server started, AppSettings s, IntFunction<CompletionStage<FramedServer.Server>> bind,
      ActorRef<PeerGuardian.Command> node, ActorSystem<?> system) {
    this.current = new AtomicReference<>(started);
    this.host = s.peerHost();
    this.bind = bind;
    this.announce = s.announcePort() > 0 ? p -> CompletableFuture.completedStage(null)
        : p -> AskPattern.<PeerGuardian.Command, Done>ask(node, r -> new PeerGuardian.MovePort(p, r),
            s.requestTimeout().multipliedBy(2), system.scheduler());
  }

  InetSocketAddress address() {
    return current.get().localAddress();
  }

  /** Stops the server in use (a retired one ends by its grace). */
  CompletionStage<Void> stop() {
    return current.get().stop();
  }

  CompletionStage<InetSocketAddress> move(int port) {
    FramedServer.Server old = current.get();
    int was = old.localAddress().getPort();
    if (port < 0 || port > 65535) return fail("a port is a number from 0 to 65535, not " + port);
    if (port == was) return CompletableFuture.completedStage(old.localAddress());
    if (!moving.compareAndSet(false, true)) return fail("the peer port is being moved already");
    return bind.apply(port)
        .exceptionally(t -> {
          throw new P2pException("cannot listen on " + host + ":" + port + " (" + why(t)
              + "); still listening on port " + was, t);
        })
        .thenCompose(next -> announce.apply(next.localAddress().getPort()).handle((d, t) -> {
          if (t != null) {
            next.stop(); // the node did not take it: it stays on the old port, which still serves
            throw new P2pException("the node did not take port " + port + " (" + UserText.oneLine(t)
                + "); still listening on port " + was, t);
          }
          current.set(next);
          retire(old);
          return next.localAddress();
        }))
        .whenComplete((a, t) -> moving.set(false));
  }

  private void retire(FramedServer.Server old) {
    old.unbind();
    CompletableFuture.delayedExecutor(OLD_PORT_GRACE.toMillis(), TimeUnit.MILLISECONDS)
        .execute(old.connections()::shutdown);
  }

  /** The JDK's words for a bind failure, without the class names around them. */
  private static String why(Throwable t) {
    return BindFailure.in(t).filter(b -> b.getMessage() != null)
        .map(b -> BindFailure.inUse(b) ? "the port is in use by another program" : BindFailure.reason(b))
        .orElseGet(() -> UserText.oneLine(t));
  }

  private static <T> CompletionStage<T> fail(String why) {
    return CompletableFuture.failedStage(new P2pException(why));
  }
}
