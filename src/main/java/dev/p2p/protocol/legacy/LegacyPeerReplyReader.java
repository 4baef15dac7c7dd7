package dev.p2p.protocol.legacy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.p2p.protocol.ProtocolException;
import java.util.Optional;
import java.util.function.ToIntFunction;
import org.apache.pekko.util.ByteString;

/**
 * Reads one answer of an original node from a connection's bytes as they arrive: an 8-byte
 * length, that many bytes of JSON (at most {@code maxBody}), then as many raw bytes as
 * {@code payload} says the header announces (0 for a tracker's answer; a CHUNK_RESPONSE's
 * {@code chunk_size}, which {@code payload} checks). Nothing is buffered beyond the frame and
 * that payload; bytes after them are ignored. Not thread-safe: one reader per connection.
 */
public final class LegacyPeerReplyReader {
  /** A complete answer: its JSON header and the raw bytes that followed it. */
  public record Reply(ObjectNode header, ByteString payload) {}

  private final int maxBody;
  private final ToIntFunction<ObjectNode> payload;
  private ByteString buffered = ByteString.emptyByteString();
  private ObjectNode header;
  private int wanted;

  /**
   * @param payload the number of raw bytes the header announces; throws {@link
   *     ProtocolException} for a header it refuses (too large, another chunk, not_found...)
   */
  public LegacyPeerReplyReader(int maxBody, ToIntFunction<ObjectNode> payload) {
    this.maxBody = maxBody;
    this.payload = payload;
  }

  /** A reader of a tracker's answer: one frame, nothing after it. */
  public static LegacyPeerReplyReader frameOnly(int maxBody) {
    return new LegacyPeerReplyReader(maxBody, json -> 0);
  }

  /** Takes the next bytes; the answer once it is complete. */
  public Optional<Reply> feed(ByteString bytes) {
    buffered = buffered.concat(bytes);
    if (header == null) {
      long length = LegacyWire.length(buffered);
      if (length < 0) return Optional.empty();
      if (!LegacyWire.looksLegacy(buffered)) {
        // Our own protocol's 4-byte frames, TLS, HTTP...: the other end is not an original node.
        throw new ProtocolException("the answer is not in the original's protocol");
      }
      if (length > maxBody) {
        throw new ProtocolException("answer of " + length + " bytes, more than the " + maxBody + " accepted");
      }
      if (buffered.size() < LegacyWire.HEADER + length) return Optional.empty();
      header = LegacyWire.parse(buffered.slice(LegacyWire.HEADER, LegacyWire.HEADER + (int) length));
      buffered = buffered.drop(LegacyWire.HEADER + (int) length);
      wanted = payload.applyAsInt(header);
    }
    if (buffered.size() < wanted) return Optional.empty();
    return Optional.of(new Reply(header, buffered.take(wanted).compact()));
  }

  /** Where the answer stopped, for the error of a connection that closed before its end. */
  public String incomplete() {
    if (header == null) return "the connection closed before a whole answer came";
    return "the connection closed after " + buffered.size() + " of " + wanted + " bytes of data";
  }
}
