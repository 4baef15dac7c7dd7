package dev.p2p.protocol.legacy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.p2p.protocol.ProtocolException;
import java.io.IOException;
import java.nio.ByteOrder;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Framing;
import org.apache.pekko.stream.scaladsl.Framing.FramingException;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;

/**
 * The original's framing and JSON. A frame is an 8-byte big-endian length, then that many bytes
 * of UTF-8 JSON (one object). Chunk data in a CHUNK_RESPONSE is not framed: it follows the framed
 * header, {@code chunk_size} raw bytes, and the sender closes.
 *
 * <p>Our own frames start with a 4-byte length that is never 0, so a connection whose first four
 * bytes are zero speaks this format ({@link #looksLegacy}). The original never sends a message of
 * 4 GiB or more, and we accept at most {@code maxBody} bytes: a larger length is a framing error.
 *
 * <p>Written JSON is byte for byte what Python's {@code json.dumps(obj)} makes of the same object
 * with its defaults: separators {@code ", "} and {@code ": "}, non-ASCII as {@code \\uXXXX}, keys
 * in insertion order. Read JSON is strict: one object, no duplicate keys, nothing after it, a
 * nesting depth and string length bound.
 */
public final class LegacyWire {
  /** The length prefix: 8 bytes, big-endian. */
  public static final int HEADER = 8;

  /** The original's chunk size, and the most a CHUNK_RESPONSE may announce. */
  public static final int CHUNK_SIZE = 256 * 1024;

  /** The largest JSON body we accept from an original node (its messages are a few hundred bytes). */
  public static final int DEFAULT_MAX_BODY = 1024 * 1024;

  /** The number of hex characters of the original's file ID (the start of the SHA-256). */
  public static final int SHORT_ID_LENGTH = 16;

  private static final JsonMapper MAPPER = mapper();

  private LegacyWire() {}

  private static JsonMapper mapper() {
    JsonMapper m = JsonMapper.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
        .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
        .build();
    m.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
        .maxNestingDepth(8).maxStringLength(64 * 1024).maxNumberLength(32).build());
    return m;
  }

  /** An empty JSON object to fill, keys kept in the order they are put. */
  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** True if {@code firstBytes} (at least 4 of a connection's first bytes) start an original frame. */
  public static boolean looksLegacy(ByteString firstBytes) {
    if (firstBytes.size() < 4) return false;
    for (int i = 0; i < 4; i++) {
      if (firstBytes.apply(i) != 0) return false;
    }
    return true;
  }

  /** {@code json} as Python's {@code json.dumps} writes it, in its 8-byte length frame. */
  public static ByteString frame(ObjectNode json) {
    byte[] body = dumps(json);
    ByteStringBuilder b = new ByteStringBuilder();
    b.putLong(body.length, ByteOrder.BIG_ENDIAN);
    b.putBytes(body);
    return b.result();
  }

  /** The JSON text Python's {@code json.dumps(json)} makes (ASCII only). */
  public static byte[] dumps(ObjectNode json) {
    try {
      return MAPPER.writer(new PythonPrinter()).writeValueAsBytes(json);
    } catch (JacksonException e) {
      throw new IllegalStateException("cannot encode a legacy message", e);
    }
  }

  /**
   * Cuts a byte stream into frame bodies (the JSON, without the 8-byte length). A length over
   * {@code maxBody}, one whose top four bytes are not zero, or a stream that ends inside a frame
   * fails the stream with a {@code FramingException}.
   */
  public static Flow<ByteString, ByteString, NotUsed> deframer(int maxBody) {
    // Pekko's framing reads lengths of at most 4 bytes: read the low four, at offset 4, and check
    // the high four (which it counts as part of the frame) here.
    // A length over the maximum (or one that reads as negative) is given a size just over it,
    // which the stage refuses: length + 8 must not overflow.
    return Framing.lengthField(4, 4, maxBody + HEADER, ByteOrder.BIG_ENDIAN,
            (offsetBytes, length) -> length < 0 || length > maxBody ? maxBody + HEADER + 1 : length + HEADER)
        .map(frame -> {
          if (!looksLegacy(frame)) throw new FramingException("legacy frame length of 4 GiB or more");
          return frame.drop(HEADER);
        });
  }

  /** The body of one frame as a JSON object, strictly. */
  public static ObjectNode parse(ByteString body) {
    JsonNode node;
    try {
      node = MAPPER.readTree(body.toArrayUnsafe());
    } catch (IOException e) {
      throw new ProtocolException("malformed JSON: " + firstLine(e.getMessage()));
    }
    if (node == null || !node.isObject()) throw new ProtocolException("a legacy message must be a JSON object");
    return (ObjectNode) node;
  }

  /**
   * The length in an 8-byte frame header, or -1 if {@code header} holds fewer than 8 bytes.
   * A length of 2^31 or more is returned as {@link Long} as it is, for the caller to refuse.
   */
  public static long length(ByteString header) {
    if (header.size() < HEADER) return -1;
    return header.slice(0, HEADER).asByteBuffer().order(ByteOrder.BIG_ENDIAN).getLong();
  }

  private static String firstLine(String s) {
    if (s == null) return "unreadable";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** Python's default separators: ", " between items, ": " after a key, nothing else. */
  private static final class PythonPrinter extends MinimalPrettyPrinter {
    @Override
    public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(": ");
    }

    @Override
    public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
      g.writeRaw(", ");
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(", ");
    }
  }
}
