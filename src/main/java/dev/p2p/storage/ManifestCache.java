package dev.p2p.storage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Manifests of files this machine has already hashed or verified, so that sharing such a file
 * again (a restarted {@code share}, a finished download shared anew, a node restoring its shares)
 * costs one stat instead of two SHA-256 passes over it. An entry is keyed by the file's absolute
 * path and holds the size and modification time the file had when its manifest was made; a file
 * whose size or mtime differs now is not the file that was hashed, and its entry is ignored.
 *
 * <p>Where entries are kept is an {@link Entries} store: the node's state database (table
 * {@code manifests} of {@code state.db}, see {@code dev.p2p.state}). That store is disk input
 * that anyone with write access to it may have changed: an entry is read with a size cap, must
 * match its key exactly, and anything malformed counts as absent (and is removed). The store
 * keeps at most {@link #MAX_ENTRIES} entries; the oldest go first.
 *
 * <p>Entry layout (big-endian, one per path): {@code int magic "P2PM", byte version 1, UTF path,
 * long size, long mtime seconds, int mtime nanos, UTF name, 32-byte file ID, int chunk size, int
 * chunk count, 32 bytes per chunk hash} and nothing after.
 */
public final class ManifestCache {
  /** Entries kept; recording one more removes the least recently written. */
  public static final int MAX_ENTRIES = 256;

  /** Longest entry read: room for 100,000 chunk hashes (what a shared manifest is kept under) and more. */
  public static final int MAX_ENTRY_BYTES = 8 << 20;

  private static final int MAGIC = 0x5032504d;
  private static final byte VERSION = 1;
  private static final HexFormat HEX = HexFormat.of();

  /**
   * Where the encoded entries live, by the file's absolute path. Reads return at most {@link
   * #MAX_ENTRY_BYTES} (a longer entry reads as absent); writes keep at most {@link #MAX_ENTRIES}.
   * A failure throws; the cache then counts a miss (or skips the write).
   */
  public interface Entries {
    Optional<byte[]> read(String path) throws IOException;

    void write(String path, byte[] entry) throws IOException;

    void remove(String path) throws IOException;
  }

  private final Optional<Entries> entries;
  private final AtomicLong hits = new AtomicLong();

  private ManifestCache(Optional<Entries> entries) {
    this.entries = entries;
  }

  /** A cache over {@code entries}. */
  public static ManifestCache over(Entries entries) {
    return new ManifestCache(Optional.of(entries));
  }

  /** No cache: every lookup misses, nothing is written. */
  public static ManifestCache none() {
    return new ManifestCache(Optional.empty());
  }

  /** A manifest found for a file, with the modification time it was made for (also the file's now). */
  public record Hit(Manifest manifest, FileTime modified) {}

  /** How many lookups of this cache found a usable manifest: each one a file not hashed. */
  public long hits() {
    return hits.get();
  }

  /**
   * The cached manifest of {@code file} if the file still has the size and mtime it had when the
   * manifest was recorded. Never throws: a missing, stale or damaged entry is a miss.
   */
  public Optional<Hit> lookup(Path file) {
    if (entries.isEmpty()) return Optional.empty();
    String key = file.toAbsolutePath().normalize().toString();
    BasicFileAttributes now;
    Optional<byte[]> bytes;
    try {
      now = Files.readAttributes(Path.of(key), BasicFileAttributes.class);
      bytes = entries.get().read(key);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    if (bytes.isEmpty()) return Optional.empty();
    try {
      Stored s = decode(bytes.get());
      if (!s.path().equals(key)) return Optional.empty(); // an entry stored under another key
      if (!now.isRegularFile() || now.size() != s.manifest().size()
          || !now.lastModifiedTime().equals(s.modified())) {
        return Optional.empty();
      }
      hits.incrementAndGet();
      return Optional.of(new Hit(s.manifest(), s.modified()));
    } catch (IOException | RuntimeException e) {
      removeQuietly(key);
      return Optional.empty();
    }
  }

  /**
   * Remembers that {@code file}, with modification time {@code modified}, has manifest {@code m}.
   * Best effort: a cache that cannot be written only costs a re-hash later.
   */
  public void record(Path file, Manifest m, FileTime modified) {
    if (entries.isEmpty()) return;
    String key = file.toAbsolutePath().normalize().toString();
    try {
      entries.get().write(key, encode(key, m, modified));
    } catch (IOException | RuntimeException e) {
      // best effort, see above
    }
  }

  private record Stored(String path, Manifest manifest, FileTime modified) {}

  static byte[] encode(String path, Manifest m, FileTime modified) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(96 + path.length() + 32 * m.numChunks());
    DataOutputStream out = new DataOutputStream(buf);
    Instant t = modified.toInstant();
    out.writeInt(MAGIC);
    out.writeByte(VERSION);
    out.writeUTF(path);
    out.writeLong(m.size());
    out.writeLong(t.getEpochSecond());
    out.writeInt(t.getNano());
    out.writeUTF(m.name());
    out.write(HEX.parseHex(m.id().hex()));
    out.writeInt(m.chunkSize());
    out.writeInt(m.numChunks());
    for (String h : m.chunkHashes()) out.write(HEX.parseHex(h));
    out.flush();
    return buf.toByteArray();
  }

  private static Stored decode(byte[] bytes) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
    if (in.readInt() != MAGIC || in.readByte() != VERSION) throw new IOException("not a cache entry");
    String path = in.readUTF();
    long size = in.readLong();
    FileTime modified = FileTime.from(Instant.ofEpochSecond(in.readLong(), in.readInt()));
    String name = in.readUTF();
    FileId id = new FileId(hex(in));
    int chunkSize = in.readInt();
    Manifest.checkLayout(name, size, chunkSize);
    int count = in.readInt();
    // Checked before anything is allocated for the hashes: the count is untrusted.
    if (count != Manifest.chunkCount(size, chunkSize) || (long) count * 32 != in.available()) {
      throw new IOException("chunk count does not match the entry");
    }
    List<String> hashes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) hashes.add(hex(in));
    return new Stored(path, new Manifest(id, name, size, chunkSize, hashes), modified);
  }

  private static String hex(DataInputStream in) throws IOException {
    byte[] b = new byte[32];
    in.readFully(b);
    return HEX.formatHex(b);
  }

  private void removeQuietly(String key) {
    try {
      entries.get().remove(key);
    } catch (IOException | RuntimeException e) {
      // a leftover damaged entry is a miss next time too
    }
  }
}
