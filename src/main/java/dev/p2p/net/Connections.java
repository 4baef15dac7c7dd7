package dev.p2p.net;

import dev.p2p.protocol.Codec;
import dev.p2p.protocol.Message;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.io.Inet;
import org.apache.pekko.io.TcpSO;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Tcp;

/** Outgoing connections speaking the framed protocol, and the socket options of every connection. */
public final class Connections {
  /**
   * Socket options of every connection: no Nagle delay. Requests are small frames written one
   * after another; with Nagle each would wait for the peer's delayed ACK (up to 40 ms here).
   */
  public static final List<Inet.SocketOption> SOCKET_OPTIONS = List.of(TcpSO.tcpNoDelay(true));

  private Connections() {}

  /**
   * A connection to {@code remote} as a flow of messages: the codec and framing ({@link
   * Codec#stack}) over {@code transport} (TLS, refusing a server whose node ID {@code pin}
   * refuses) over Pekko TCP, bounded by a connect timeout and an idle timeout.
   */
  public static Flow<Message, Message, NotUsed> outgoing(
      ActorSystem<?> system, InetSocketAddress remote, Optional<InetSocketAddress> localAddress,
      Duration connectTimeout, Duration idleTimeout, int maxFrameBytes, Transport transport,
      Pin pin) {
    return Codec.stack(maxFrameBytes).atop(transport.client(remote, pin))
        .join(Tcp.get(system).outgoingConnection(remote, localAddress, SOCKET_OPTIONS, true,
            Optional.of(connectTimeout), Optional.of(idleTimeout)));
  }
}
