package dev.p2p.protocol;

import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import java.util.List;

/** Field validation shared by the message records; each failure is one clear sentence. */
final class Checks {
  private Checks() {}

  static void fileId(String v) {
    if (!FileId.isValid(v)) {
      throw new IllegalArgumentException("file_id must be 64 lowercase hex characters");
    }
  }

  static void peerId(String v) {
    text("peer_id", v, Message.MAX_PEER_ID);
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.') || c > 127) {
        throw new IllegalArgumentException("peer_id may hold only letters, digits, '-', '_', '.'");
      }
    }
  }

  /** The codes an ERROR may carry; anything else is a protocol violation. */
  static final java.util.Set<String> ERROR_CODES =
      java.util.Set.of("NOT_FOUND", "NO_CHUNK", "CONFLICT", "BAD_REQUEST", "BUSY", "INTERNAL");

  static void errorCode(String v) {
    if (v == null || v.isEmpty()) throw new IllegalArgumentException("code is missing");
    if (!ERROR_CODES.contains(v)) {
      throw new IllegalArgumentException("unknown error code '"
          + (v.length() > 32 ? v.substring(0, 32) + "..." : v) + "'");
    }
  }

  static void port(int port) {
    range("port", port, 1, 65535);
  }

  static void range(String field, long v, long min, long max) {
    if (v < min || v > max) {
      throw new IllegalArgumentException(field + " out of range [" + min + ", " + max + "]: " + v);
    }
  }

  static void text(String field, String v, int max) {
    if (v == null || v.isEmpty()) throw new IllegalArgumentException(field + " is missing");
    if (v.length() > max) throw new IllegalArgumentException(field + " is longer than " + max);
  }

  /**
   * A HAVE bitfield: base64 (padding optional) of exactly ceil(numChunks/8) bytes, with the spare
   * bits after the last chunk zero, so a receiver can index it by chunk without further checks.
   */
  static void bitfield(String v, int numChunks) {
    if (v == null) throw new IllegalArgumentException("bitfield is missing");
    int bytes = (int) ((numChunks + 7L) / 8);
    if (v.length() > (bytes + 2) / 3 * 4) {
      throw new IllegalArgumentException("bitfield is longer than " + numChunks + " chunks need");
    }
    byte[] b;
    try {
      b = java.util.Base64.getDecoder().decode(v);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bitfield is not base64: " + e.getMessage());
    }
    if (b.length != bytes) {
      throw new IllegalArgumentException("bitfield has " + b.length + " bytes but num_chunks "
          + numChunks + " needs " + bytes);
    }
    if (numChunks % 8 != 0 && (b[bytes - 1] & (0xff >> (numChunks % 8))) != 0) {
      throw new IllegalArgumentException("bitfield has bits set after the last chunk");
    }
  }

  static void manifest(String fileId, String filename, long fileSize, int chunkSize,
      int numChunks, List<String> chunkHashes) {
    text("filename", filename, 255);
    range("file_size", fileSize, 0, Manifest.MAX_FILE_SIZE);
    range("chunk_size", chunkSize, Manifest.MIN_CHUNK_SIZE, Manifest.MAX_CHUNK_SIZE);
    long expected = Manifest.chunkCount(fileSize, chunkSize);
    if (numChunks != expected) {
      throw new IllegalArgumentException("num_chunks is " + numChunks + " but a file of "
          + fileSize + " bytes in chunks of " + chunkSize + " has " + expected);
    }
    if (chunkHashes == null || chunkHashes.size() != numChunks) {
      throw new IllegalArgumentException("chunk_hashes must list num_chunks hashes");
    }
    for (String h : chunkHashes) {
      if (!FileId.isValid(h)) {
        throw new IllegalArgumentException("each chunk hash must be 64 lowercase hex characters");
      }
    }
  }
}
