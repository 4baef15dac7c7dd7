package dev.p2p.storage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Manifests of files this machine has already hashed or verified, so that sharing such a file
 * again (a restarted {@code share}, a finished download shared anew) costs one stat instead of
 * two SHA-256 passes over it. An entry is keyed by the file's absolute path and holds the size and
 * modification time the file had when its manifest was made; a file whose size or mtime differs
 * now is not the file that was hashed, and its entry is ignored.
 *
 * <p>The folder is disk input that anyone with write access to it may have changed: an entry is
 * read with a size cap, must match its key exactly, and anything malformed counts as absent
 * (and is removed). At most {@link #MAX_ENTRIES} entries are kept; the oldest go first.
 *
 * <p>Entry layout (big-endian, one file per path, named by the SHA-256 of the path):
 * {@code int magic "P2PM", byte version 1, UTF path, long size, long mtime seconds, int mtime
 * nanos, UTF name, 32-byte file ID, int chunk size, int chunk count, 32 bytes per chunk hash}
 * and nothing after.
 */
public final class ManifestCache {
  /** Entries kept; recording one more removes the least recently written. */
  public static final int MAX_ENTRIES = 256;

  /** Longest entry read: room for 100,000 chunk hashes (what a shared manifest is kept under) and more. */
  static final int MAX_ENTRY_BYTES = 8 << 20;

  private static final int MAGIC = 0x5032504d;
  private static final byte VERSION = 1;
  private static final String SUFFIX = ".manifest";
  private static final HexFormat HEX = HexFormat.of();

  private final Optional<Path> dir;

  private ManifestCache(Optional<Path> dir) {
    this.dir = dir;
  }

  /** A cache in {@code dir}, created when the first entry is written. */
  public static ManifestCache in(Path dir) {
    return new ManifestCache(Optional.of(dir.toAbsolutePath().normalize()));
  }

  /** No cache: every lookup misses, nothing is written. */
  public static ManifestCache none() {
    return new ManifestCache(Optional.empty());
  }

  /** A manifest found for a file, with the modification time it was made for (also the file's now). */
  public record Hit(Manifest manifest, FileTime modified) {}

  /**
   * The cached manifest of {@code file} if the file still has the size and mtime it had when the
   * manifest was recorded. Never throws: a missing, stale or damaged entry is a miss.
   */
  public Optional<Hit> lookup(Path file) {
    if (dir.isEmpty()) return Optional.empty();
    Path key = file.toAbsolutePath().normalize();
    Path entry = entryFor(key);
    BasicFileAttributes now;
    byte[] bytes;
    try {
      now = Files.readAttributes(key, BasicFileAttributes.class);
      bytes = readCapped(entry);
    } catch (IOException e) {
      return Optional.empty();
    }
    if (bytes == null) return Optional.empty();
    try {
      Stored s = decode(bytes);
      if (!s.path().equals(key.toString())) return Optional.empty(); // another path, same digest name
      if (!now.isRegularFile() || now.size() != s.manifest().size()
          || !now.lastModifiedTime().equals(s.modified())) {
        return Optional.empty();
      }
      return Optional.of(new Hit(s.manifest(), s.modified()));
    } catch (IOException | RuntimeException e) {
      deleteQuietly(entry);
      return Optional.empty();
    }
  }

  /**
   * Remembers that {@code file}, with modification time {@code modified}, has manifest {@code m}.
   * Best effort: a cache that cannot be written only costs a re-hash later.
   */
  public void record(Path file, Manifest m, FileTime modified) {
    if (dir.isEmpty()) return;
    Path key = file.toAbsolutePath().normalize();
    try {
      Files.createDirectories(dir.get());
      Path tmp = Files.createTempFile(dir.get(), ".entry", ".tmp");
      try {
        Files.write(tmp, encode(key.toString(), m, modified));
        move(tmp, entryFor(key));
      } finally {
        deleteQuietly(tmp);
      }
      prune();
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

  /** The entry's bytes, or null when it is absent, not a regular file or over the cap. */
  private static byte[] readCapped(Path entry) throws IOException {
    if (!Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) return null;
    try (InputStream in = Files.newInputStream(entry, LinkOption.NOFOLLOW_LINKS)) {
      byte[] b = in.readNBytes(MAX_ENTRY_BYTES + 1);
      return b.length > MAX_ENTRY_BYTES ? null : b;
    }
  }

  private Path entryFor(Path key) {
    byte[] digest = Hashing.sha256().digest(key.toString().getBytes(StandardCharsets.UTF_8));
    return dir.get().resolve(Hashing.hex(digest) + SUFFIX);
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private void prune() throws IOException {
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir.get(), "*" + SUFFIX)) {
      s.forEach(entries::add);
    }
    if (entries.size() <= MAX_ENTRIES) return;
    entries.sort(Comparator.comparing(ManifestCache::modifiedOrEpoch));
    entries.subList(0, entries.size() - MAX_ENTRIES).forEach(ManifestCache::deleteQuietly);
  }

  private static FileTime modifiedOrEpoch(Path p) {
    try {
      return Files.getLastModifiedTime(p);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // a leftover entry is a miss next time, or pruned
    }
  }
}
