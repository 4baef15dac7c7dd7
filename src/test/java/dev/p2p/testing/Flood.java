package dev.p2p.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * An attacker that opens idle TCP connections to one server and never sends a byte, from several
 * loopback source addresses (127.0.0.2, 127.0.0.3, ...: Linux routes all of 127/8 to lo), so that
 * a per-address cap does not stop it. It remembers the order it opened them in and tells which
 * ones the server has closed (read without blocking: end of stream or a reset).
 */
public final class Flood implements AutoCloseable {
  /** Connect timeout of one socket: a test never hangs on a server that stopped accepting. */
  private static final int CONNECT_TIMEOUT_MS = 5000;

  private final InetSocketAddress target;
  private final int addresses;
  private final List<SocketChannel> sockets = new ArrayList<>();
  private final List<Boolean> closed = new ArrayList<>();
  private final ByteBuffer scratch = ByteBuffer.allocate(1024);

  private Flood(InetSocketAddress target, int addresses) {
    this.target = target;
    this.addresses = addresses;
  }

  /** {@code n} connections to {@code target}, round robin from 127.0.0.2 .. 127.0.0.(addresses+1). */
  public static Flood open(InetSocketAddress target, int n, int addresses) throws IOException {
    Flood f = new Flood(target, addresses);
    try {
      f.add(n);
    } catch (IOException e) {
      f.close();
      throw e;
    }
    return f;
  }

  /** Opens {@code n} more connections. */
  public void add(int n) throws IOException {
    for (int i = 0; i < n; i++) {
      String source = "127.0.0." + (2 + sockets.size() % addresses);
      SocketChannel ch = SocketChannel.open();
      sockets.add(ch);
      closed.add(false);
      ch.bind(new InetSocketAddress(source, 0));
      ch.socket().connect(target, CONNECT_TIMEOUT_MS);
      ch.configureBlocking(false);
    }
  }

  /** Connections opened so far. */
  public int opened() {
    return sockets.size();
  }

  /**
   * The indexes (in opening order) of the connections the server has closed so far; their
   * sockets are closed here too, so that a long flood does not run out of file descriptors.
   */
  public List<Integer> closedByServer() {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < sockets.size(); i++) {
      if (!closed.get(i) && serverClosed(sockets.get(i))) {
        closed.set(i, true);
        closeQuietly(sockets.get(i));
      }
      if (closed.get(i)) out.add(i);
    }
    return out;
  }

  private boolean serverClosed(SocketChannel ch) {
    try {
      int n;
      do {
        scratch.clear();
        n = ch.read(scratch); // an ERROR frame before the close is read past
      } while (n > 0);
      return n < 0;
    } catch (IOException reset) {
      return true;
    }
  }

  private static void closeQuietly(SocketChannel ch) {
    try {
      ch.close();
    } catch (IOException ignored) {
      // closing a socket the server already closed
    }
  }

  @Override
  public void close() {
    sockets.forEach(Flood::closeQuietly);
  }
}
