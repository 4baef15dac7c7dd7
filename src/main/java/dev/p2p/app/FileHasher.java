package dev.p2p.app;

import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import dev.p2p.storage.ManifestCache;
import dev.p2p.storage.SharedFile;
import dev.p2p.text.P2pException;
import dev.p2p.text.UserText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Opens a file to share: from its cached manifest when the file is unchanged, otherwise by
 * hashing it (reporting progress at most every 100 ms) and recording the manifest. Blocking: run
 * it on the blocking dispatcher.
 */
final class FileHasher {
  /** Where hashing progress goes: bytes hashed so far of {@code total}. */
  interface Progress {
    void hashed(Path file, long done, long total);
  }

  private final int chunkSize;
  private final Progress progress;

  FileHasher(int chunkSize, Progress progress) {
    this.chunkSize = chunkSize;
    this.progress = progress;
  }

  SharedFile openOrHash(Path path, ManifestCache cache, Optional<FileId> expected) {
    Optional<ManifestCache.Hit> hit = cache.lookup(path)
        .filter(h -> expected.isEmpty() || h.manifest().id().equals(expected.get()));
    try {
      // SharedFile.open checks size and mtime once more: a file changed since the lookup is refused.
      if (hit.isPresent()) return SharedFile.open(path, hit.get().manifest(), hit.get().modified());
    } catch (IOException e) {
      // changed or gone since the lookup: hashing says which
    }
    SharedFile f = hash(path, cache);
    if (expected.isPresent() && !expected.get().equals(f.manifest().id())) {
      closeQuietly(f);
      throw new P2pException(path + " has ID " + f.manifest().id().hex() + ", not " + expected.get().hex());
    }
    return f;
  }

  private static void closeQuietly(SharedFile f) {
    try {
      f.close();
    } catch (IOException e) {
      // only a read channel
    }
  }

  private SharedFile hash(Path path, ManifestCache cache) {
    try {
      long total = Files.size(path);
      // Read before hashing: if the file changes meanwhile, the entry names an mtime it no
      // longer has and is never used.
      FileTime before = Files.getLastModifiedTime(path);
      AtomicLong lastReport = new AtomicLong(-1);
      SharedFile f = SharedFile.hashAndOpen(path, chunkSizeFor(total), done -> {
        long now = System.nanoTime();
        if (done == total || now - lastReport.get() > 100_000_000L) {
          lastReport.set(now);
          progress.hashed(path, done, total);
        }
      });
      cache.record(path, f.manifest(), before);
      return f;
    } catch (NoSuchFileException e) {
      throw new P2pException("no such file: " + path);
    } catch (IOException e) {
      throw new P2pException("cannot read " + path + ": " + UserText.oneLine(e), e);
    }
  }

  /**
   * The configured chunk size, doubled as often as needed to keep a manifest under about 100,000
   * chunks, so that its list of hashes fits in one frame.
   */
  int chunkSizeFor(long size) {
    int c = chunkSize;
    while (Manifest.chunkCount(size, c) > 100_000 && c < Manifest.MAX_CHUNK_SIZE) c *= 2;
    return c;
  }
}
