package dev.p2p.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.BitSet;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * A download in progress: {@code .<id>.part} in the download folder, written chunk by chunk at
 * each chunk's offset, with {@code .<id>.bitmap} beside it recording which chunks were written
 * (one byte per chunk, 1 = verified and written). After a crash the same download reopens both,
 * re-verifies every chunk the bitmap claims and keeps only those that match. The final name
 * appears only in {@link #complete}, after the whole-file SHA-256 matched the ID.
 *
 * <p>The bitmap is written in batches ({@link #MARK_BATCH} chunks or {@link #MARK_INTERVAL_NANOS},
 * whichever comes first, and on {@link #close}), always after the data of every chunk it marks: a
 * crash can lose marks, so chunks are fetched again, but never marks a chunk whose data is not
 * written.
 *
 * <p>A chunk is copied once, into a pooled direct buffer; its SHA-256, its write and (when it is
 * the next chunk in file order) the whole-file digest are all fed from that buffer.
 *
 * <p>Thread safety: {@link #write} and {@link #read} may be called from several threads (positional
 * I/O on one channel); the bitset is guarded by this object's lock.
 */
public final class PartialFile implements ChunkSource, AutoCloseable {
  /** The bitmap is written after at most this many new marks... */
  static final int MARK_BATCH = 64;
  /** ...or when a mark comes this long after the last write, so a slow download keeps its marks. */
  static final long MARK_INTERVAL_NANOS = 100_000_000L;
  /** Direct buffers kept for reuse, in bytes (at least one buffer). */
  private static final long POOL_BYTES = 4L << 20;

  private static final Set<java.nio.file.OpenOption> RW = Set.of(StandardOpenOption.READ,
      StandardOpenOption.WRITE, StandardOpenOption.CREATE, LinkOption.NOFOLLOW_LINKS);

  private final Path dir;
  private final Manifest manifest;
  private final Path partPath;
  private final Path bitmapPath;
  private final FileChannel data;
  private final FileChannel bitmap;
  private final BitSet have;
  private final int resumed;
  private final BufferPool buffers;
  // Marks in {@link #have} not yet in the bitmap file, and when it was last written (guarded by have).
  private int unwrittenMarks;
  private long marksWrittenAt = System.nanoTime();
  private final InOrderDigest whole;

  private PartialFile(Path dir, Manifest m, Path partPath, Path bitmapPath, FileChannel data,
      FileChannel bitmap, BitSet have, int resumed) {
    this.dir = dir;
    this.manifest = m;
    this.partPath = partPath;
    this.bitmapPath = bitmapPath;
    this.data = data;
    this.bitmap = bitmap;
    this.have = have;
    this.resumed = resumed;
    this.buffers = new BufferPool(Math.max(1, m.chunkSize()), POOL_BYTES);
    this.whole = new InOrderDigest(m, this::has, (i, buf) -> {
      buf.clear().limit(m.chunkLength(i));
      ChunkSource.readFully(data, buf, m.offset(i));
    }, buffers, POOL_BYTES);
  }

  public static Path partPathFor(Path dir, FileId id) {
    return dir.resolve("." + id.hex() + ".part");
  }

  public static Path bitmapPathFor(Path dir, FileId id) {
    return dir.resolve("." + id.hex() + ".bitmap");
  }

  /**
   * Opens (or creates) the partial file of {@code m} in {@code dir}. Chunks a previous run recorded
   * are verified again against the manifest; only matching ones count as present.
   */
  public static PartialFile open(Path dir, Manifest m) throws IOException {
    Files.createDirectories(dir);
    Path part = partPathFor(dir, m.id());
    Path bits = bitmapPathFor(dir, m.id());
    for (Path p : new Path[] {part, bits}) {
      if (Files.isSymbolicLink(p) || (Files.exists(p, LinkOption.NOFOLLOW_LINKS)
          && !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))) {
        throw new IOException("refusing to use " + p + ": it is not a regular file");
      }
    }
    FileChannel data = FileChannel.open(part, RW);
    FileChannel bitmap = null;
    try {
      bitmap = FileChannel.open(bits, RW);
      BitSet have = new BitSet(m.numChunks());
      int resumed = 0;
      if (data.size() > m.size()) data.truncate(m.size());
      if (bitmap.size() == m.numChunks() && m.numChunks() > 0) {
        ByteBuffer marks = ByteBuffer.allocate(m.numChunks());
        ChunkSource.readFully(bitmap, marks, 0);
        ByteBuffer buf = ByteBuffer.allocateDirect(m.chunkSize());
        for (int i = 0; i < m.numChunks(); i++) {
          if (marks.get(i) == 1 && verifyOnDisk(data, m, i, buf)) {
            have.set(i);
            resumed++;
          }
        }
      }
      // Rewrite the bitmap so it says exactly what was re-verified.
      ByteBuffer fresh = ByteBuffer.allocate(m.numChunks());
      for (int i = have.nextSetBit(0); i >= 0; i = have.nextSetBit(i + 1)) fresh.put(i, (byte) 1);
      bitmap.truncate(0);
      bitmap.write(fresh, 0);
      return new PartialFile(dir, m, part, bits, data, bitmap, have, resumed);
    } catch (IOException | RuntimeException e) {
      data.close();
      if (bitmap != null) bitmap.close();
      throw e;
    }
  }

  private static boolean verifyOnDisk(FileChannel ch, Manifest m, int i, ByteBuffer buf)
      throws IOException {
    long off = m.offset(i);
    int len = m.chunkLength(i);
    if (ch.size() < off + len) return false;
    buf.clear().limit(len);
    ChunkSource.readFully(ch, buf, off);
    return matches(m, i, buf);
  }

  /** True when the bytes (all remaining in {@code parts}) are exactly chunk {@code i}. */
  public static boolean matches(Manifest m, int i, ByteBuffer... parts) {
    long len = 0;
    MessageDigest md = Hashing.sha256();
    for (ByteBuffer p : parts) {
      len += p.remaining();
      md.update(p.duplicate());
    }
    return len == m.chunkLength(i) && Hashing.matches(md.digest(), m.chunkHash(i));
  }

  /** Number of chunks found valid on disk when this file was opened (resume). */
  public int resumedChunks() {
    return resumed;
  }

  public Path partPath() {
    return partPath;
  }

  @Override
  public Manifest manifest() {
    return manifest;
  }

  @Override
  public boolean has(int index) {
    synchronized (have) {
      return have.get(index);
    }
  }

  @Override
  public BitSet have() {
    synchronized (have) {
      return (BitSet) have.clone();
    }
  }

  public int haveCount() {
    synchronized (have) {
      return have.cardinality();
    }
  }

  public boolean isComplete() {
    return haveCount() == manifest.numChunks();
  }

  /**
   * Verifies chunk {@code index} against its SHA-256 and, only if it matches, writes it at its
   * offset and marks it present. The bytes are copied once, into a pooled direct buffer, and
   * hashed and written from there.
   *
   * @return false when the bytes are not chunk {@code index} (wrong length or hash): nothing is
   *     written
   * @throws IOException when the chunk cannot be written
   */
  public boolean writeIfIntact(int index, ByteBuffer... parts) throws IOException {
    ByteBuffer buf = gather(index, parts);
    if (buf == null) return false;
    boolean kept = false;
    try {
      if (!matches(manifest, index, buf)) return false;
      kept = store(index, buf);
      return true;
    } finally {
      if (!kept) buffers.release(buf);
    }
  }

  /**
   * Writes chunk {@code index} at its offset and marks it present. The caller must have verified
   * the bytes with {@link #matches}; this method checks only the length.
   */
  public void write(int index, ByteBuffer... parts) throws IOException {
    ByteBuffer buf = gather(index, parts);
    if (buf == null) {
      long len = 0;
      for (ByteBuffer p : parts) len += p.remaining();
      throw new IllegalArgumentException("chunk " + index + " has " + len + " bytes, expected "
          + manifest.chunkLength(index));
    }
    boolean kept = false;
    try {
      kept = store(index, buf);
    } finally {
      if (!kept) buffers.release(buf);
    }
  }

  /** The bytes of {@code parts} in a pooled buffer, flipped; null when they are not chunk-long. */
  private ByteBuffer gather(int index, ByteBuffer... parts) {
    long len = 0;
    for (ByteBuffer p : parts) len += p.remaining();
    if (len != manifest.chunkLength(index)) return null;
    ByteBuffer buf = buffers.take();
    for (ByteBuffer p : parts) buf.put(p.duplicate());
    return buf.flip();
  }

  /**
   * Writes the chunk in {@code buf}, then marks it, then feeds it to the whole-file digest.
   * Returns true when the digest keeps {@code buf} for later.
   */
  private boolean store(int index, ByteBuffer buf) throws IOException {
    long pos = manifest.offset(index);
    ByteBuffer b = buf.duplicate();
    while (b.hasRemaining()) pos += data.write(b, pos);
    // Data first, then the mark: a crash in between loses the chunk, never trusts a bad one.
    mark(index);
    return whole.offer(index, buf);
  }

  private void mark(int index) throws IOException {
    synchronized (have) {
      have.set(index);
      unwrittenMarks++;
    }
    writeMarks(false);
  }

  /** Writes the bitmap if marks are unwritten and, unless {@code all}, a batch of them is due. */
  private void writeMarks(boolean all) throws IOException {
    byte[] marks;
    synchronized (have) {
      long now = System.nanoTime();
      boolean due = unwrittenMarks >= MARK_BATCH || now - marksWrittenAt >= MARK_INTERVAL_NANOS;
      if (unwrittenMarks == 0 || !(all || due)) return;
      marks = new byte[manifest.numChunks()];
      for (int i = have.nextSetBit(0); i >= 0; i = have.nextSetBit(i + 1)) marks[i] = 1;
      unwrittenMarks = 0;
      marksWrittenAt = now;
    }
    // Two threads may write their snapshots in either order; an older one can only lack marks.
    ByteBuffer b = ByteBuffer.wrap(marks);
    for (long pos = 0; b.hasRemaining(); ) pos += bitmap.write(b, pos);
  }

  @Override
  public ByteBuffer read(int index) throws IOException {
    if (!has(index)) throw new IOException("chunk " + index + " is not downloaded yet");
    return readRange(manifest.offset(index), manifest.chunkLength(index));
  }

  @Override
  public ByteBuffer readRange(long offset, int length) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(length);
    ChunkSource.readFully(data, buf, offset);
    return buf;
  }

  /**
   * Checks the whole file's SHA-256 against the ID and, only if it matches, gives it its final
   * name: {@code nameHint} made safe, in the download folder, never replacing an existing file.
   *
   * @return the final path
   * @throws IOException when the content does not match ({@link WrongContent}; the partial file
   *     is then discarded) or the file cannot be renamed
   */
  public Path complete(String nameHint, LongConsumer progress) throws IOException {
    if (!isComplete()) throw new IOException("download is not complete");
    if (data.size() != manifest.size()) data.truncate(manifest.size());
    String actual = Hashing.hex(whole.finish(progress));
    if (!actual.equals(manifest.id().hex())) {
      discard();
      throw new WrongContent("whole-file SHA-256 " + actual + " does not match the ID "
          + manifest.id() + "; partial data discarded");
    }
    close();
    // Nothing is ever overwritten; the final name only ever shows complete content.
    Path target = SafeNames.placeFinished(dir, SafeNames.sanitize(nameHint, manifest.id().hex()), partPath);
    Files.deleteIfExists(bitmapPath);
    return target;
  }

  /** {@link #complete} found the content wrong for the ID (and discarded it): the manifest lied. */
  public static final class WrongContent extends IOException {
    WrongContent(String message) {
      super(message);
    }
  }

  /** Deletes the partial file and its bitmap. */
  public void discard() throws IOException {
    close();
    Files.deleteIfExists(partPath);
    Files.deleteIfExists(bitmapPath);
  }

  @Override
  public void close() throws IOException {
    try {
      if (bitmap.isOpen()) writeMarks(true);
    } finally {
      try {
        data.close();
      } finally {
        bitmap.close();
      }
    }
  }
}
