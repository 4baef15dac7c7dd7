package dev.p2p.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.p2p.protocol.Codec;
import dev.p2p.protocol.Message;
import dev.p2p.protocol.legacy.LegacyWire;
import dev.p2p.storage.FileId;
import dev.p2p.testing.Wire;
import java.io.DataInputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One port, two protocols: a server with a legacy handler still speaks ours, over TLS or not. */
class LegacySniffTest {
  private static final ActorTestKit kit = ActorTestKit.create();
  private static FramedServer.Server tls;
  private static FramedServer.Server plain;

  @BeforeAll
  static void bind() throws Exception {
    tls = bind(Transport.tls(NodeIdentity.ephemeral()));
    plain = bind(Transport.plaintext());
  }

  private static FramedServer.Server bind(Transport transport) throws Exception {
    return bind(transport, FramedServer.DEFAULT_HEADER_TIMEOUT);
  }

  private static FramedServer.Server bind(Transport transport, Duration headerTimeout) throws Exception {
    FramedServer.LegacyProtocol echoType = (remote, framesSeen) -> Flow.of(ByteString.class)
        .via(LegacyWire.deframer(LegacyWire.DEFAULT_MAX_BODY))
        .via(framesSeen)
        .map(body -> LegacyWire.frame(LegacyWire.object()
            .put("status", "success").put("echo", LegacyWire.parse(body).get("type").asText())))
        .take(1);
    return FramedServer.bindEncoded(kit.system(), "sniff", "127.0.0.1", 0,
            new FramedServer.Limits(16, 16, Codec.DEFAULT_MAX_FRAME, Duration.ofSeconds(10), headerTimeout),
            transport, link -> Flow.<Message>create().map(m -> Codec.encode(new Message.Registered(
                ((Message.Query) m).fileId(), 7))), Optional.of(echoType))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void anOriginalFrameIsAnsweredInTheOriginalsProtocolEvenWhenItComesAByteAtATime(boolean overTls)
      throws Exception {
    InetSocketAddress at = (overTls ? tls : plain).localAddress();
    ObjectNode query = LegacyWire.object().put("type", "QUERY").put("file_id", "0123456789abcdef");
    try (Socket s = Wire.connectPlain(at)) {
      s.setTcpNoDelay(true);
      for (byte b : LegacyWire.frame(query).toArray()) {
        s.getOutputStream().write(b);
        s.getOutputStream().flush();
      }
      DataInputStream in = new DataInputStream(s.getInputStream());
      long len = in.readLong();
      byte[] body = new byte[(int) len];
      in.readFully(body);
      assertEquals("{\"status\": \"success\", \"echo\": \"QUERY\"}", new String(body, "US-ASCII"));
    }
  }

  @Test
  void aConnectionThatStallsBeforeItCanBeToldIsClosedByTheHeaderTimeoutAndTheServerServesOn()
      throws Exception {
    FramedServer.Server quick = bind(Transport.plaintext(), Duration.ofMillis(500));
    try {
      try (Socket s = Wire.connectPlain(quick.localAddress())) {
        s.getOutputStream().write(new byte[] {0, 0});
        s.getOutputStream().flush();
        int got;
        try {
          got = s.getInputStream().read();
        } catch (SocketException reset) {
          got = -1;
        }
        assertEquals(-1, got, "closed without an answer (socket read timeout: " + Wire.SOCKET_TIMEOUT_MS + " ms)");
      }
      try (Socket s = Wire.connectPlain(quick.localAddress())) {
        Wire.send(s, new Message.Query(new FileId("b".repeat(64)), List.of(), null));
        assertInstanceOf(Message.Registered.class, Codec.decode(ByteString.fromArray(Wire.readBody(s))));
      }
    } finally {
      quick.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void ourOwnProtocolIsUnchangedBesideIt(boolean overTls) throws Exception {
    InetSocketAddress at = (overTls ? tls : plain).localAddress();
    Message.Query q = new Message.Query(new FileId("a".repeat(64)), List.of(), null);
    try (Socket s = overTls ? Wire.connect(at) : Wire.connectPlain(at)) {
      Wire.send(s, q);
      Message reply = Codec.decode(ByteString.fromArray(Wire.readBody(s)));
      assertInstanceOf(Message.Registered.class, reply);
      assertEquals(7, ((Message.Registered) reply).peers());
    }
  }
}
