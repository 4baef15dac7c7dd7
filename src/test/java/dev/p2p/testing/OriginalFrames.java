package dev.p2p.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The original program's framing for the test fakes, written apart from the product's
 * LegacyWire so that a mistake there is not mirrored here: an 8-byte big-endian length, then JSON
 * as Python's json.dumps writes it (", " and ": ", non-ASCII as \\uXXXX, keys in insertion order).
 */
public final class OriginalFrames {
  private static final ObjectMapper JSON = new ObjectMapper();

  private OriginalFrames() {}

  /** One frame's JSON, or null when the stream ends first (as the original's receive_message). */
  /**
   * Accepts connections on {@code server} until it is closed, each handled on a thread of its
   * own, as the original's servers do (a thread per connection).
   */
  public static void acceptEach(ServerSocket server, String name, Consumer<Socket> handle) {
    Thread accepting = new Thread(() -> {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          Thread t = new Thread(() -> handle.accept(s), name + "-conn");
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    }, name);
    accepting.setDaemon(true);
    accepting.start();
  }

  public static JsonNode read(InputStream in, int max) throws IOException {
    DataInputStream d = new DataInputStream(in);
    byte[] header = new byte[8];
    int got = d.readNBytes(header, 0, 8);
    if (got < 8) return null;
    long length = ByteBuffer.wrap(header).getLong();
    if (length < 0 || length > max) throw new IOException("frame of " + length + " bytes");
    byte[] body = d.readNBytes((int) length);
    if (body.length < length) return null;
    return JSON.readTree(body);
  }

  /** A chunk server's answer: its header, and the bytes that came after it until the close. */
  public record ChunkAnswer(JsonNode header, byte[] data) {}

  /**
   * Chunk {@code index} of {@code shortId} asked of {@code at} as the original's downloader asks:
   * a connection of its own, one CHUNK_REQUEST, read until the server closes.
   */
  public static ChunkAnswer askChunk(InetSocketAddress at, String shortId, int index) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(at, 10_000);
      s.setSoTimeout(10_000);
      Map<String, Object> req = new LinkedHashMap<>();
      req.put("type", "CHUNK_REQUEST");
      req.put("file_id", shortId);
      req.put("chunk_index", index);
      write(s.getOutputStream(), req);
      JsonNode header = read(s.getInputStream(), 4096);
      return new ChunkAnswer(header, s.getInputStream().readAllBytes());
    }
  }

  public static void write(OutputStream out, Map<String, ?> message) throws IOException {
    out.write(frame(message));
    out.flush();
  }

  public static byte[] frame(Map<String, ?> message) {
    byte[] body = dumps(message).getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(8 + body.length).putLong(body.length).put(body).array();
  }

  /** What Python's json.dumps(value) prints for maps, lists, strings, numbers and booleans. */
  public static String dumps(Object value) {
    StringBuilder b = new StringBuilder();
    write(b, value);
    return b.toString();
  }

  private static void write(StringBuilder b, Object v) {
    if (v instanceof Map<?, ?> m) {
      b.append('{');
      String sep = "";
      for (Map.Entry<?, ?> e : m.entrySet()) {
        b.append(sep);
        write(b, e.getKey().toString());
        b.append(": ");
        write(b, e.getValue());
        sep = ", ";
      }
      b.append('}');
    } else if (v instanceof List<?> l) {
      b.append('[');
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) b.append(", ");
        write(b, l.get(i));
      }
      b.append(']');
    } else if (v instanceof String s) {
      b.append('"');
      for (char c : s.toCharArray()) {
        switch (c) {
          case '"' -> b.append("\\\"");
          case '\\' -> b.append("\\\\");
          case '\n' -> b.append("\\n");
          case '\r' -> b.append("\\r");
          case '\t' -> b.append("\\t");
          default -> b.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
      }
      b.append('"');
    } else if (v instanceof Boolean t) {
      b.append(t ? "true" : "false");
    } else {
      b.append(v);
    }
  }
}
