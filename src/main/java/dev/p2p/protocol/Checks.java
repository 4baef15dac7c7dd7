package dev.p2p.protocol;

import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import java.util.Base64;
import java.util.List;

/** Field validation shared by the message records; each failure is one clear sentence. */
final class Checks {
  private Checks() {}

  /** A required file ID; a bad one never gets this far (see {@link WireTypes}), a missing one does. */
  static void fileId(FileId v) {
    if (v == null) throw badFileId("file_id");
  }

  static IllegalArgumentException badFileId(String field) {
    return new IllegalArgumentException(
        (field == null ? "file_id" : field) + " must be 64 lowercase hex characters");
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

  static void port(int port) {
    range("port", port, 1, 65535);
  }

  static void range(String field, long v, long min, long max) {
    Manifest.checkRange(field, v, min, max);
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
      b = Base64.getDecoder().decode(v);
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

  /**
   * The manifest fields of a REGISTER or QUERY_RESULT: {@link Manifest}'s own rules, plus the one
   * the wire adds, that {@code num_chunks} agrees with the size and the hashes. Returns an
   * unmodifiable copy of the hashes.
   */
  static List<String> manifest(String filename, long fileSize, int chunkSize, int numChunks,
      List<String> chunkHashes) {
    Manifest.checkLayout(filename, fileSize, chunkSize);
    long expected = Manifest.chunkCount(fileSize, chunkSize);
    if (numChunks != expected) {
      throw new IllegalArgumentException("num_chunks is " + numChunks + " but a file of "
          + fileSize + " bytes in chunks of " + chunkSize + " has " + expected);
    }
    if (chunkHashes == null || chunkHashes.size() != numChunks) {
      throw new IllegalArgumentException("chunk_hashes must list num_chunks hashes");
    }
    chunkHashes.forEach(Manifest::checkChunkHash);
    return List.copyOf(chunkHashes);
  }

  /** A hash, lookup or proof: 64 lowercase hex characters. */
  static void hex(String field, String v) {
    if (!FileId.isValid(v)) throw new IllegalArgumentException(field + " must be 64 lowercase hex characters");
  }

  static void hexOrNull(String field, String v) {
    if (v != null) hex(field, v);
  }

  /** The terms of a private REGISTER: all null (public), or a lookup hash with optional limits. */
  static void privateTerms(String lookupHash, Long expiresAt, Integer maxDownloads) {
    hexOrNull("lookup_hash", lookupHash);
    if (lookupHash == null && (expiresAt != null || maxDownloads != null)) {
      throw new IllegalArgumentException("expires_at and max_downloads need a lookup_hash");
    }
    if (expiresAt != null) range("expires_at", expiresAt, 0, Long.MAX_VALUE);
    if (maxDownloads != null) range("max_downloads", maxDownloads, 1, Message.MAX_DOWNLOADS);
  }

  /** A variant name ({@link Manifest#variant}): 64 lowercase hex characters. */
  static void variant(String field, String v) {
    if (!FileId.isValid(v)) {
      throw new IllegalArgumentException(field + " must hold SHA-256 digests of 64 lowercase hex characters");
    }
  }

  /** A list of at most {@code max} variant names; returns an unmodifiable copy. */
  static List<String> variants(String field, List<String> v, int max) {
    if (v == null) throw new IllegalArgumentException(field + " is missing");
    if (v.size() > max) {
      throw new IllegalArgumentException(field + " lists " + v.size() + " variants, more than " + max);
    }
    for (String s : v) variant(field, s);
    return List.copyOf(v);
  }

  /** A list of peers: present, without nulls; returns an unmodifiable copy. */
  static List<Message.PeerInfo> peers(List<Message.PeerInfo> peers) {
    if (peers == null) throw new IllegalArgumentException("peers is missing");
    if (peers.stream().anyMatch(p -> p == null)) throw new IllegalArgumentException("peers must not contain null");
    return List.copyOf(peers);
  }
}
