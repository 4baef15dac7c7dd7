package dev.p2p.testing;

import dev.p2p.protocol.Codec;
import dev.p2p.protocol.ErrorCode;
import dev.p2p.protocol.Message;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.util.ByteString;

/**
 * A misbehaving chunk server on a plain {@link ServerSocket} (one thread per connection), for the
 * faults that need byte-level control the Pekko server cannot produce: half a frame, a reply of
 * the wrong chunk or file. It claims every chunk of one file in its HAVE; what it does with a
 * CHUNK_REQUEST depends on its {@link Mode}. Also the frame helpers of raw-socket tests.
 */
public final class RawPeer implements AutoCloseable {
  public enum Mode {
    /** Sends the CHUNK frame header and half the chunk, then goes silent (socket kept open). */
    STALL_MID_CHUNK,
    /** Claims every chunk in HAVE, then answers every CHUNK_REQUEST with ERROR NO_CHUNK. */
    NO_CHUNK,
    /** Answers with the right bytes of the next chunk, labelled as the next chunk. */
    WRONG_INDEX,
    /** Answers with the right bytes but labelled with another file ID. */
    WRONG_FILE
  }

  private final ServerSocket server;
  private final byte[] data;
  private final Manifest m;
  private final Mode mode;
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger closedByClient = new AtomicInteger();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  private RawPeer(byte[] data, Manifest m, Mode mode) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.data = data;
    this.m = m;
    this.mode = mode;
    Thread t = new Thread(this::acceptLoop, "raw-peer-" + mode);
    t.setDaemon(true);
    t.start();
  }

  public static RawPeer start(byte[] data, Manifest m, Mode mode) throws IOException {
    return new RawPeer(data, m, mode);
  }

  public int port() {
    return server.getLocalPort();
  }

  public String key() {
    return "127.0.0.1:" + port();
  }

  /** CHUNK_REQUESTs received so far. */
  public int requests() {
    return requests.get();
  }

  /** Connections the other side closed (end of stream or reset). */
  public int closedByClient() {
    return closedByClient.get();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        sockets.add(s);
        Thread t = new Thread(() -> serve(s), "raw-peer-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    boolean silent = false;
    try (s) {
      DataInputStream in = new DataInputStream(s.getInputStream());
      OutputStream out = s.getOutputStream();
      while (true) {
        Message msg = readFrame(in);
        if (msg == null) break;
        if (silent) continue; // keep reading, answer nothing
        if (msg instanceof Message.HaveRequest h) {
          BitSet all = new BitSet();
          all.set(0, m.numChunks());
          writeFrame(out, Codec.encode(Message.Have.of(h.fileId(), m.numChunks(), all)));
          continue;
        }
        Message.ChunkRequest r = (Message.ChunkRequest) msg;
        requests.incrementAndGet();
        int i = r.chunkIndex();
        switch (mode) {
          case STALL_MID_CHUNK -> {
            byte[] chunk = chunk(i);
            ByteString body = Codec.encode(new Message.Chunk(r.fileId(), i, ByteString.fromArray(chunk)));
            DataOutputStream d = new DataOutputStream(out);
            d.writeInt(body.size());
            d.write(body.toArray(), 0, Codec.CHUNK_HEADER_BYTES + chunk.length / 2);
            d.flush();
            silent = true;
          }
          case NO_CHUNK -> writeFrame(out, Codec.encode(new Message.Error(ErrorCode.NO_CHUNK,
              "chunk " + i + " is not here after all", r.fileId(), i)));
          case WRONG_INDEX -> {
            int other = (i + 1) % m.numChunks();
            writeFrame(out, Codec.encode(new Message.Chunk(r.fileId(), other, ByteString.fromArray(chunk(other)))));
          }
          case WRONG_FILE -> {
            FileId otherId = new FileId(HexFormat.of().formatHex(new byte[32]));
            writeFrame(out, Codec.encode(new Message.Chunk(otherId, i, ByteString.fromArray(chunk(i)))));
          }
        }
      }
      closedByClient.incrementAndGet();
    } catch (IOException e) {
      if (!server.isClosed()) closedByClient.incrementAndGet();
    }
  }

  private byte[] chunk(int i) {
    int off = (int) m.offset(i);
    return Arrays.copyOfRange(data, off, off + m.chunkLength(i));
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : sockets) s.close();
  }

  // ---- frame helpers for raw-socket tests ----

  /** Writes one frame: 4-byte big-endian length, then {@code body}. */
  public static void writeFrame(OutputStream out, ByteString body) throws IOException {
    DataOutputStream d = new DataOutputStream(out);
    d.writeInt(body.size());
    d.write(body.toArray());
    d.flush();
  }

  /** Reads one frame and decodes it; null at a clean end of stream before a frame. */
  public static Message readFrame(InputStream in) throws IOException {
    DataInputStream d = new DataInputStream(in);
    int len;
    try {
      len = d.readInt();
    } catch (EOFException e) {
      return null;
    }
    if (len < 0 || len > Codec.DEFAULT_MAX_FRAME) throw new IOException("bad frame length " + len);
    byte[] body = new byte[len];
    d.readFully(body);
    return Codec.decode(ByteString.fromArrayUnsafe(body));
  }

  /** A frame body of kind JSON holding exactly {@code json} (possibly invalid on purpose). */
  public static ByteString json(String json) {
    byte[] b = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    ByteBuffer buf = ByteBuffer.allocate(b.length + 1).put(Codec.KIND_JSON).put(b);
    return ByteString.fromArray(buf.array());
  }
}
