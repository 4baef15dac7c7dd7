package dev.p2p.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import dev.p2p.storage.PeerAddress;
import java.util.Base64;
import java.util.BitSet;
import java.util.List;
import org.apache.pekko.util.ByteString;

/**
 * Every message of the wire protocol. Control messages travel as JSON objects whose {@code type}
 * field names the record (see docs/protocol.md); {@link Chunk} travels as a binary frame. Field
 * names on the wire are snake_case ({@code fileId} is {@code file_id}). Each record validates its
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
})
public sealed interface Message {
  int MAX_PEER_ID = 64;
  int MAX_HOST = 255;
  int MAX_REASON = 1000;

  /** A peer announces that it serves a file (and, with the first registration, its manifest). */
  record Register(
      String fileId, String filename, long fileSize, int chunkSize, int numChunks,
      List<String> chunkHashes, String peerId, String host, int port) implements Message {
    public Register {
      Checks.fileId(fileId);
      Checks.peerId(peerId);
      Checks.text("host", host, MAX_HOST);
      Checks.port(port);
      Checks.manifest(fileId, filename, fileSize, chunkSize, numChunks, chunkHashes);
      chunkHashes = List.copyOf(chunkHashes);
    }

    public static Register of(Manifest m, String peerId, String host, int port) {
      return new Register(m.id().hex(), m.name(), m.size(), m.chunkSize(), m.numChunks(),
          m.chunkHashes(), peerId, host, port);
    }

    public Manifest manifest() {
      return new Manifest(new FileId(fileId), filename, fileSize, chunkSize, chunkHashes);
    }
  }

  /** The tracker's reply to REGISTER: how many peers it now knows for the file. */
  record Registered(String fileId, int peers) implements Message {
    public Registered {
      Checks.fileId(fileId);
      Checks.range("peers", peers, 0, Integer.MAX_VALUE);
    }
  }

  /** A peer stops serving a file (sent on clean shutdown; the tracker replies REGISTERED). */
  record Unregister(String fileId, String peerId, int port) implements Message {
    public Unregister {
      Checks.fileId(fileId);
      Checks.peerId(peerId);
      Checks.port(port);
    }
  }

  /** Asks the tracker for a file's manifest and peers. */
  record Query(String fileId) implements Message {
    public Query {
      Checks.fileId(fileId);
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

  /** The tracker's answer to QUERY for a known file. Unknown files get ERROR NOT_FOUND. */
  record QueryResult(
      String fileId, String filename, long fileSize, int chunkSize, int numChunks,
      List<String> chunkHashes, List<PeerInfo> peers) implements Message {
    public QueryResult {
      Checks.fileId(fileId);
      Checks.manifest(fileId, filename, fileSize, chunkSize, numChunks, chunkHashes);
      if (peers == null) throw new IllegalArgumentException("peers is missing");
      if (peers.stream().anyMatch(p -> p == null)) throw new IllegalArgumentException("peers must not contain null");
      chunkHashes = List.copyOf(chunkHashes);
      peers = List.copyOf(peers);
    }

    public static QueryResult of(Manifest m, List<PeerInfo> peers) {
      return new QueryResult(m.id().hex(), m.name(), m.size(), m.chunkSize(), m.numChunks(),
          m.chunkHashes(), peers);
    }

    public Manifest manifest() {
      return new Manifest(new FileId(fileId), filename, fileSize, chunkSize, chunkHashes);
    }
  }

  /** Asks a peer for one chunk; answered by a binary CHUNK frame or ERROR. */
  record ChunkRequest(String fileId, int chunkIndex) implements Message {
    public ChunkRequest {
      Checks.fileId(fileId);
      Checks.range("chunk_index", chunkIndex, 0, Integer.MAX_VALUE);
    }
  }

  /** Asks a peer which chunks of a file it has; answered by HAVE or ERROR. */
  record HaveRequest(String fileId) implements Message {
    public HaveRequest {
      Checks.fileId(fileId);
    }
  }

  /**
   * The chunks a peer has: {@code bitfield} is base64 of ceil(num_chunks/8) bytes, chunk i is bit
   * {@code 7 - i%8} of byte {@code i/8} (most significant bit first, as in BitTorrent); the spare
   * bits of the last byte are zero. A file with no chunks has the empty bitfield {@code ""}.
   */
  record Have(String fileId, int numChunks, String bitfield) implements Message {
    public Have {
      Checks.fileId(fileId);
      Checks.range("num_chunks", numChunks, 0, Integer.MAX_VALUE);
      Checks.bitfield(bitfield, numChunks);
    }

    /** The HAVE for the chunks set in {@code have} (bits at or beyond numChunks are ignored). */
    public static Have of(String fileId, int numChunks, BitSet have) {
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
   * A refusal. {@code code} is one of NOT_FOUND, NO_CHUNK, CONFLICT, BAD_REQUEST, BUSY, INTERNAL;
   * {@code fileId} and {@code chunkIndex} say what it refers to, or are null.
   */
  record Error(String code, String reason, String fileId, Integer chunkIndex) implements Message {
    public Error {
      Checks.errorCode(code);
      Checks.text("reason", reason, MAX_REASON);
      if (fileId != null) Checks.fileId(fileId);
      if (chunkIndex != null) Checks.range("chunk_index", chunkIndex, 0, Integer.MAX_VALUE);
    }

    public static Error of(String code, String reason) {
      return new Error(code, reason, null, null);
    }
  }

  /** Chunk bytes, sent as a binary frame (never JSON, never base64). */
  record Chunk(String fileId, int chunkIndex, ByteString data) implements Message {
    public Chunk {
      Checks.fileId(fileId);
      Checks.range("chunk_index", chunkIndex, 0, Integer.MAX_VALUE);
      if (data == null) throw new IllegalArgumentException("data is missing");
    }
  }
}
