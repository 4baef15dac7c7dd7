package dev.p2p.storage;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * What a downloader needs to know about a file before it has any of it: its ID, a name hint, its
 * size, the chunk size and the SHA-256 of every chunk in order. Chunk {@code i} covers bytes
 * {@code [i*chunkSize, min(size, (i+1)*chunkSize))}; the last chunk may be short and an empty file
 * has no chunks. The constructor rejects any manifest whose chunk count disagrees with its size.
 */
public record Manifest(FileId id, String name, long size, int chunkSize, List<String> chunkHashes) {
  /** Smallest and largest chunk sizes any node accepts (also bounds frame sizes). */
  public static final int MIN_CHUNK_SIZE = 1024;

  public static final int MAX_CHUNK_SIZE = 16 * 1024 * 1024;

  /** 1 TiB: files larger than this are refused rather than trusted. */
  public static final long MAX_FILE_SIZE = 1L << 40;

  /** Longest name hint, in chars: what common file systems allow for one path element. */
  public static final int MAX_NAME = 255;

  public Manifest {
    if (id == null) throw new IllegalArgumentException("file ID is missing");
    checkLayout(name, size, chunkSize);
    if (chunkHashes == null) throw new IllegalArgumentException("chunk hashes are missing");
    long expected = chunkCount(size, chunkSize);
    if (chunkHashes.size() != expected) {
      throw new IllegalArgumentException(
          "manifest lists " + chunkHashes.size() + " chunk hashes but a file of " + size
              + " bytes in chunks of " + chunkSize + " has " + expected);
    }
    chunkHashes.forEach(Manifest::checkChunkHash);
    chunkHashes = List.copyOf(chunkHashes);
  }

  /**
   * The rules for a manifest's name, size and chunk size. The wire records that carry a manifest
   * check them too, before their own rule on {@code num_chunks}; so the messages use the field
   * names of docs/protocol.md.
   */
  public static void checkLayout(String name, long size, int chunkSize) {
    if (name == null || name.isEmpty()) throw new IllegalArgumentException("filename is missing");
    if (name.length() > MAX_NAME) {
      throw new IllegalArgumentException("filename is longer than " + MAX_NAME);
    }
    checkRange("file_size", size, 0, MAX_FILE_SIZE);
    checkRange("chunk_size", chunkSize, MIN_CHUNK_SIZE, MAX_CHUNK_SIZE);
  }

  /** A chunk hash: a SHA-256 as 64 lowercase hex characters. */
  public static void checkChunkHash(String hash) {
    if (!FileId.isValid(hash)) {
      throw new IllegalArgumentException("each chunk hash must be 64 lowercase hex characters");
    }
  }

  /** Rejects {@code v} outside {@code [min, max]}, naming {@code field} (the wire's rule too). */
  public static void checkRange(String field, long v, long min, long max) {
    if (v < min || v > max) {
      throw new IllegalArgumentException(field + " out of range [" + min + ", " + max + "]: " + v);
    }
  }

  public static long chunkCount(long size, int chunkSize) {
    return (size + chunkSize - 1) / chunkSize;
  }

  /**
   * The name of this manifest's content among competing manifests of one file ID (the tracker's
   * "variants"): the SHA-256, as 64 lowercase hex characters, of {@code size} (8 bytes,
   * big-endian), {@code chunkSize} (4 bytes, big-endian) and the 32 raw bytes of each chunk hash
   * in order. The name hint is left out: two sharers of the same bytes under different names
   * hold the same variant. Tracker and downloader both call this, so they agree on the name.
   */
  public String variant() {
    MessageDigest md = Hashing.sha256();
    md.update(ByteBuffer.allocate(Long.BYTES + Integer.BYTES).putLong(size).putInt(chunkSize).flip());
    HexFormat hex = HexFormat.of();
    for (String h : chunkHashes) md.update(hex.parseHex(h));
    return Hashing.hex(md.digest());
  }

  public int numChunks() {
    return chunkHashes.size();
  }

  public long offset(int index) {
    checkIndex(index);
    return (long) index * chunkSize;
  }

  public int chunkLength(int index) {
    checkIndex(index);
    return (int) Math.min(chunkSize, size - (long) index * chunkSize);
  }

  public String chunkHash(int index) {
    checkIndex(index);
    return chunkHashes.get(index);
  }

  private void checkIndex(int index) {
    if (index < 0 || index >= chunkHashes.size()) {
      throw new IndexOutOfBoundsException(
          "chunk index " + index + " out of range [0, " + chunkHashes.size() + ")");
    }
  }
}
