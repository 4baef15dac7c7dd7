package dev.p2p.protocol.legacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.p2p.protocol.ProtocolException;
import dev.p2p.storage.FileId;
import java.util.Locale;

/**
 * A request of the original's peers to a tracker (REGISTER, QUERY, UNREGISTER, SEARCH_BY_NAME,
 * ANNOUNCE), read field by field. The original checks only that required fields are "truthy" in
 * Python's sense ({@link #present}); the readers here check each value strictly, and a bad one
 * is an {@link Invalid} whose message the tracker sends back in the original's error shape. A
 * value the original itself could not have handled (a number where it formats a string, an
 * object for a file ID) is a {@link ProtocolException}: the tracker closes the connection, as the
 * original does when its handler raises.
 */
public final class TrackerRequest {
  /** A field present but not acceptable; the message is one sentence for the original's peer. */
  public static final class Invalid extends RuntimeException {
    public Invalid(String message) {
      super(message, null, false, false);
    }
  }

  private final ObjectNode json;

  public TrackerRequest(ObjectNode json) {
    this.json = json;
  }

  /** The message type as the original formats it: "None" when absent or null. */
  public String type() {
    JsonNode t = json.get("type");
    if (t == null || t.isNull()) return "None";
    return string(t, "type");
  }

  /** True if every field is present and "truthy" as Python sees it: not null, 0, false, "", [] or {}. */
  public boolean present(String... fields) {
    for (String f : fields) {
      if (!truthy(json.get(f))) return false;
    }
    return true;
  }

  private static boolean truthy(JsonNode v) {
    if (v == null || v.isNull()) return false;
    if (v.isBoolean()) return v.booleanValue();
    if (v.isNumber()) return v.doubleValue() != 0;
    if (v.isTextual()) return !v.textValue().isEmpty();
    return v.size() > 0;
  }

  /** True if the field is there, whatever its value. */
  public boolean has(String field) {
    return json.has(field);
  }

  /**
   * The field as a string, or {@code absent} if it is missing. Any other JSON type (null
   * included) is a protocol error: the original would raise on it.
   */
  public String string(String field, String absent) {
    JsonNode v = json.get(field);
    return v == null ? absent : string(v, field);
  }

  /** A field {@link #present} said is there, as a string. */
  public String string(String field) {
    return string(json.get(field), field);
  }

  private static String string(JsonNode v, String field) {
    if (v == null || !v.isTextual()) throw new ProtocolException(field + " is not a string");
    return v.textValue();
  }

  /**
   * The field as the original's file ID: 16 hex characters, either case (returned lower-case,
   * the case the original's hexdigest makes), or a full 64-hex ID (its first 16).
   */
  public String shortId(String field) {
    JsonNode v = json.get(field);
    String id = v != null && v.isTextual() ? shortIdOrNull(v.textValue()) : null;
    if (id == null) {
      throw new Invalid("Invalid " + field + ": expected 16 hex characters (the start of the file's SHA-256)");
    }
    return id;
  }

  /** {@code text} as a short ID (see {@link #shortId}), or null if it is none. */
  public static String shortIdOrNull(String text) {
    if (FileId.isLegacyId(text)) return text.toLowerCase(Locale.ROOT);
    if (FileId.isValid(text)) return text.substring(0, LegacyWire.SHORT_ID_LENGTH);
    return null;
  }

  /** A string of 1 to {@code max} characters without control characters. */
  public String text(String field, int max) {
    JsonNode v = json.get(field);
    String s = v != null && v.isTextual() ? v.textValue() : "";
    if (s.isEmpty() || s.length() > max || s.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new Invalid("Invalid " + field + ": expected 1 to " + max
          + " characters, none of them a control character");
    }
    return s;
  }

  /** A JSON integer from {@code min} to {@code max}: not a string, a fraction, nor a boolean. */
  public int integer(String field, int min, int max) {
    JsonNode v = json.get(field);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < min
        || v.longValue() > max) {
      throw new Invalid("Invalid " + field + ": expected an integer from " + min + " to " + max);
    }
    return v.intValue();
  }

  /** As {@link #integer}, or {@code absent} when the field is missing. */
  public int integer(String field, int min, int max, int absent) {
    return json.has(field) ? integer(field, min, max) : absent;
  }
}
