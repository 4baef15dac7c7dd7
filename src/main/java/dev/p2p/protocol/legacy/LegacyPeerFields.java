package dev.p2p.protocol.legacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.p2p.protocol.ProtocolException;
import dev.p2p.storage.FileId;

/** Reading the fields of the original's messages strictly: no coercion, every size bounded. */
final class LegacyPeerFields {
  /** The longest text field taken from an original node (its names, IDs and messages are short). */
  static final int MAX_TEXT = 4096;

  private LegacyPeerFields() {}

  static void expectType(ObjectNode json, String type) {
    JsonNode t = json.get("type");
    if (t == null || !t.isTextual() || !t.textValue().equals(type)) {
      throw new ProtocolException("expected a " + type + " message");
    }
  }

  /** The text field {@code name}: present, a JSON string, at most {@link #MAX_TEXT} characters. */
  static String text(ObjectNode json, String name) {
    JsonNode n = json.get(name);
    if (n == null || !n.isTextual()) throw new ProtocolException(name + " must be a string");
    if (n.textValue().length() > MAX_TEXT) throw new ProtocolException(name + " is too long");
    return n.textValue();
  }

  /** A JSON integer 0..2^31-1 (not 1.0, not "1", not true). */
  static int index(JsonNode n, String name) {
    if (n == null || !n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < 0) {
      throw new ProtocolException(name + " must be an integer 0.." + Integer.MAX_VALUE);
    }
    return n.intValue();
  }

  /** 16 hex characters, either case: the original's file ID. */
  static boolean isShortId(String s) {
    return FileId.isLegacyId(s);
  }
}
