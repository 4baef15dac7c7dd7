package dev.p2p.protocol.legacy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.p2p.protocol.ProtocolException;

/**
 * The original chunk server's answer header. With status {@code "success"} exactly
 * {@code chunkSize} raw bytes follow it, unframed, and the server closes; with
 * {@code "not_found"} the size is 0 and nothing follows. In its 8-byte length frame:
 *
 * <pre>{"type": "CHUNK_RESPONSE", "file_id": "0123456789abcdef", "chunk_index": 3, "chunk_size": 262144, "status": "success"}</pre>
 *
 * <p>A chunk is never more than {@link LegacyWire#CHUNK_SIZE} bytes: a header announcing more is
 * refused before a byte of it is read.
 */
public record LegacyChunkResponse(String fileId, int chunkIndex, int chunkSize, String status) {
  public static final String TYPE = "CHUNK_RESPONSE";
  public static final String SUCCESS = "success";
  public static final String NOT_FOUND = "not_found";
  /** The largest header read from a chunk server: the original's is about 120 bytes. */
  public static final int MAX_HEADER = 4096;

  public LegacyChunkResponse {
    if (chunkSize < 0 || chunkSize > LegacyWire.CHUNK_SIZE) {
      throw new ProtocolException("chunk_size must be 0.." + LegacyWire.CHUNK_SIZE + ", not " + chunkSize);
    }
    if (!SUCCESS.equals(status) && !NOT_FOUND.equals(status)) {
      throw new ProtocolException("status must be success or not_found");
    }
    if (NOT_FOUND.equals(status) && chunkSize != 0) throw new ProtocolException("not_found with data");
  }

  /** The header of chunk {@code request} that {@code size} bytes follow. */
  public static LegacyChunkResponse success(LegacyChunkRequest request, int size) {
    return new LegacyChunkResponse(request.fileId(), request.chunkIndex(), size, SUCCESS);
  }

  /** The answer for a file or chunk not served here. */
  public static LegacyChunkResponse notFound(LegacyChunkRequest request) {
    return new LegacyChunkResponse(request.fileId(), request.chunkIndex(), 0, NOT_FOUND);
  }

  /** The header in {@code json}, strictly (the file_id is checked against the request by the caller). */
  public static LegacyChunkResponse from(ObjectNode json) {
    LegacyPeerFields.expectType(json, TYPE);
    return new LegacyChunkResponse(LegacyPeerFields.text(json, "file_id"),
        LegacyPeerFields.index(json.get("chunk_index"), "chunk_index"),
        LegacyPeerFields.index(json.get("chunk_size"), "chunk_size"),
        LegacyPeerFields.text(json, "status"));
  }

  public boolean found() {
    return SUCCESS.equals(status);
  }

  /** The header as the original's chunk server writes it (keys in its order). */
  public ObjectNode json() {
    return LegacyWire.object().put("type", TYPE).put("file_id", fileId).put("chunk_index", chunkIndex)
        .put("chunk_size", chunkSize).put("status", status);
  }
}
