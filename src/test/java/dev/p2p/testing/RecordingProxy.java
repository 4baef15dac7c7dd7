package dev.p2p.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on a free loopback port that forwards every connection to a target and records
 * every byte in both directions: what a capture on the wire would show. One thread per
 * direction of each connection (test code; the product has no socket loops of its own).
 */
public final class RecordingProxy implements AutoCloseable {
  private final ServerSocket server;
  private volatile InetSocketAddress target;
  private final ByteArrayOutputStream seen = new ByteArrayOutputStream();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  private RecordingProxy() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::accept, "recording-proxy");
    t.setDaemon(true);
    t.start();
  }

  /** A proxy whose target is set later ({@link #forwardTo}): connections wait for it. */
  public static RecordingProxy start() throws IOException {
    return new RecordingProxy();
  }

  public RecordingProxy forwardTo(InetSocketAddress to) {
    target = to;
    return this;
  }

  public int port() {
    return server.getLocalPort();
  }

  public InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", port());
  }

  /** Every byte that passed so far, both directions interleaved by chunk. */
  public byte[] seen() {
    synchronized (seen) {
      return seen.toByteArray();
    }
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket in = server.accept();
        Socket out = new Socket();
        out.connect(target, Wire.SOCKET_TIMEOUT_MS);
        sockets.add(in);
        sockets.add(out);
        pipe(in, out);
        pipe(out, in);
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void pipe(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[64 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int n; (n = in.read(buf)) > 0; ) {
          synchronized (seen) {
            seen.write(buf, 0, n);
          }
          out.write(buf, 0, n);
        }
      } catch (IOException e) {
        // one side closed: close the other below
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "recording-proxy-pipe");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : sockets) closeQuietly(s);
  }
}
