package dev.p2p.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.p2p.protocol.legacy.LegacyWire;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.util.ByteString;

/**
 * A tracker client as the original Python program's peers are one, written from its protocol
 * (docs/protocol.md, "The original's protocol"), over raw sockets: its messages in the shapes its
 * {@code MessageBuilder} makes, in its framing (8-byte big-endian length, JSON as Python's {@code
 * json.dumps} writes it), one connection per request (connect timeout 5 s), the reply's body
 * returned as text so that a test can compare it byte for byte. {@link #open} keeps one
 * connection for several requests, which the original's tracker also answers.
 */
public final class OriginalClient {
  /** The original's connect timeout to its tracker; also the bound on every read here. */
  public static final int TIMEOUT_MS = 5000;

  /** Largest reply read: a search of 100 files with 50 peers each is well under it. */
  private static final int MAX_REPLY = 4 * 1024 * 1024;

  private final InetSocketAddress tracker;

  public OriginalClient(InetSocketAddress tracker) {
    this.tracker = tracker;
  }

  public static ObjectNode register(String fileId, String filename, int numChunks, String peerId,
      String host, int port) {
    return LegacyWire.object().put("type", "REGISTER").put("file_id", fileId).put("filename", filename)
        .put("num_chunks", numChunks).put("peer_id", peerId).put("host", host).put("port", port);
  }

  public static ObjectNode query(String fileId) {
    return LegacyWire.object().put("type", "QUERY").put("file_id", fileId);
  }

  public static ObjectNode searchByName(String filename) {
    return LegacyWire.object().put("type", "SEARCH_BY_NAME").put("filename", filename);
  }

  public static ObjectNode unregister(String fileId, String peerId) {
    return LegacyWire.object().put("type", "UNREGISTER").put("file_id", fileId).put("peer_id", peerId);
  }

  /** ANNOUNCE as the original builds it: host, port and filename left out when "falsy". */
  public static ObjectNode announce(String event, String infoHash, String peerId, String host,
      int port, String filename, Integer numChunks) {
    ObjectNode m = LegacyWire.object().put("type", "ANNOUNCE").put("event", event)
        .put("info_hash", infoHash).put("peer_id", peerId);
    if (host != null && !host.isEmpty()) m.put("host", host);
    if (port != 0) m.put("port", port);
    if (filename != null && !filename.isEmpty()) m.put("filename", filename);
    if (numChunks != null) m.put("num_chunks", numChunks);
    return m;
  }

  /** ANNOUNCE stopped or completed: only the event, the file and the peer. */
  public static ObjectNode announce(String event, String infoHash, String peerId) {
    return announce(event, infoHash, peerId, null, 0, null, null);
  }

  /** One request on a connection of its own, as the original's client does: the reply's JSON text. */
  public String ask(ObjectNode request) throws IOException {
    try (Conversation c = open()) {
      return c.ask(request);
    }
  }

  /** The reply's JSON text, parsed. */
  public static JsonNode json(String reply) {
    return LegacyWire.parse(ByteString.fromString(reply));
  }

  public Conversation open() throws IOException {
    Socket s = new Socket();
    s.connect(tracker, TIMEOUT_MS);
    s.setSoTimeout(TIMEOUT_MS);
    return new Conversation(s);
  }

  /** One connection to the tracker, for several requests or for raw bytes. */
  public static final class Conversation implements AutoCloseable {
    private final Socket socket;

    Conversation(Socket socket) {
      this.socket = socket;
    }

    public String ask(ObjectNode request) throws IOException {
      send(LegacyWire.frame(request).toArray());
      return reply();
    }

    public void send(byte[] bytes) throws IOException {
      socket.getOutputStream().write(bytes);
      socket.getOutputStream().flush();
    }

    /** The next framed reply's JSON text; fails if the tracker closes the connection first. */
    public String reply() throws IOException {
      DataInputStream in = new DataInputStream(socket.getInputStream());
      long length = in.readLong();
      if (length < 0 || length > MAX_REPLY) throw new IOException("reply length " + length);
      byte[] body = new byte[(int) length];
      in.readFully(body);
      return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * True once the tracker has closed the connection without sending anything more (end of
     * stream or a reset), within {@link #TIMEOUT_MS}; false if it sent a byte.
     */
    public boolean closedByTracker() throws IOException {
      InputStream in = socket.getInputStream();
      try {
        return in.read() < 0;
      } catch (EOFException | SocketException e) {
        return true;
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
