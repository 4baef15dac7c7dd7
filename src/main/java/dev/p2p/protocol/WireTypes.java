package dev.p2p.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.p2p.storage.FileId;
import java.io.IOException;

/**
 * How the domain values inside messages look on the wire: a {@link FileId} is its 64 hex
 * characters and an {@link ErrorCode} its name, both as JSON strings, so typed records write the
 * same bytes as plain strings did. Kept here rather than as annotations on the storage types, so
 * that storage stays free of Jackson.
 *
 * <p>Each value is read as a string through the mapper's own string deserializer first, so that
 * the strict coercion rules (no number or boolean for a string) still apply; a string that is not
 * a valid value fails with one sentence that names the field.
 */
final class WireTypes {
  private WireTypes() {}

  static SimpleModule module() {
    return new SimpleModule("p2p-wire-types")
        .addSerializer(FileId.class, new JsonSerializer<FileId>() {
          @Override
          public void serialize(FileId id, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeString(id.hex());
          }
        })
        .addDeserializer(FileId.class, new JsonDeserializer<FileId>() {
          @Override
          public FileId deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            String hex = string(p, ctx);
            try {
              return new FileId(hex);   // validates once: this runs for every decoded QUERY
            } catch (IllegalArgumentException e) {
              throw Checks.badFileId(p.currentName());
            }
          }
        })
        .addDeserializer(ErrorCode.class, new JsonDeserializer<ErrorCode>() {
          @Override
          public ErrorCode deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            return ErrorCode.parse(string(p, ctx));
          }
        });
  }

  /** The current value as a string, held to the mapper's coercion rules when it is not one. */
  private static String string(JsonParser p, DeserializationContext ctx) throws IOException {
    // The common case without a deserializer lookup: every QUERY has a file ID.
    return p.currentToken() == JsonToken.VALUE_STRING ? p.getText() : ctx.readValue(p, String.class);
  }
}
