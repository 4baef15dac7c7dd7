package dev.p2p.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the original program's chunk server, on a raw ServerSocket at 127.0.0.1 (port
 * 0), written from its documented behaviour: one framed CHUNK_REQUEST per connection (5 s to
 * send it), answered with a framed CHUNK_RESPONSE and, if found, the 256 KiB chunk's raw bytes,
 * then closed; a request of another type is closed without a word. Its file ID is the first 16
 * hex characters of the SHA-256 of the data. {@link Mode} makes it misbehave.
 */
public final class OriginalPeer implements AutoCloseable {
  public static final int CHUNK = 256 * 1024;

  /** How it answers. */
  public enum Mode {
    HONEST,
    /** Flips a byte in every chunk it sends: nothing the downloader can see before the end. */
    LYING,
    /** Announces a chunk_size of 1 GiB and streams zeros until the other end closes. */
    HUGE_CHUNK_SIZE,
    /** Answers with a frame length of 2 GiB (then 64 KiB of zeros). */
    HUGE_FRAME
  }

  private final byte[] data;
  private final String fileId;
  private final Mode mode;
  private final ServerSocket server;
  private final AtomicInteger served = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();
  private volatile int dieAfter = Integer.MAX_VALUE;

  private OriginalPeer(byte[] data, Mode mode) throws IOException {
    this.data = data;
    this.mode = mode;
    this.fileId = shortId(data);
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    OriginalFrames.acceptEach(server, "original-peer-" + server.getLocalPort(), this::handle);
  }

  public static OriginalPeer serve(byte[] data, Mode mode) throws IOException {
    return new OriginalPeer(data, mode);
  }

  /** The original's ID of {@code data}: the first 16 hex characters of its SHA-256. */
  public static String shortId(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)).substring(0, 16);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public String fileId() {
    return fileId;
  }

  public int port() {
    return server.getLocalPort();
  }

  public InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", port());
  }

  /** Chunks sent in full so far. */
  public int served() {
    return served.get();
  }

  /** CHUNK_REQUESTs received so far. */
  public int requests() {
    return requests.get();
  }

  /** After {@code n} chunks it closes its listening socket: the peer died mid-download. */
  public void dieAfter(int n) {
    dieAfter = n;
  }

  private void handle(Socket s) {
    try (s) {
      s.setSoTimeout(5000);
      JsonNode m = OriginalFrames.read(s.getInputStream(), 1 << 20);
      if (m == null || !"CHUNK_REQUEST".equals(m.path("type").asText())) return;
      requests.incrementAndGet();
      String id = m.path("file_id").asText();
      int index = m.path("chunk_index").asInt(-1);
      int chunks = (data.length + CHUNK - 1) / CHUNK;
      OutputStream out = s.getOutputStream();
      if (!id.equals(fileId) || index < 0 || index >= chunks) {
        OriginalFrames.write(out, response(id, index, 0, "not_found"));
        return;
      }
      byte[] chunk = Arrays.copyOfRange(data, index * CHUNK, Math.min(data.length, (index + 1) * CHUNK));
      switch (mode) {
        case HONEST, LYING -> {
          // A dead peer answers nothing, even on connections it had accepted.
          int n = served.incrementAndGet();
          if (n > dieAfter) {
            served.decrementAndGet();
            return;
          }
          if (mode == Mode.LYING) chunk[0] ^= 1;
          OriginalFrames.write(out, response(id, index, chunk.length, "success"));
          out.write(chunk);
          out.flush();
          if (n == dieAfter) server.close();
        }
        case HUGE_CHUNK_SIZE -> {
          OriginalFrames.write(out, response(id, index, 1 << 30, "success"));
          byte[] zeros = new byte[64 * 1024];
          for (int i = 0; i < (1 << 30) / zeros.length; i++) out.write(zeros);
        }
        case HUGE_FRAME -> {
          out.write(new byte[] {0, 0, 0, 0, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});
          out.write(new byte[64 * 1024]);
          out.flush();
        }
      }
    } catch (IOException e) {
      // the downloader went away, as it may
    }
  }

  private static Map<String, Object> response(String id, int index, int size, String status) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "CHUNK_RESPONSE");
    m.put("file_id", id);
    m.put("chunk_index", index);
    m.put("chunk_size", size);
    m.put("status", status);
    return m;
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
