package dev.p2p.protocol;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.OptBoolean;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import dev.p2p.storage.PeerAddress;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.util.Base64;
import java.util.BitSet;
import java.util.List;
import org.apache.pekko.util.ByteString;

/**
 * Every message of the wire protocol. Control messages travel as JSON objects whose {@code type}
 * field names the record (see docs/protocol.md); {@link Chunk} travels as a binary frame. Field
 * names on the wire are snake_case ({@code fileId} is {@code file_id}); a {@link FileId} is its hex
 * string and an {@link ErrorCode} its name (see {@link WireTypes}). Each record validates its
 * fields in its constructor, so a decoded message is always well-formed.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Message.Register.class, name = "REGISTER"),
  @JsonSubTypes.Type(value = Message.Registered.class, name = "REGISTERED"),
  @JsonSubTypes.Type(value = Message.Unregister.class, name = "UNREGISTER"),
  @JsonSubTypes.Type(value = Message.Query.class, name = "QUERY"),
  @JsonSubTypes.Type(value = Message.QueryResult.class, name = "QUERY_RESULT"),
  @JsonSubTypes.Type(value = Message.ChunkRequest.class, name = "CHUNK_REQUEST"),
  @JsonSubTypes.Type(value = Message.HaveRequest.class, name = "HAVE_REQUEST"),
  @JsonSubTypes.Type(value = Message.Have.class, name = "HAVE"),
  @JsonSubTypes.Type(value = Message.Error.class, name = "ERROR"),
  @JsonSubTypes.Type(value = Message.QueryPeers.class, name = "QUERY_PEERS"),
  @JsonSubTypes.Type(value = Message.Peers.class, name = "PEERS"),
  @JsonSubTypes.Type(value = Message.Hello.class, name = "HELLO"),
  @JsonSubTypes.Type(value = Message.HaveChunk.class, name = "HAVE_CHUNK"),
  @JsonSubTypes.Type(value = Message.Cancel.class, name = "CANCEL"),
  @JsonSubTypes.Type(value = Access.class, name = "ACCESS"),
  @JsonSubTypes.Type(value = Revoke.class, name = "REVOKE"),
  @JsonSubTypes.Type(value = Search.class, name = "SEARCH"),
  @JsonSubTypes.Type(value = SearchResult.class, name = "SEARCH_RESULT"),
})
public sealed interface Message permits Message.Register, Message.Registered, Message.Unregister,
    Message.Query, Message.QueryResult, Message.ChunkRequest, Message.HaveRequest, Message.Have,
    Message.Error, Message.QueryPeers, Message.Peers, Message.Hello, Message.HaveChunk,
    Message.Cancel, Access, Revoke, Message.Chunk, Search, SearchResult {
  /**
   * Marks an optional field: left out of the JSON when null, null when absent. Jackson's
   * injection is what exempts one creator property from FAIL_ON_MISSING_CREATOR_PROPERTIES
   * ({@code useInput}: a value present on the wire wins; {@code optional}: no injected value
   * exists, so absent means null). The injection ID is the field's type, so one record may hold
   * one optional field of each type. Every other field stays required.
   */
  @Retention(RetentionPolicy.RUNTIME)
  @JacksonAnnotationsInside
  @JacksonInject(useInput = OptBoolean.TRUE, optional = OptBoolean.TRUE)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @interface Optional {}

  int MAX_PEER_ID = 64;
  int MAX_HOST = 255;
  int MAX_REASON = 1000;
  /**
   * Most variants a QUERY may exclude. The tracker keeps no more variants of one file than this,
   * so a client can always exclude every one it found wrong and learn that none is left.
   */
  int MAX_EXCLUDE = 8;
  /** Most distinct downloaders a private share may be limited to. */
  int MAX_DOWNLOADS = 1_000_000;

  /**
   * The manifest fields that REGISTER and QUERY_RESULT carry, flat on the wire: {@code file_id,
   * filename, file_size, chunk_size, num_chunks, chunk_hashes}. Both map to and from a {@link
   * Manifest} here, and are checked by the same rules.
   */
  sealed interface ManifestFields permits Register, QueryResult {
    FileId fileId();

    String filename();

    long fileSize();

    int chunkSize();

    int numChunks();

    List<String> chunkHashes();

    /** The manifest these fields describe (already checked by the record's constructor). */
    default Manifest manifest() {
      return new Manifest(fileId(), filename(), fileSize(), chunkSize(), chunkHashes());
    }
  }

  /**
   * A peer announces that it serves a file (and, with the first registration, its manifest). A
   * private share carries {@code lookupHash} (SHA-256 of the share's lookup, see {@code
   * ShareKey}) and, from its owner, optional {@code expiresAt} (epoch seconds) and {@code
   * maxDownloads}; a public one has all three null. {@code partial} is true from a downloader
   * that has only part of the file (absent: the registrant has all of it, a seeder).
   */
  record Register(
      FileId fileId, String filename, long fileSize, int chunkSize, int numChunks,
      List<String> chunkHashes, String peerId, String host, int port, @Optional String lookupHash,
      @Optional Long expiresAt, @Optional Integer maxDownloads, @Optional Boolean partial)
      implements Message, ManifestFields {
    public Register {
      Checks.fileId(fileId);
      Checks.peerId(peerId);
      Checks.text("host", host, MAX_HOST);
      Checks.port(port);
      chunkHashes = Checks.manifest(filename, fileSize, chunkSize, numChunks, chunkHashes);
      Checks.privateTerms(lookupHash, expiresAt, maxDownloads);
      // Absent (null) is "has the whole file", so that a sharer's bytes stay what they were.
      if (Boolean.FALSE.equals(partial)) partial = null;
    }

    /** A public registration. */
    public Register(FileId fileId, String filename, long fileSize, int chunkSize, int numChunks,
        List<String> chunkHashes, String peerId, String host, int port) {
      this(fileId, filename, fileSize, chunkSize, numChunks, chunkHashes, peerId, host, port,
          null, null, null, null);
    }

    public static Register of(Manifest m, String peerId, String host, int port) {
      return new Register(m.id(), m.name(), m.size(), m.chunkSize(), m.numChunks(),
          m.chunkHashes(), peerId, host, port);
    }

    /** This registration made private with the given terms (null {@code lookupHash}: public). */
    public Register withTerms(String lookupHash, Long expiresAt, Integer maxDownloads) {
      return new Register(fileId, filename, fileSize, chunkSize, numChunks, chunkHashes, peerId,
          host, port, lookupHash, expiresAt, maxDownloads, partial);
    }

    /** This registration from a peer that has {@code partial}ly downloaded the file, or all of it. */
    public Register withPartial(boolean partial) {
      return new Register(fileId, filename, fileSize, chunkSize, numChunks, chunkHashes, peerId,
          host, port, lookupHash, expiresAt, maxDownloads, partial ? Boolean.TRUE : null);
    }

    /** True if the registrant has the whole file (a seeder). */
    public boolean complete() {
      return partial == null;
    }
  }

  /** The tracker's reply to REGISTER: how many peers it now knows for the file. */
  record Registered(FileId fileId, int peers) implements Message {
    public Registered {
      Checks.fileId(fileId);
      Checks.range("peers", peers, 0, Integer.MAX_VALUE);
    }
  }

  /** A peer stops serving a file (sent on clean shutdown; the tracker replies REGISTERED). */
  record Unregister(FileId fileId, String peerId, int port) implements Message {
    public Unregister {
      Checks.fileId(fileId);
      Checks.peerId(peerId);
      Checks.port(port);
    }
  }

  /**
   * Asks the tracker for a file's manifest and peers. {@code exclude} (optional on the wire and
   * written only when not empty) names up to {@value #MAX_EXCLUDE} variants ({@link
   * Manifest#variant}) the asker found wrong: the tracker answers with its best other one.
   * {@code lookup} (optional) is a private share's lookup: the tracker answers for the share only
   * if the SHA-256 of the lookup is the one registered.
   */
  record Query(FileId fileId,
      @JacksonInject(value = Codec.ABSENT_LIST, useInput = OptBoolean.TRUE)
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> exclude,
      @Optional String lookup) implements Message {
    public Query {
      Checks.fileId(fileId);
      exclude = Checks.variants("exclude", exclude, MAX_EXCLUDE);
      Checks.hexOrNull("lookup", lookup);
    }

    public Query(FileId fileId) {
      this(fileId, List.of(), null);
    }

    public Query(FileId fileId, List<String> exclude) {
      this(fileId, exclude, null);
    }
  }

  /** A peer as the tracker reports it: the address its connection came from and its port. */
  record PeerInfo(String peerId, String host, int port) {
    public PeerInfo {
      Checks.peerId(peerId);
      Checks.text("host", host, MAX_HOST);
      Checks.port(port);
    }

    public PeerAddress address() {
      return new PeerAddress(host, port);
    }
  }

  /**
   * The tracker's answer to QUERY for a known file: one variant's manifest and peers, and how
   * many {@code variants} (competing manifests, the excluded ones included) the tracker holds for
   * the ID. Unknown files, or files whose every variant was excluded, get ERROR NOT_FOUND.
   */
  record QueryResult(
      FileId fileId, String filename, long fileSize, int chunkSize, int numChunks,
      List<String> chunkHashes, List<PeerInfo> peers, int variants)
      implements Message, ManifestFields {
    public QueryResult {
      Checks.fileId(fileId);
      chunkHashes = Checks.manifest(filename, fileSize, chunkSize, numChunks, chunkHashes);
      peers = Checks.peers(peers);
      Checks.range("variants", variants, 1, Integer.MAX_VALUE);
    }

    /** The answer of a tracker that holds one variant of the file. */
    public QueryResult(FileId fileId, String filename, long fileSize, int chunkSize,
        int numChunks, List<String> chunkHashes, List<PeerInfo> peers) {
      this(fileId, filename, fileSize, chunkSize, numChunks, chunkHashes, peers, 1);
    }

    public static QueryResult of(Manifest m, List<PeerInfo> peers, int variants) {
      return new QueryResult(m.id(), m.name(), m.size(), m.chunkSize(), m.numChunks(),
          m.chunkHashes(), peers, variants);
    }
  }

  /**
   * Asks the tracker for a file's peers only, without the manifest (a running download's
   * re-query); answered by PEERS or ERROR NOT_FOUND. {@code variant} (optional on the wire,
   * written only when not null) names the manifest the asker holds ({@link Manifest#variant}):
   * only that variant's peers are listed, so a download never mixes the peers of two. Without
   * it, the tracker lists those of its best variant. A tracker that predates QUERY_PEERS answers
   * ERROR BAD_REQUEST, and the asker falls back to QUERY.
   */
  record QueryPeers(FileId fileId,
      @JacksonInject(value = Codec.ABSENT, useInput = OptBoolean.TRUE)
      @JsonInclude(JsonInclude.Include.NON_NULL) String variant,
      @Optional String lookup) implements Message {
    public QueryPeers {
      Checks.fileId(fileId);
      if (variant != null) Checks.variant("variant", variant);
      Checks.hexOrNull("lookup", lookup);
    }

    public QueryPeers(FileId fileId) {
      this(fileId, null, null);
    }

    /** A public file's re-query for the peers of {@code variant} (null: the best variant's). */
    public QueryPeers(FileId fileId, String variant) {
      this(fileId, variant, null);
    }
  }

  /**
   * The tracker's answer to QUERY_PEERS: up to max-peers-per-query {@code peers} out of {@code
   * total} registered (the asker among them), so the asker knows when it has met them all.
   */
  record Peers(FileId fileId, int total, List<PeerInfo> peers) implements Message {
    public Peers {
      Checks.fileId(fileId);
      peers = Checks.peers(peers);
      Checks.range("total", total, peers.size(), Integer.MAX_VALUE);
    }
  }

  /**
   * Notification (no reply): a downloader's first message on a connection to another peer, who it
   * is ({@code peer_id}, its chunk server's {@code port}; the host is the connection's address)
   * and which chunks of the file it has. HAVE_CHUNK messages on the same connection then keep that
   * bitfield current. A peer that predates it closes the connection with ERROR BAD_REQUEST.
   */
  record Hello(FileId fileId, String peerId, int port, int numChunks, String bitfield)
      implements Message {
    public Hello {
      Checks.fileId(fileId);
      Checks.peerId(peerId);
      Checks.port(port);
      Checks.range("num_chunks", numChunks, 0, Integer.MAX_VALUE);
      Checks.bitfield(bitfield, numChunks);
    }

    public static Hello of(FileId fileId, String peerId, int port, int numChunks, BitSet have) {
      return new Hello(fileId, peerId, port, numChunks, Have.of(fileId, numChunks, have).bitfield());
    }

    /** The chunks this HELLO lists. */
    public BitSet chunks() {
      return new Have(fileId, numChunks, bitfield).chunks();
    }
  }

  /** Notification (no reply), after HELLO: the sender has verified chunk {@code chunk_index}. */
  record HaveChunk(FileId fileId, int chunkIndex) implements Message {
    public HaveChunk {
      Checks.fileId(fileId);
      Checks.range("chunk_index", chunkIndex, 0, Integer.MAX_VALUE);
    }
  }

  /**
   * Notification, after HELLO: the sender no longer wants chunk {@code chunk_index} (another peer
   * delivered it first). A request for it that the server has not started sending is answered by
   * ERROR NO_CHUNK instead of the chunk; one under way is sent in full. Either way exactly one
   * reply still comes, so replies stay matched by position.
   */
  record Cancel(FileId fileId, int chunkIndex) implements Message {
    public Cancel {
      Checks.fileId(fileId);
      Checks.range("chunk_index", chunkIndex, 0, Integer.MAX_VALUE);
    }
  }

  /** Asks a peer for one chunk; answered by a binary CHUNK frame or ERROR. */
  record ChunkRequest(FileId fileId, int chunkIndex) implements Message {
    public ChunkRequest {
      Checks.fileId(fileId);
      Checks.range("chunk_index", chunkIndex, 0, Integer.MAX_VALUE);
    }
  }

  /** Asks a peer which chunks of a file it has; answered by HAVE or ERROR. */
  record HaveRequest(FileId fileId) implements Message {
    public HaveRequest {
      Checks.fileId(fileId);
    }
  }

  /**
   * The chunks a peer has: {@code bitfield} is base64 of ceil(num_chunks/8) bytes, chunk i is bit
   * {@code 7 - i%8} of byte {@code i/8} (most significant bit first, as in BitTorrent); the spare
   * bits of the last byte are zero. A file with no chunks has the empty bitfield {@code ""}.
   */
  record Have(FileId fileId, int numChunks, String bitfield) implements Message {
    public Have {
      Checks.fileId(fileId);
      Checks.range("num_chunks", numChunks, 0, Integer.MAX_VALUE);
      Checks.bitfield(bitfield, numChunks);
    }

    /** The HAVE for the chunks set in {@code have} (bits at or beyond numChunks are ignored). */
    public static Have of(FileId fileId, int numChunks, BitSet have) {
      byte[] b = new byte[(int) ((numChunks + 7L) / 8)];
      for (int i = have.nextSetBit(0); i >= 0 && i < numChunks; i = have.nextSetBit(i + 1)) {
        b[i / 8] |= (byte) (0x80 >>> (i % 8));
      }
      return new Have(fileId, numChunks, Base64.getEncoder().encodeToString(b));
    }

    /** The chunks this HAVE lists. */
    public BitSet chunks() {
      byte[] b = Base64.getDecoder().decode(bitfield);
      BitSet set = new BitSet(numChunks);
      for (int i = 0; i < numChunks; i++) {
        if ((b[i / 8] & (0x80 >>> (i % 8))) != 0) set.set(i);
      }
      return set;
    }
  }

  /**
   * A refusal: {@code code} says why (on the wire its name, e.g. {@code "NOT_FOUND"}); {@code
   * fileId} and {@code chunkIndex} say what it refers to, or are null.
   */
  record Error(ErrorCode code, String reason, FileId fileId, Integer chunkIndex) implements Message {
    public Error {
      if (code == null) throw new IllegalArgumentException("code is missing");
      Checks.text("reason", reason, MAX_REASON);
      if (chunkIndex != null) Checks.range("chunk_index", chunkIndex, 0, Integer.MAX_VALUE);
    }

    public static Error of(ErrorCode code, String reason) {
      return new Error(code, reason, null, null);
    }
  }

  /** Chunk bytes, sent as a binary frame (never JSON, never base64). */
  record Chunk(FileId fileId, int chunkIndex, ByteString data) implements Message {
    public Chunk {
      Checks.fileId(fileId);
      Checks.range("chunk_index", chunkIndex, 0, Integer.MAX_VALUE);
      if (data == null) throw new IllegalArgumentException("data is missing");
    }
  }
}
