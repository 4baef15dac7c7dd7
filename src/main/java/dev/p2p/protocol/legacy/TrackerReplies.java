package dev.p2p.protocol.legacy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.p2p.protocol.Message.PeerInfo;
import java.util.List;

/**
 * The replies of the original's tracker, in its shapes and words: no {@code type}, a {@code
 * status} of "success" or "error", then its fields in the order it writes them. Framed with
 * {@link LegacyWire#frame}, each is byte for byte what the original sends for the same state.
 * Example, a QUERY answered:
 *
 * <pre>{"status": "success", "file_id": "9e3ee0bd5a563ec8", "filename": "notes.txt", "num_chunks": 1, "peers": [{"host": "127.0.0.1", "port": 6001, "peer_id": "-MT0001-0123456789ab"}]}</pre>
 */
public final class TrackerReplies {
  /** A REGISTER or UNREGISTER lacking (or with a "falsy") field. */
  public static final String MISSING_FIELDS = "Missing required fields";
  public static final String MISSING_FILE_ID = "Missing file_id";
  public static final String MISSING_SEARCH_TERM = "Missing filename search term";
  public static final String MISSING_ANNOUNCE_FIELDS = "Missing required fields (event, info_hash, peer_id)";
  public static final String MISSING_HOST_OR_PORT = "Missing host or port for started event";
  public static final String ANNOUNCED_STARTED = "Announced started";
  public static final String ANNOUNCED_STOPPED = "Announced stopped";
  public static final String ANNOUNCED_COMPLETED = "Announced completed";
  public static final String NOT_REGISTERED = "Peer was not registered";

  private TrackerReplies() {}

  /** {"status": "error", "message": ...}. */
  public static ObjectNode error(String message) {
    return LegacyWire.object().put("status", "error").put("message", message);
  }

  /** {"status": "success", "message": ...}. */
  public static ObjectNode success(String message) {
    return LegacyWire.object().put("status", "success").put("message", message);
  }

  /** REGISTER accepted. */
  public static ObjectNode registered(String fileId) {
    return success("Successfully registered file " + fileId).put("file_id", fileId);
  }

  /** QUERY of a file nobody shares here. */
  public static ObjectNode notFound(String fileId) {
    ObjectNode o = error("File " + fileId + " not found");
    o.putArray("peers");
    return o;
  }

  /** UNREGISTER of a file unknown here. */
  public static ObjectNode unknownFile(String fileId) {
    return error("File " + fileId + " not found");
  }

  public static ObjectNode unregistered(String peerId) {
    return success("Peer " + peerId + " unregistered");
  }

  public static ObjectNode peerNotFound(String peerId, String fileId) {
    return error("Peer " + peerId + " not found for file " + fileId);
  }

  public static ObjectNode unknownType(String type) {
    return error("Unknown message type: " + type);
  }

  public static ObjectNode unknownEvent(String event) {
    return error("Unknown announce event: " + event);
  }

  /** QUERY answered: the file's fields after the status. */
  public static ObjectNode found(String fileId, String filename, int numChunks, List<PeerInfo> peers) {
    return file(LegacyWire.object().put("status", "success"), fileId, filename, numChunks, peers);
  }

  /** One entry of a SEARCH_BY_NAME answer's {@code files}. */
  public static ObjectNode file(String fileId, String filename, int numChunks, List<PeerInfo> peers) {
    return file(LegacyWire.object(), fileId, filename, numChunks, peers);
  }

  private static ObjectNode file(ObjectNode o, String fileId, String filename, int numChunks,
      List<PeerInfo> peers) {
    o.put("file_id", fileId).put("filename", filename).put("num_chunks", numChunks);
    ArrayNode list = o.putArray("peers");
    for (PeerInfo p : peers) {
      list.addObject().put("host", p.host()).put("port", p.port()).put("peer_id", p.peerId());
    }
    return o;
  }

  /** SEARCH_BY_NAME answered ({@code term} as searched: trimmed, lower case); none found is an error. */
  public static ObjectNode searched(String term, List<ObjectNode> files) {
    if (files.isEmpty()) {
      ObjectNode o = error("No files found matching '" + term + "'");
      o.putArray("files");
      return o;
    }
    ObjectNode o = success("Found " + files.size() + " file(s) matching '" + term + "'");
    o.putArray("files").addAll(files);
    return o;
  }
}
