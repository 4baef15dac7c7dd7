package dev.p2p.peer;

import dev.p2p.metrics.Meters;
import dev.p2p.net.FramedServer;
import dev.p2p.net.Link;
import dev.p2p.net.Outbound;
import dev.p2p.net.Transport;
import dev.p2p.protocol.Codec;
import dev.p2p.protocol.ErrorCode;
import dev.p2p.protocol.Access;
import dev.p2p.protocol.Message;
import dev.p2p.protocol.ProtocolException;
import dev.p2p.storage.ChunkSource;
import dev.p2p.storage.FileId;
import dev.p2p.storage.SharedFile;
import java.nio.ByteBuffer;
import java.util.BitSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's chunk server: answers CHUNK_REQUEST with the chunk's bytes and HAVE_REQUEST with the
 * chunks it has, for every file in its {@link Library}, and takes the notifications ACCESS,
 * HELLO, HAVE_CHUNK and CANCEL without a reply. One connection carries many pipelined
 * requests; at most {@code pipeline} are read from disk at once per connection (reads run on the
 * blocking dispatcher), and replies go out in request order.
 *
 * <p>A private file (one whose library entry has a {@link Library.Privacy}) is served on a
 * connection only after an ACCESS for it on that connection whose proof verifies for this node
 * and the connection's client (the node IDs TLS proves, {@link Library#nodeId} and {@link
 * Link#nodeId}), while the share has not expired and its max-downloads limit still admits that
 * client. Until then every request and notification about
 * it is answered and dropped exactly as for a file not served here; a wrong proof gets no reply.
 *
 * <p>Bound with {@code legacyWire}, the same port answers the original Python program's
 * downloaders too ({@link LegacyChunkServer}: public files only, in its 256 KiB chunks).
 */
public final class PeerServer {
  private static final Logger log = LoggerFactory.getLogger(PeerServer.class);

  private PeerServer() {}

  public static CompletionStage<FramedServer.Server> bind(ActorSystem<?> system, Library library,
      String host, int port, FramedServer.Limits limits, Transport transport, int pipeline,
      RateLimiter upload) {
    return bind(system, library, host, port, limits, transport, pipeline, upload, false);
  }

  /**
   * As {@link #bind(ActorSystem, Library, String, int, FramedServer.Limits, Transport, int,
   * RateLimiter)}; with {@code legacyWire} (p2p.legacy-wire) the same port also answers the
   * original program's chunk requests, in plaintext, for public files ({@link LegacyChunkServer}).
   */
  public static CompletionStage<FramedServer.Server> bind(ActorSystem<?> system, Library library,
      String host, int port, FramedServer.Limits limits, Transport transport, int pipeline,
      RateLimiter upload, boolean legacyWire) {
    return bind(system, library, host, port, limits, transport, pipeline, upload, legacyWire, false);
  }

  /**
   * As {@link #bind(ActorSystem, Library, String, int, FramedServer.Limits, Transport, int,
   * RateLimiter, boolean)}; with {@code zeroCopy} (p2p.zero-copy) a plaintext server sends the
   * chunks of shared files with {@code sendfile} ({@link FramedServer#bindZeroCopy}): their data
   * never enters the heap. Over TLS the bytes must pass through the cipher, so it does not apply.
   */
  public static CompletionStage<FramedServer.Server> bind(ActorSystem<?> system, Library library,
      String host, int port, FramedServer.Limits limits, Transport transport, int pipeline,
      RateLimiter upload, boolean legacyWire, boolean zeroCopy) {
    Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
    Optional<FramedServer.LegacyProtocol> legacy = legacyWire
        ? Optional.of(new LegacyChunkServer(library, blocking, upload)) : Optional.empty();
    if (zeroCopy && !transport.encrypted()) {
      int max = limits.maxFrameBytes();
      return FramedServer.bindZeroCopy(system, "chunk server", host, port, limits, blocking,
          link -> serve(library, link, blocking, pipeline, upload, true)
              .map(o -> outbound(library, o, max)), legacy);
    }
    return FramedServer.bindEncoded(system, "chunk server", host, port, limits, transport,
        link -> handler(library, link, blocking, pipeline, upload).map(Codec::encode), legacy);
  }

  static Flow<Message, Message, NotUsed> handler(Library library, Link link,
      Executor blocking, int pipeline, RateLimiter upload) {
    return serve(library, link, blocking, pipeline, upload, false).map(o -> (Message) o);
  }

  /** A chunk of a shared file to be sent from the file itself (zero copy). */
  private record Region(SharedFile file, FileId id, int index, long offset, int length) {}

  private static Outbound outbound(Library library, Object reply, int maxFrame) {
    if (reply instanceof Region r) {
      SharedFile sf = r.file();
      return new Outbound.FileRegion(Codec.chunkFrameHeader(r.id(), r.index(), r.length(), maxFrame),
          sf.path(), r.offset(), r.length(), sf::isIntact, () -> library.changed(sf));
    }
    return new Outbound.Bytes(Codec.frame(Codec.encode((Message) reply), maxFrame));
  }

  /**
   * The replies of one connection, in request order: {@link Message}s, and with {@code zeroCopy}
   * a {@link Region} for each chunk of a shared file.
   */
  private static Flow<Message, Object, NotUsed> serve(Library library, Link link,
      Executor blocking, int pipeline, RateLimiter upload, boolean zeroCopy) {
    String who = link.host() + ":" + link.remote().getPort();
    // ACCESS proofs name both ends by the node IDs their TLS certificates prove (both empty in
    // plaintext, where nobody proves anything).
    Gate gate = new Gate(library, library.nodeId(), link.nodeId());
    Notifications notes = new Notifications(gate, library, link);
    // Notifications get no reply, so they leave the stream before the one-reply-per-request
    // stage. A cancelled chunk is dropped at the last moment before it is committed to the
    // socket (or to the upload limiter): until then it waits behind the replies before it.
    Flow<Message, Object, NotUsed> serve = Flow.of(Message.class)
        .filter(m -> !notes.consume(m))
        .mapAsync(pipeline, m -> notes.cancelled(m) ? done(cancelled((Message.ChunkRequest) m))
            : handle(library, notes, who, blocking, m, zeroCopy))
        .map(m -> {
          if (m instanceof Message.Chunk c && notes.cancelled(c.fileId(), c.chunkIndex())) {
            return cancelled(new Message.ChunkRequest(c.fileId(), c.chunkIndex()));
          }
          if (m instanceof Region r && notes.cancelled(r.id(), r.index())) {
            return cancelled(new Message.ChunkRequest(r.id(), r.index()));
          }
          return m;
        })
        .watchTermination((nu, done) -> {
          done.whenComplete((d, t) -> notes.ended());
          return NotUsed.getInstance();
        });
    // Always through the limiter, unlimited too (a completed stage then): the window may set a
    // limit while this connection is open, and it must apply to it at once.
    return serve.mapAsync(1, m -> m instanceof Message.Chunk c
        ? upload.acquire(c.data().size()).thenApply(v -> m)
        : m instanceof Region r ? upload.acquire(r.length()).thenApply(v -> m)
        : CompletableFuture.completedFuture(m));
  }

  private static CompletionStage<Object> handle(Library library, Notifications notes, String who,
      Executor blocking, Message m, boolean zeroCopy) {
    if (m instanceof Message.ChunkRequest r) {
      FileId id = r.fileId();
      Optional<Library.Entry> entry = notes.gate.get(id);
      if (entry.isEmpty()) return done(notFound(id));
      ChunkSource src = entry.get().source();
      int i = r.chunkIndex();
      if (i >= src.manifest().numChunks() || !src.has(i)) {
        return done(new Message.Error(ErrorCode.NO_CHUNK, "chunk " + i + " is not available here",
            id, i));
      }
      return CompletableFuture.supplyAsync(() -> {
        try {
          if (zeroCopy && src instanceof SharedFile sf) {
            // The data is sent from the file by name: it must still be the file that was hashed.
            sf.checkIntact();
            int n = src.manifest().chunkLength(i);
            served(entry.get(), who, i, n);
            return new Region(sf, id, i, src.manifest().offset(i), n);
          }
          ByteBuffer buf = src.read(i);
          served(entry.get(), who, i, buf.remaining());
          return new Message.Chunk(id, i, ByteString.fromArrayUnsafe(buf.array()));
        } catch (Exception e) {
          if (src instanceof SharedFile sf && !sf.isIntact()) {
            library.changed(sf);
          }
          return new Message.Error(ErrorCode.NO_CHUNK,
              "chunk " + i + " cannot be read: " + e.getMessage(), id, i);
        }
      }, blocking);
    }
    if (m instanceof Message.HaveRequest h) {
      FileId id = h.fileId();
      return done(notes.gate.get(id)
          .<Message>map(e -> Message.Have.of(id, e.source().manifest().numChunks(), notes.shown(e, id)))
          .orElseGet(() -> notFound(id)));
    }
    return CompletableFuture.failedFuture(new ProtocolException(
        "a peer does not accept " + m.getClass().getSimpleName() + " messages"));
  }

  private static void served(Library.Entry entry, String who, int index, int bytes) {
    entry.bytesServed.addAndGet(bytes);
    Meters.process().chunkServed(bytes);
    entry.seeding.sent(index);
    entry.downloaders.add(who);
  }

  private static Message cancelled(Message.ChunkRequest r) {
    return new Message.Error(ErrorCode.NO_CHUNK, "chunk " + r.chunkIndex() + " was cancelled",
        r.fileId(), r.chunkIndex());
  }

  /**
   * The files one connection may see: the public ones, and the private ones it sent a valid
   * ACCESS for. Bounded by the files served, like everything a connection makes the server hold.
   */
  static final class Gate {
    private final Library library;
    private final String server;
    private final String client;
    private final Set<FileId> opened = ConcurrentHashMap.newKeySet();

    Gate(Library library, String server, String client) {
      this.library = library;
      this.server = server;
      this.client = client;
    }

    /** The entry of {@code id} if this connection may see it. */
    Optional<Library.Entry> get(FileId id) {
      return library.get(id).filter(e -> e.privacy().isEmpty() || opened.contains(id));
    }

    /** ACCESS: opens the file on this connection if the proof is good (nothing is said either way). */
    void access(Access a) {
      library.get(a.fileId()).ifPresent(e -> {
        if (e.privacy().isPresent() && e.admits(a.proof(), server, client, library.nowMillis())) {
          opened.add(a.fileId());
        }
      });
    }
  }

  /**
   * What one connection was told without asking for a reply: who the remote downloader is
   * (HELLO), what it gained since (HAVE_CHUNK, passed on to this node's download of the file
   * through the {@link Library}), and which of its requests it no longer wants (CANCEL).
   */
  private static final class Notifications {
    private record Key(FileId id, int index) {}

    private final Gate gate;
    private final Library library;
    private final String host;
    /** The node ID the connection proved (TLS), which a HELLO cannot override; else empty. */
    private final String nodeId;
    private final Map<FileId, Message.PeerInfo> hellos = new ConcurrentHashMap<>();
    /** The remote downloader's chunks of each file it said HELLO for, kept by HAVE_CHUNK. */
    private final Map<FileId, BitSet> theirs = new ConcurrentHashMap<>();
    private final Set<Key> cancels = ConcurrentHashMap.newKeySet();

    Notifications(Gate gate, Library library, Link link) {
      this.gate = gate;
      this.library = library;
      this.host = link.host();
      this.nodeId = link.nodeId();
    }

    /**
     * True when {@code m} was a notification, now dealt with. Those about a file not served here,
     * or a chunk beyond it, are dropped, so what one connection can make this node remember is
     * bounded by the files it serves.
     */
    boolean consume(Message m) {
      if (m instanceof Access a) {
        gate.access(a);
        return true;
      }
      if (m instanceof Message.Hello h) {
        if (numChunks(h.fileId()) != h.numChunks()) return true;
        Message.PeerInfo from = new Message.PeerInfo(
            nodeId.isEmpty() ? h.peerId() : nodeId, host, h.port());
        hellos.put(h.fileId(), from);
        BitSet chunks = h.chunks();
        theirs.put(h.fileId(), chunks);
        if (chunks.cardinality() < h.numChunks()) seeding(h.fileId()).ifPresent(s -> s.joined(this));
        library.notice(h.fileId(), new Library.PeerHello(from, h.numChunks(), (BitSet) chunks.clone()));
        return true;
      }
      if (m instanceof Message.HaveChunk c) {
        // One lookup per note (one note per chunk per peer): its size and its super-seeding.
        Optional<Library.Entry> e = gate.get(c.fileId());
        int n = e.map(x -> x.source().manifest().numChunks()).orElse(-1);
        if (c.chunkIndex() >= n) return true;
        Message.PeerInfo from = hellos.get(c.fileId());
        if (from == null) throw new ProtocolException("HAVE_CHUNK for file " + c.fileId() + " came before its HELLO");
        BitSet chunks = theirs.get(c.fileId());
        boolean fresh = !chunks.get(c.chunkIndex());
        chunks.set(c.chunkIndex());
        // Complete only by a chunk it did not have: a repeated note needs no count of them all.
        if (fresh && chunks.cardinality() >= n) e.get().seeding.left(this);
        library.notice(c.fileId(), new Library.PeerGained(from, c.chunkIndex()));
        return true;
      }
      if (m instanceof Message.Cancel c) {
        if (c.chunkIndex() < numChunks(c.fileId())) cancels.add(new Key(c.fileId(), c.chunkIndex()));
        return true;
      }
      return false;
    }

    /** The file's number of chunks, or -1 when it is not served here. */
    private int numChunks(FileId id) {
      return gate.get(id).map(e -> e.source().manifest().numChunks()).orElse(-1);
    }

    /** The connection is over: whoever it said HELLO to no longer hears of its chunks. */
    void ended() {
      hellos.forEach((id, from) -> {
        seeding(id).ifPresent(s -> s.left(this));
        library.notice(id, new Library.PeerGone(from));
      });
    }

    private Optional<SuperSeed> seeding(FileId id) {
      return gate.get(id).map(e -> e.seeding);
    }

    /**
     * The chunks of {@code e} to show this connection's downloader: all of them, unless this
     * node has the whole file and super-seeds it (see {@link SuperSeed}).
     */
    BitSet shown(Library.Entry e, FileId id) {
      BitSet all = e.source().have();
      BitSet mine = theirs.get(id);
      if (mine == null || all.cardinality() < e.source().manifest().numChunks()) return all;
      return e.seeding.reveal(this, mine, all);
    }

    /** True when {@code m} is a chunk request the peer has cancelled (which it takes back). */
    boolean cancelled(Message m) {
      return m instanceof Message.ChunkRequest r && cancelled(r.fileId(), r.chunkIndex());
    }

    boolean cancelled(FileId id, int index) {
      return !cancels.isEmpty() && cancels.remove(new Key(id, index));
    }
  }

  private static Message notFound(FileId id) {
    return new Message.Error(ErrorCode.NOT_FOUND, "file " + id + " is not shared here", id, null);
  }

  private static CompletionStage<Object> done(Message m) {
    return CompletableFuture.completedFuture(m);
  }
}
