package dev.p2p.storage;

import java.util.function.LongConsumer;
import java.util.Optional;
import java.nio.file.LinkOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.BitSet;

/**
 * A complete file served from where it lies (no copy). If the file's size or modification time
 * changes after it was hashed, it is treated as changed: {@link #read} fails and {@link #isIntact}
 * turns false, so the node stops serving it under the old ID.
 */
public final class SharedFile implements ChunkSource, AutoCloseable {
  private final Path path;
  private final Manifest manifest;
  private final FileChannel channel;
  private final FileTime modified;
  private volatile boolean changed;

  private SharedFile(Path path, Manifest manifest, FileChannel channel, FileTime modified) {
    this.path = path;
    this.manifest = manifest;
    this.channel = channel;
    this.modified = modified;
  }

  /**
   * Opens {@code path} for serving with a manifest already computed for it.
   *
   * @param modifiedAtHash the file's modification time when it was hashed (read it before hashing)
   */
  public static SharedFile open(Path path, Manifest manifest, FileTime modifiedAtHash)
      throws IOException {
    FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
    SharedFile f = new SharedFile(path, manifest, ch, modifiedAtHash);
    if (!f.isIntact()) {
      ch.close();
      throw new IOException(path + " changed while it was being hashed");
    }
    return f;
  }

  /**
   * The file a download of {@code m} into {@code dir} would be named, when it is there already
   * with the ID's content (its SHA-256 is the ID), opened for serving under a manifest hashed here
   * (the tracker's chunk hashes are not trusted for it); empty when there is none, or another
   * file has that name (which the download then leaves alone).
   */
  public static Optional<SharedFile> alreadyIn(Path dir, Manifest m) throws IOException {
    Path p = SafeNames.resolveInside(dir, SafeNames.sanitize(m.name(), m.id().hex()));
    if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || Files.size(p) != m.size()) {
      return Optional.empty();
    }
    SharedFile f = hashAndOpen(p, m.chunkSize(), done -> {});
    if (f.manifest().id().equals(m.id())) return Optional.of(f);
    f.close();
    return Optional.empty();
  }

  /** Hashes {@code path} and opens it for serving. */
  public static SharedFile hashAndOpen(Path path, int chunkSize, LongConsumer progress)
      throws IOException {
    if (Files.isDirectory(path)) {
      throw new IOException(path + " is a folder: share the files in it (e.g. p2p share " + path.resolve("*") + ")");
    }
    if (!Files.isRegularFile(path)) throw new IOException("not a regular file: " + path);
    FileTime before = Files.getLastModifiedTime(path);
    Manifest m = Hashing.manifest(path, path.getFileName().toString(), chunkSize, progress);
    return open(path, m, before);
  }

  public Path path() {
    return path;
  }

  @Override
  public Manifest manifest() {
    return manifest;
  }

  /** Cheap check (one stat) that the file is still the one that was hashed. */
  public boolean isIntact() {
    if (changed) return false;
    try {
      BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
      if (a.size() != manifest.size() || !a.lastModifiedTime().equals(modified)) changed = true;
    } catch (IOException e) {
      changed = true;
    }
    return !changed;
  }

  @Override
  public boolean has(int index) {
    return index >= 0 && index < manifest.numChunks() && !changed;
  }

  @Override
  public BitSet have() {
    BitSet b = new BitSet(manifest.numChunks());
    if (!changed) b.set(0, manifest.numChunks());
    return b;
  }

  /**
   * Fails unless the file is still the one that was hashed ({@link #isIntact}): to be called
   * before serving bytes of it, from this object or by its path.
   *
   * @throws IOException saying that the file changed
   */
  public void checkIntact() throws IOException {
    if (!isIntact()) throw new IOException(path + " changed on disk since it was shared");
  }

  @Override
  public ByteBuffer read(int index) throws IOException {
    return readRange(manifest.offset(index), manifest.chunkLength(index));
  }

  @Override
  public ByteBuffer readRange(long offset, int length) throws IOException {
    checkIntact();
    ByteBuffer buf = ByteBuffer.allocate(length);
    ChunkSource.readFully(channel, buf, offset);
    return buf;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
