package dev.p2p.protocol.legacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.p2p.protocol.ProtocolException;
import java.util.Locale;

/**
 * The original's request for one 256 KiB chunk of a file, the only message its chunk server
 * reads (one per connection). On the wire, in its 8-byte length frame:
 *
 * <pre>{"type": "CHUNK_REQUEST", "file_id": "0123456789abcdef", "chunk_index": 3}</pre>
 *
 * <p>{@code fileId} is the short ID, 16 hex characters; {@link #from} also takes it in upper
 * case, as the original's window does, and keeps it as sent ({@link #lookupId} is lower case).
 * Chunk {@code chunkIndex} is the bytes from {@code chunkIndex * 256 KiB} on.
 */
public record LegacyChunkRequest(String fileId, int chunkIndex) {
  public static final String TYPE = "CHUNK_REQUEST";

  public LegacyChunkRequest {
    if (!LegacyPeerFields.isShortId(fileId)) {
      throw new ProtocolException("file_id must be 16 hex characters");
    }
    if (chunkIndex < 0) throw new ProtocolException("chunk_index must be >= 0");
  }

  /** The request in {@code json}, strictly: the type, a 16-hex file_id, an int chunk_index. */
  public static LegacyChunkRequest from(ObjectNode json) {
    LegacyPeerFields.expectType(json, TYPE);
    JsonNode index = json.get("chunk_index");
    return new LegacyChunkRequest(LegacyPeerFields.text(json, "file_id"), LegacyPeerFields.index(index, "chunk_index"));
  }

  /** The short ID in lower case, as this node's files are known by it. */
  public String lookupId() {
    return fileId.toLowerCase(Locale.ROOT);
  }

  /** The message as the original's client writes it (keys in its order). */
  public ObjectNode json() {
    return LegacyWire.object().put("type", TYPE).put("file_id", fileId).put("chunk_index", chunkIndex);
  }
}
