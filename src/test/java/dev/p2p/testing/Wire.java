package dev.p2p.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.p2p.protocol.Codec;
import dev.p2p.protocol.ErrorCode;
import dev.p2p.protocol.Message;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import javax.net.ssl.SSLSocket;
import dev.p2p.net.NodeIdentity;
import dev.p2p.net.Transport;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.util.ByteString;

/**
 * The wire format by hand, for tests that play a client or a server on raw sockets or feed bytes
 * to the codec: a frame is a 4-byte big-endian length, then the body; a JSON body is the kind
 * byte {@link Codec#KIND_JSON}, then UTF-8 JSON. Nothing here checks what it is given, so a test
 * can build broken frames on purpose.
 */
public final class Wire {
  /** Connect and read timeout of {@link #connect}: a test never hangs on a silent server. */
  public static final int SOCKET_TIMEOUT_MS = 5000;

  private Wire() {}

  /** {@code body} with its length in front. */
  public static byte[] frame(byte[] body) {
    return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
  }

  public static byte[] frame(ByteString body) {
    return frame(body.toArray());
  }

  /** A frame whose body is {@code bodyBytes}, each cast to a byte (so {@code 'x'} and 0xff read well). */
  public static byte[] frameOf(int... bodyBytes) {
    byte[] body = new byte[bodyBytes.length];
    for (int i = 0; i < body.length; i++) body[i] = (byte) bodyBytes[i];
    return frame(body);
  }

  /** Just a frame header announcing {@code length} bytes. */
  public static byte[] header(int length) {
    return ByteBuffer.allocate(4).putInt(length).array();
  }

  /** A JSON body holding exactly {@code json} (possibly invalid on purpose). */
  public static ByteString jsonBody(String json) {
    return ByteString.fromArray(new byte[] {Codec.KIND_JSON})
        .concat(ByteString.fromArray(json.getBytes(StandardCharsets.UTF_8)));
  }

  /** A whole frame with a JSON body holding exactly {@code json}. */
  public static byte[] jsonFrame(String json) {
    return frame(jsonBody(json));
  }

  /** The frame of {@code m} as the codec encodes it. */
  public static byte[] frame(Message m) {
    return frame(Codec.encode(m));
  }

  /** The identity of the raw-socket client of {@link #connect}: a node nobody knows. */
  public static final Transport CLIENT = Transport.tls(NodeIdentity.ephemeral());

  /**
   * A TLS socket to {@code address} (handshake done, as {@link #CLIENT}), with {@link
   * #SOCKET_TIMEOUT_MS} for connecting and reading: servers speak TLS by default.
   */
  public static Socket connect(InetSocketAddress address) throws IOException {
    return tls(connectPlain(address), CLIENT);
  }

  /** {@code plain}, wrapped in TLS as {@code as} after its handshake. */
  public static SSLSocket tls(Socket plain, Transport as) throws IOException {
    SSLSocket s = (SSLSocket) as.sslContext().getSocketFactory().createSocket(plain,
        plain.getInetAddress().getHostAddress(), plain.getPort(), true);
    s.setUseClientMode(true);
    s.setEnabledProtocols(new String[] {"TLSv1.3"});
    s.startHandshake();
    return s;
  }

  /** A plaintext socket to {@code address}, with {@link #SOCKET_TIMEOUT_MS} for connecting and reading. */
  public static Socket connectPlain(InetSocketAddress address) throws IOException {
    Socket s = new Socket();
    s.connect(address, SOCKET_TIMEOUT_MS);
    s.setSoTimeout(SOCKET_TIMEOUT_MS);
    return s;
  }

  /**
   * A TLS socket to {@code address} as the node {@code as} proves to be (its own ephemeral
   * identity), so that one test can play several nodes: the owner, a downloader, an attacker.
   */
  public static Socket connectAs(Transport as, InetSocketAddress address) throws IOException {
    return tls(connectPlain(address), as);
  }

  /** One frame's body, undecoded: for comparing replies byte for byte. */
  public static byte[] readBody(Socket s) throws IOException {
    DataInputStream d = new DataInputStream(s.getInputStream());
    int len = d.readInt();
    if (len <= 0 || len > 1_000_000) throw new IOException("bad frame length " + len);
    byte[] body = new byte[len];
    d.readFully(body);
    return body;
  }

  /** A socket to 127.0.0.1:{@code port}, as {@link #connect(InetSocketAddress)}. */
  public static Socket connect(int port) throws IOException {
    return connect(new InetSocketAddress("127.0.0.1", port));
  }

  /** Writes {@code bytes} (whole frames, or anything else) and flushes. */
  public static void send(Socket s, byte[]... bytes) throws IOException {
    OutputStream out = s.getOutputStream();
    for (byte[] b : bytes) out.write(b);
    out.flush();
  }

  /** Sends one message in its frame. */
  public static void send(Socket s, Message m) throws IOException {
    send(s, frame(m));
  }

  /** Writes one frame holding {@code body} and flushes. */
  public static void writeFrame(OutputStream out, ByteString body) throws IOException {
    out.write(frame(body));
    out.flush();
  }

  /** Reads one frame and decodes it; null at a clean end of stream before a frame. */
  public static Message readFrame(InputStream in) throws IOException {
    return readFrame(in, Codec.DEFAULT_MAX_FRAME);
  }

  /**
   * Reads one frame of at most {@code maxBody} bytes and decodes it; null at a clean end of stream
   * before a frame, an {@link IOException} on a length out of range.
   */
  public static Message readFrame(InputStream in, int maxBody) throws IOException {
    DataInputStream d = new DataInputStream(in);
    int len;
    try {
      len = d.readInt();
    } catch (EOFException e) {
      return null;
    }
    if (len <= 0 || len > maxBody) throw new IOException("bad frame length " + len);
    byte[] body = new byte[len];
    d.readFully(body);
    return Codec.decode(ByteString.fromArrayUnsafe(body));
  }

  public static Message readFrame(Socket s) throws IOException {
    return readFrame(s.getInputStream());
  }

  /** The server sends one ERROR with {@code code} and then closes the connection. */
  public static Message.Error expectErrorThenClose(Socket s, ErrorCode code) throws IOException {
    Message.Error e = assertInstanceOf(Message.Error.class, readFrame(s), "an ERROR reply");
    assertEquals(code, e.code(), e.reason());
    assertEquals(-1, s.getInputStream().read(), "the connection is closed after the ERROR");
    return e;
  }

  /** The server has closed {@code s}, or reset it (as an eviction or a header timeout does). */
  public static void expectClosed(Socket s) throws IOException {
    try {
      assertEquals(-1, s.getInputStream().read(), "closed, not answered");
    } catch (SocketException reset) {
      // a reset is a close too
    }
  }
}
