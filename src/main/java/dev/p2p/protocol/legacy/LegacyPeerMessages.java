package dev.p2p.protocol.legacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.p2p.protocol.ProtocolException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a peer sends the original's tracker, in the shapes and key order its client writes, and
 * the tracker's QUERY answer read strictly. Examples (each in an 8-byte length frame):
 *
 * <pre>
 * {"type": "REGISTER", "file_id": "0123456789abcdef", "filename": "a.bin", "num_chunks": 3, "peer_id": "-PJ0001-0123456789ab", "host": "10.0.0.5", "port": 6000}
 * {"type": "ANNOUNCE", "event": "started", "info_hash": "0123456789abcdef", "peer_id": "-PJ0001-0123456789ab", "host": "10.0.0.5", "port": 6000, "filename": "a.bin", "num_chunks": 3}
 * {"type": "ANNOUNCE", "event": "stopped", "info_hash": "0123456789abcdef", "peer_id": "-PJ0001-0123456789ab"}
 * {"type": "UNREGISTER", "file_id": "0123456789abcdef", "peer_id": "-PJ0001-0123456789ab"}
 * {"type": "QUERY", "file_id": "0123456789abcdef"}
 * </pre>
 *
 * The tracker answers each with {@code {"status": "success"|"error", ...}} and no type.
 */
public final class LegacyPeerMessages {
  /** Most peers taken from one QUERY answer (the original sends every peer it ever saw). */
  public static final int MAX_PEERS = 200;

  /** The longest host name (DNS limit) taken from an answer. */
  private static final int MAX_HOST = 253;

  private LegacyPeerMessages() {}

  public static ObjectNode register(String fileId, String filename, int numChunks, String peerId,
      String host, int port) {
    return LegacyWire.object().put("type", "REGISTER").put("file_id", fileId).put("filename", filename)
        .put("num_chunks", numChunks).put("peer_id", peerId).put("host", host).put("port", port);
  }

  /** ANNOUNCE started, with the optional keys the original's client sends for it. */
  public static ObjectNode started(String fileId, String peerId, String host, int port,
      String filename, int numChunks) {
    return announce("started", fileId, peerId).put("host", host).put("port", port)
        .put("filename", filename).put("num_chunks", numChunks);
  }

  /** ANNOUNCE stopped: the original's client sends no host, port or file name with it. */
  public static ObjectNode stopped(String fileId, String peerId) {
    return announce("stopped", fileId, peerId);
  }

  private static ObjectNode announce(String event, String fileId, String peerId) {
    return LegacyWire.object().put("type", "ANNOUNCE").put("event", event).put("info_hash", fileId)
        .put("peer_id", peerId);
  }

  public static ObjectNode unregister(String fileId, String peerId) {
    return LegacyWire.object().put("type", "UNREGISTER").put("file_id", fileId).put("peer_id", peerId);
  }

  public static ObjectNode query(String fileId) {
    return LegacyWire.object().put("type", "QUERY").put("file_id", fileId);
  }

  /** True if a tracker's answer says success; otherwise its message, one line, is in {@link #why}. */
  public static boolean succeeded(ObjectNode reply) {
    JsonNode s = reply.get("status");
    return s != null && s.isTextual() && s.textValue().equals("success");
  }

  /** The message of an answer (its "message" field, made one printable line), or its status. */
  public static String why(ObjectNode reply) {
    JsonNode m = reply.get("message");
    String text = m != null && m.isTextual() ? m.textValue()
        : "status " + (reply.has("status") ? reply.get("status").toString() : "missing");
    String line = text.replaceAll("\\p{Cntrl}", " ").strip();
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }

  /** One peer in a QUERY answer. */
  public record Peer(String host, int port, String peerId) {}

  /**
   * A successful QUERY answer: the file's name and number of 256 KiB chunks (the tracker knows no
   * size and no hashes) and its peers. Entries that are not a usable host and port are left out
   * (counted in {@code skipped}), as are those past {@link #MAX_PEERS}.
   */
  public record Located(String fileId, String filename, int numChunks, List<Peer> peers, int skipped) {
    /** {@code reply}, which must be a success, strictly; fails with a {@link ProtocolException}. */
    public static Located from(ObjectNode reply) {
      if (!succeeded(reply)) throw new ProtocolException("not a success: " + why(reply));
      JsonNode list = reply.get("peers");
      if (list == null || !list.isArray()) throw new ProtocolException("peers must be a list");
      List<Peer> peers = new ArrayList<>();
      int skipped = 0;
      for (JsonNode p : list) {
        Peer peer = peer(p);
        if (peer == null || peers.size() >= MAX_PEERS || listed(peers, peer)) {
          skipped++;
        } else {
          peers.add(peer);
        }
      }
      return new Located(LegacyPeerFields.text(reply, "file_id"), LegacyPeerFields.text(reply, "filename"),
          LegacyPeerFields.index(reply.get("num_chunks"), "num_chunks"), List.copyOf(peers), skipped);
    }

    /** A peer is an address: the same host and port twice is one peer, whatever its peer_id. */
    private static boolean listed(List<Peer> peers, Peer p) {
      return peers.stream().anyMatch(q -> q.host().equals(p.host()) && q.port() == p.port());
    }

    private static Peer peer(JsonNode p) {
      if (!p.isObject()) return null;
      JsonNode host = p.get("host");
      JsonNode port = p.get("port");
      JsonNode id = p.get("peer_id");
      if (host == null || !host.isTextual() || !isHost(host.textValue())) return null;
      if (port == null || !port.isIntegralNumber() || !port.canConvertToInt()
          || port.intValue() < 1 || port.intValue() > 65535) {
        return null;
      }
      String peerId = id != null && id.isTextual() && id.textValue().length() <= 64 ? id.textValue() : "";
      return new Peer(host.textValue(), port.intValue(), peerId);
    }
  }

  /** A host name or IP literal: letters, digits, '.', '-', ':' (IPv6), at most 253 characters. */
  static boolean isHost(String h) {
    if (h.isEmpty() || h.length() > MAX_HOST) return false;
    for (int i = 0; i < h.length(); i++) {
      char c = h.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
          || c == '.' || c == '-' || c == ':')) {
        return false;
      }
    }
    return true;
  }
}
