package dev.p2p.protocol;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.InjectableValues;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.p2p.storage.FileId;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.scaladsl.Framing.FramingException;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;

/**
 * Encodes and decodes frame bodies. A frame on the wire is a 4-byte big-endian length followed by
 * that many bytes of body; the body's first byte says what follows:
 *
 * <pre>
 *   0x01 | UTF-8 JSON object with a "type" field            (control message)
 *   0x02 | 32 bytes file ID | 4-byte BE chunk index | data  (CHUNK)
 * </pre>
 *
 * Decoding is strict: unknown types or fields, missing fields, duplicate keys, trailing data, type
 * coercions and out-of-range values all raise {@link ProtocolException} with a one-line reason.
 */
public final class Codec {
  public static final byte KIND_JSON = 0x01;
  public static final byte KIND_CHUNK = 0x02;
  public static final int CHUNK_HEADER_BYTES = 1 + 32 + 4;

  /** Default largest frame body: the largest chunk plus its header, with room to spare. */
  public static final int DEFAULT_MAX_FRAME = 16 * 1024 * 1024 + 1024;

  private static final HexFormat HEX = HexFormat.of();
  static final JsonMapper MAPPER = strictMapper();
  /**
   * What an optional field that is absent from the JSON decodes as (a list field: empty; a
   * string field: null). Every other field stays required: an optional one says so with {@code
   * @JacksonInject} of one of these, which the JSON's own value overrides.
   */
  static final String ABSENT_LIST = "absent-list";

  static final String ABSENT = "absent";

  private static final ObjectReader READER = MAPPER.readerFor(Message.class)
      .with(new InjectableValues.Std().addValue(ABSENT_LIST, List.of()).addValue(ABSENT, null));
  private static final ObjectWriter WRITER = MAPPER.writerFor(Message.class);

  private Codec() {}

  private static JsonMapper strictMapper() {
    JsonMapper m = JsonMapper.builder()
        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_INVALID_SUBTYPE)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .addModule(WireTypes.module())
        .build();
    m.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
        .maxNestingDepth(8).maxStringLength(64 * 1024).maxNumberLength(32).build());
    for (LogicalType t : new LogicalType[] {LogicalType.Textual, LogicalType.Integer,
        LogicalType.Boolean, LogicalType.Float, LogicalType.Collection}) {
      m.coercionConfigFor(t)
          .setCoercion(CoercionInputShape.String, t == LogicalType.Textual ? CoercionAction.TryConvert : CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Integer, t == LogicalType.Integer || t == LogicalType.Float ? CoercionAction.TryConvert : CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Float, t == LogicalType.Float ? CoercionAction.TryConvert : CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, t == LogicalType.Boolean ? CoercionAction.TryConvert : CoercionAction.Fail)
          .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
    }
    return m;
  }

  /** The frame body of {@code m} (without the length prefix). */
  public static ByteString encode(Message m) {
    if (m instanceof Message.Chunk c) {
      ByteStringBuilder b = new ByteStringBuilder();
      chunkHeader(b, c.fileId(), c.chunkIndex());
      return b.result().concat(c.data());
    }
    try {
      byte[] json = WRITER.writeValueAsBytes(m);
      byte[] out = new byte[json.length + 1];
      out[0] = KIND_JSON;
      System.arraycopy(json, 0, out, 1, json.length);
      return ByteString.fromArrayUnsafe(out);
    } catch (JacksonException e) {
      throw new IllegalStateException("cannot encode " + m.getClass().getSimpleName(), e);
    }
  }

  private static void chunkHeader(ByteStringBuilder b, FileId id, int index) {
    b.putByte(KIND_CHUNK);
    b.putBytes(rawId(id));
    b.putInt(index, ByteOrder.BIG_ENDIAN);
  }

  /** Bytes of {@link #chunkFrameHeader}: the length, then the CHUNK body's own header. */
  public static final int CHUNK_FRAME_HEADER_BYTES = 4 + CHUNK_HEADER_BYTES;

  /**
   * The first 41 bytes of the frame of a CHUNK whose data is {@code length} bytes: the frame's
   * length, the kind, the raw file ID and the index. Followed on the wire by the data itself
   * (sent from the file by {@code sendfile}), it is byte for byte the frame of {@code
   * Codec.frame(encode(chunk))}. Refuses, as {@link #frame} does, a body over {@code max}.
   */
  public static ByteString chunkFrameHeader(FileId id, int index, int length, int max) {
    if (length < 0) throw new FramingException("negative chunk length " + length);
    long body = (long) CHUNK_HEADER_BYTES + length;
    if (body > max) {
      throw new FramingException("frame of " + body + " bytes exceeds the maximum " + max);
    }
    ByteStringBuilder b = new ByteStringBuilder();
    b.sizeHint(CHUNK_FRAME_HEADER_BYTES);
    b.putInt((int) body, ByteOrder.BIG_ENDIAN);
    chunkHeader(b, id, index);
    return b.result();
  }

  // 32 bytes of hex per chunk of up to 16 MiB costs nothing next to its SHA-256; a shared cache
  // of the last ID (tried) thrashed as soon as two files moved at once.
  private static byte[] rawId(FileId id) {
    return HEX.parseHex(id.hex());
  }

  /** The file ID of a CHUNK body (its bytes 1..32). */
  private static FileId chunkFileId(ByteString body) {
    byte[] raw = new byte[32];
    body.slice(1, 33).copyToArray(raw, 0, 32);
    return new FileId(HEX.formatHex(raw));
  }

  /** Decodes one frame body. */
  public static Message decode(ByteString body) {
    if (body.isEmpty()) throw new ProtocolException("empty frame");
    byte kind = body.apply(0);
    if (kind == KIND_CHUNK) {
      if (body.size() < CHUNK_HEADER_BYTES) {
        throw new ProtocolException("CHUNK frame shorter than its " + CHUNK_HEADER_BYTES + "-byte header");
      }
      FileId id = chunkFileId(body);
      int index = body.slice(33, 37).asByteBuffer().order(ByteOrder.BIG_ENDIAN).getInt();
      if (index < 0) throw new ProtocolException("CHUNK has a negative chunk index");
      return new Message.Chunk(id, index, body.drop(CHUNK_HEADER_BYTES));
    }
    if (kind != KIND_JSON) {
      throw new ProtocolException(String.format("unknown frame kind 0x%02x", kind & 0xff));
    }
    try {
      byte[] json = body.drop(1).toArrayUnsafe();
      return READER.readValue(json);
    } catch (JacksonException e) {
      throw new ProtocolException("bad control message: " + reason(e), e);
    } catch (IOException e) {
      throw new ProtocolException("bad control message: " + e.getMessage(), e);
    }
  }

  private static String reason(JacksonException e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
      if (t instanceof IllegalArgumentException) return t.getMessage();
    }
    String msg = e.getOriginalMessage();
    if (msg == null) msg = e.getClass().getSimpleName();
    // Drop Jackson's hints about its own settings: the sender cannot act on them.
    msg = msg.replaceAll("\\s+", " ").replace("dev.p2p.protocol.", "")
        .replaceAll(" \\((but|set) [^()]*\\)", "")
        .replaceAll("; `DeserializationFeature\\.\\w+` enabled", "")
        .replace(", not marked as ignorable", "")
        .replaceAll(": not allowed as per `DeserializationFeature\\.\\w+`", "")
        .replace("Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); ", "");
    String field = fieldPath(e);
    if (!field.isEmpty()) msg = field + ": " + msg;
    return msg.length() > 300 ? msg.substring(0, 300) + "..." : msg;
  }

  /** Prefixes each body with its length (4 bytes, big-endian); refuses bodies over {@code max}. */
  public static Flow<ByteString, ByteString, NotUsed> enframe(int max) {
    return Flow.of(ByteString.class).map(body -> frame(body, max));
  }

  /** One frame: {@code body} behind its length (4 bytes, big-endian), if it is at most {@code max}. */
  public static ByteString frame(ByteString body, int max) {
    if (body.size() > max) {
      throw new FramingException("frame of " + body.size() + " bytes exceeds the maximum " + max);
    }
    ByteStringBuilder b = new ByteStringBuilder();
    b.putInt(body.size(), ByteOrder.BIG_ENDIAN);
    return b.result().concat(body);
  }

  /**
   * Cuts a byte stream into frame bodies, each a slice of the bytes received (no copy). A length
   * over {@code max} or a truncated last frame fails the stream with a {@code FramingException}.
   */
  public static Flow<ByteString, ByteString, NotUsed> deframe(int max) {
    return Flow.fromGraph(new Deframer(max));
  }

  /** Where in the message the problem is, as "peers[0].port"; empty when unknown. */
  private static String fieldPath(JacksonException e) {
    if (!(e instanceof JsonMappingException d)) return "";
    StringBuilder b = new StringBuilder();
    for (var ref : d.getPath()) {
      if (ref.getFieldName() != null) {
        if (b.length() > 0) b.append('.');
        b.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        b.append('[').append(ref.getIndex()).append(']');
      }
    }
    return b.toString();
  }

  /**
   * The protocol stack of one connection: messages on top, length-prefixed frames (4-byte
   * big-endian length, bodies of at most {@code maxFrameBytes}) below. A frame over the maximum,
   * a truncated last frame or an undecodable body fails the stream with a clear message.
   */
  public static BidiFlow<Message, ByteString, ByteString, Message, NotUsed> stack(int maxFrameBytes) {
    return BidiFlow.fromFlows(
        Flow.of(Message.class).map(Codec::encode).via(enframe(maxFrameBytes)),
        deframe(maxFrameBytes).map(Codec::decode));
  }
}
