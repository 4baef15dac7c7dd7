package dev.p2p.transfer.legacy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.p2p.net.Connections;
import dev.p2p.protocol.legacy.LegacyPeerReplyReader;
import dev.p2p.protocol.legacy.LegacyWire;
import dev.p2p.text.P2pException;
import dev.p2p.text.UserText;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.Tcp;

/**
 * One request to an original node, as its clients make them: a new plaintext TCP connection, one
 * framed request, one answer read by a {@link LegacyPeerReplyReader}, then the connection is
 * closed. Every wait is bounded: the connect, each silence ({@code idle}) and the whole exchange.
 */
public final class LegacyExchange {
  /** The bounds of one exchange. */
  public record Timeouts(Duration connect, Duration idle, Duration whole) {}

  private LegacyExchange() {}

  /**
   * Sends {@code request} to {@code remote} and completes with the answer {@code reader} read;
   * fails with one line (refused, timed out, closed early, bad answer) that the caller prefixes
   * with who {@code remote} is.
   */
  public static CompletionStage<LegacyPeerReplyReader.Reply> run(ActorSystem<?> system,
      InetSocketAddress remote, ObjectNode request, LegacyPeerReplyReader reader, Timeouts t) {
    // The request is written and our side half-closed: the original's servers read exactly one
    // message and answer, so the FIN never cuts an answer short.
    return Source.single(LegacyWire.frame(request))
        .via(Tcp.get(system).outgoingConnection(remote, Optional.empty(), Connections.SOCKET_OPTIONS,
            true, Optional.of(t.connect()), Optional.of(t.idle())))
        .map(reader::feed)
        .filter(Optional::isPresent)
        .map(Optional::get)
        .completionTimeout(t.whole())
        .runWith(Sink.headOption(), system)
        .handle((answer, failure) -> {
          if (failure != null) throw new P2pException(UserText.rootReason(UserText.unwrap(failure)), failure);
          return answer.orElseThrow(() -> new P2pException(reader.incomplete()));
        });
  }
}
