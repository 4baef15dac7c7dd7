package dev.p2p.bench;

import dev.p2p.net.NodeIdentity;
import dev.p2p.net.Transport;
import java.nio.ByteBuffer;
import java.util.Random;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * The floor of TLS on this machine: a client and a server SSLEngine with two node identities,
 * handshaken in memory, then {@code --mib} MiB of 16 KiB records wrapped by one and unwrapped by
 * the other, {@code --rounds} times; prints the time of each round. No sockets, no streams: what
 * the cipher and the JDK's record layer cost, against which bench/RESULTS.md §9 weighs the pair.
 * Run by bench/tls-engine.sh with the CLI's JVM options.
 */
public final class TlsEngineBench {
  private TlsEngineBench() {}

  public static void main(String[] args) throws Exception {
    int mib = 256;
    int rounds = 3;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--mib" -> mib = Integer.parseInt(args[i + 1]);
        case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    SSLEngine client = engine(true);
    SSLEngine server = engine(false);
    handshake(client, server);
    System.out.println("suite " + client.getSession().getCipherSuite());
    byte[] data = new byte[16 * 1024];
    new Random(1).nextBytes(data);
    ByteBuffer net = ByteBuffer.allocate(client.getSession().getPacketBufferSize());
    ByteBuffer out = ByteBuffer.allocate(server.getSession().getApplicationBufferSize());
    for (int r = 0; r < rounds; r++) {
      long start = System.nanoTime();
      for (long bytes = 0; bytes < (long) mib << 20; bytes += data.length) {
        net.clear();
        client.wrap(ByteBuffer.wrap(data), net);
        net.flip();
        out.clear();
        server.unwrap(net, out);
      }
      double s = (System.nanoTime() - start) / 1e9;
      System.out.printf("round %d: %d MiB wrapped and unwrapped in %.2f s (%.0f MB/s)%n", r + 1, mib, s,
          (mib << 20) / s / 1e6);
    }
  }

  static SSLEngine engine(boolean client) {
    SSLEngine e = Transport.tls(NodeIdentity.ephemeral()).sslContext().createSSLEngine();
    e.setUseClientMode(client);
    e.setNeedClientAuth(!client);
    e.setEnabledProtocols(new String[] {"TLSv1.3"});
    return e;
  }

  static void handshake(SSLEngine c, SSLEngine s) throws SSLException {
    ByteBuffer c2s = ByteBuffer.allocate(1 << 16);
    ByteBuffer s2c = ByteBuffer.allocate(1 << 16);
    ByteBuffer sink = ByteBuffer.allocate(1 << 16);
    c.beginHandshake();
    s.beginHandshake();
    for (int i = 0; i < 100 && !(idle(c) && idle(s)); i++) {
      step(c, c2s, s2c, sink);
      step(s, s2c, c2s, sink);
    }
    if (!(idle(c) && idle(s))) throw new SSLException("the in-memory handshake did not finish");
  }

  private static boolean idle(SSLEngine e) {
    return e.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING;
  }

  /** Moves {@code e}'s handshake on: wraps into {@code out}, unwraps from {@code in}. */
  private static void step(SSLEngine e, ByteBuffer out, ByteBuffer in, ByteBuffer sink) throws SSLException {
    for (int k = 0; k < 10; k++) {
      switch (e.getHandshakeStatus()) {
        case NEED_WRAP -> e.wrap(ByteBuffer.allocate(0), out);
        case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
          in.flip();
          int consumed = e.unwrap(in, sink).bytesConsumed();
          in.compact();
          if (consumed == 0) return;
        }
        case NEED_TASK -> {
          for (Runnable t; (t = e.getDelegatedTask()) != null; ) t.run();
        }
        default -> {
          return;
        }
      }
    }
  }
}
