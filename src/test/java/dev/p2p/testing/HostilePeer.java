package dev.p2p.testing;

import static dev.p2p.testing.Wire.readFrame;

import dev.p2p.protocol.Codec;
import dev.p2p.protocol.ErrorCode;
import dev.p2p.protocol.Message;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import javax.net.ssl.SSLServerSocket;
import dev.p2p.net.Transport;
import java.net.Socket;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.util.ByteString;

/**
 * A misbehaving chunk server for tests on a TLS {@link ServerSocket} (one thread per
 * connection), so that it has byte-level control: half a frame, a reply for the wrong chunk or
 * file. It answers every HAVE_REQUEST claiming every chunk of one file; what it does with a
 * CHUNK_REQUEST depends on its {@link Mode}. It counts the requests it gets and the connections
 * the other side closes, for tests to check what the downloader did to it.
 */
public final class HostilePeer implements AutoCloseable {
  public enum Mode {
    /** Never answers a CHUNK_REQUEST (keeps reading, keeps the socket open). */
    SILENT,
    /** Answers with the chunk's bytes, one of them flipped: it fails verification. */
    CORRUPT,
    /** Sends the CHUNK frame header and half the chunk, then goes silent (socket kept open). */
    STALL_MID_CHUNK,
    /** Answers every CHUNK_REQUEST with ERROR NO_CHUNK, although its HAVE claimed the chunk. */
    NO_CHUNK,
    /** Answers with the right bytes of the next chunk, labelled as the next chunk. */
    WRONG_INDEX,
    /** Answers with the right bytes but labelled with another file ID. */
    WRONG_FILE,
    /**
     * Answers with its data's bytes as they are. Given a manifest under the real file's ID that
     * lists the hashes of other bytes, and those bytes, it is a manifest poisoner whose every
     * chunk matches its own manifest; given the real bytes and made-up hashes, none does.
     */
    TRUE_TO_ITS_DATA
  }

  private final ServerSocket server;
  private final byte[] data;
  private final Manifest m;
  private final Mode mode;
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger closedByClient = new AtomicInteger();
  private final List<Integer> requested = new CopyOnWriteArrayList<>();
  private volatile boolean wholeFrames;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  private HostilePeer(byte[] data, Manifest m, Mode mode, Transport as) throws IOException {
    SSLServerSocket tls = (SSLServerSocket) as.sslContext().getServerSocketFactory()
        .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    tls.setNeedClientAuth(true);
    tls.setEnabledProtocols(new String[] {"TLSv1.3"});
    this.server = tls;
    this.data = data;
    this.m = m;
    this.mode = mode;
    daemon(this::acceptLoop, "hostile-peer-" + mode);
  }

  /** Serves {@code data}, the content of the file {@code m} describes, on a free loopback port. */
  public static HostilePeer start(byte[] data, Manifest m, Mode mode) throws IOException {
    // TLS as Wire.CLIENT: the identity the tracker records for registrations made through
    // test clients, so that a downloader pinning the listed node ID connects to this peer.
    return new HostilePeer(data, m, mode, Wire.CLIENT);
  }

  /** As {@link #start}, presenting the certificate of {@code as} over TLS. */
  public static HostilePeer startAs(byte[] data, Manifest m, Mode mode, Transport as) throws IOException {
    return new HostilePeer(data, m, mode, as);
  }

  public int port() {
    return server.getLocalPort();
  }

  /** How events and statistics name this peer. */
  public String key() {
    return "127.0.0.1:" + port();
  }

  /** CHUNK_REQUESTs received so far. */
  public int requests() {
    return requests.get();
  }

  /** The chunk index of every CHUNK_REQUEST received so far, in order of arrival. */
  public List<Integer> requestedChunks() {
    return List.copyOf(requested);
  }

  /**
   * From now on writes each frame in one piece, as a real peer does, instead of the length byte
   * by byte (see {@link #writeFrame}). Returns this peer.
   */
  public HostilePeer writeWholeFrames() {
    wholeFrames = true;
    return this;
  }

  /** Connections the other side closed (end of stream or reset). */
  public int closedByClient() {
    return closedByClient.get();
  }

  private static void daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        sockets.add(s);
        daemon(() -> serve(s), "hostile-peer-conn");
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    boolean silent = false;
    try (s) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      for (Message msg = readFrame(in); msg != null; msg = readFrame(in)) {
        if (silent) continue; // keep reading, answer nothing
        if (msg instanceof Message.HaveRequest h) {
          BitSet all = new BitSet();
          all.set(0, m.numChunks());
          writeFrame(out, Codec.encode(Message.Have.of(h.fileId(), m.numChunks(), all)));
        } else if (msg instanceof Message.ChunkRequest r) {
          requests.incrementAndGet();
          requested.add(r.chunkIndex());
          silent = answer(r, out);
        } // else a notification (HELLO, HAVE_CHUNK, CANCEL): no reply, as from an honest peer
      }
      closedByClient.incrementAndGet();
    } catch (IOException e) {
      if (!server.isClosed()) closedByClient.incrementAndGet();
    }
  }

  /** Answers {@code r} as the mode says; true when the connection is to go silent from now on. */
  private boolean answer(Message.ChunkRequest r, OutputStream out) throws IOException {
    int i = r.chunkIndex();
    switch (mode) {
      case SILENT -> {
        // no answer; HAVE_REQUESTs on this connection are still answered
      }
      case CORRUPT -> {
        byte[] chunk = chunk(i);
        chunk[chunk.length / 2] ^= 0x55;
        writeFrame(out, Codec.encode(new Message.Chunk(r.fileId(), i, ByteString.fromArray(chunk))));
      }
      case STALL_MID_CHUNK -> {
        byte[] chunk = chunk(i);
        ByteString body = Codec.encode(new Message.Chunk(r.fileId(), i, ByteString.fromArray(chunk)));
        DataOutputStream d = new DataOutputStream(out);
        d.writeInt(body.size());
        d.write(body.toArray(), 0, Codec.CHUNK_HEADER_BYTES + chunk.length / 2);
        d.flush();
        return true;
      }
      case NO_CHUNK -> writeFrame(out, Codec.encode(new Message.Error(ErrorCode.NO_CHUNK,
          "chunk " + i + " is not here after all", r.fileId(), i)));
      case WRONG_INDEX -> {
        int other = (i + 1) % m.numChunks();
        writeFrame(out, Codec.encode(new Message.Chunk(r.fileId(), other, ByteString.fromArray(chunk(other)))));
      }
      case TRUE_TO_ITS_DATA -> writeFrame(out,
          Codec.encode(new Message.Chunk(r.fileId(), i, ByteString.fromArray(chunk(i)))));
      case WRONG_FILE -> {
        FileId otherId = new FileId(HexFormat.of().formatHex(new byte[32]));
        writeFrame(out, Codec.encode(new Message.Chunk(otherId, i, ByteString.fromArray(chunk(i)))));
      }
    }
    return false;
  }

  /**
   * Writes one frame: by default as the raw-socket peer always has, the length in four
   * single-byte writes, then the body; after {@link #writeWholeFrames} in one write. The byte-wise
   * writes slow the reply enough that the downloader has usually pipelined a second request when
   * the first reply arrives. With one-piece frames the reply can come while only one request is
   * out, which is how a PeerConnection that forgot to tell the requester of a bad reply was found.
   */
  private void writeFrame(OutputStream out, ByteString body) throws IOException {
    if (wholeFrames) {
      out.write(Wire.frame(body));
      out.flush();
      return;
    }
    DataOutputStream d = new DataOutputStream(out);
    d.writeInt(body.size());
    d.write(body.toArray());
    d.flush();
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
}
