package dev.p2p.storage;

import static dev.p2p.storage.TestFiles.CHUNK;
import static dev.p2p.storage.TestFiles.bytes;
import static dev.p2p.storage.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestCacheTest {
  @TempDir Path dir;

  private Path cacheDir() {
    return dir.resolve("cache");
  }

  private ManifestCache cache() {
    return ManifestCache.in(cacheDir());
  }

  /** A file, its manifest recorded with its current mtime, and the one entry written for it. */
  private Path recorded(String name, int size) throws IOException {
    Path f = write(dir, name, bytes(size, size));
    Manifest m = Hashing.manifest(f, name, CHUNK, n -> {});
    cache().record(f, m, Files.getLastModifiedTime(f));
    return f;
  }

  private Path onlyEntry() throws IOException {
    try (Stream<Path> s = Files.list(cacheDir())) {
      List<Path> all = s.toList();
      assertEquals(1, all.size(), all.toString());
      return all.get(0);
    }
  }

  @Test
  void findsTheManifestOfAnUnchangedFile() throws IOException {
    Path f = recorded("a.bin", 3 * CHUNK + 7);
    ManifestCache.Hit hit = cache().lookup(f).orElseThrow();
    assertEquals(Hashing.manifest(f, "a.bin", CHUNK, n -> {}), hit.manifest());
    assertEquals(Files.getLastModifiedTime(f), hit.modified());
    // The key is the absolute, normalised path: another spelling of it finds the same entry.
    assertTrue(cache().lookup(dir.resolve("x/../a.bin")).isPresent());
  }

  @Test
  void aChangedMtimeOrSizeIsAMiss() throws IOException {
    Path f = recorded("a.bin", 2 * CHUNK);
    FileTime t = Files.getLastModifiedTime(f);
    Files.setLastModifiedTime(f, FileTime.fromMillis(t.toMillis() + 1000));
    assertFalse(cache().lookup(f).isPresent());
    Files.setLastModifiedTime(f, t);
    assertTrue(cache().lookup(f).isPresent());
    Files.write(f, bytes(2 * CHUNK + 1, 1));
    Files.setLastModifiedTime(f, t);
    assertFalse(cache().lookup(f).isPresent());
  }

  @Test
  void aDamagedEntryIsAMissAtEveryLengthAndIsRemoved() throws IOException {
    Path f = recorded("a.bin", 2 * CHUNK + 1);
    Path entry = onlyEntry();
    byte[] good = Files.readAllBytes(entry);
    for (int len = 0; len < good.length; len++) {
      Files.write(entry, Arrays.copyOf(good, len));
      assertFalse(cache().lookup(f).isPresent(), "cut at " + len);
    }
    byte[] longer = Arrays.copyOf(good, good.length + 1);
    Files.write(entry, longer);
    assertFalse(cache().lookup(f).isPresent(), "one byte too many");
    assertFalse(Files.exists(entry), "a damaged entry is deleted");
    Files.write(entry, good);
    assertTrue(cache().lookup(f).isPresent());
  }

  @Test
  void anEntryOverTheCapIsNotRead() throws IOException {
    Path f = recorded("a.bin", CHUNK);
    Files.write(onlyEntry(), new byte[ManifestCache.MAX_ENTRY_BYTES + 1]);
    assertFalse(cache().lookup(f).isPresent());
  }

  @Test
  void anEntryMovedToAnotherPathsNameIsIgnored() throws IOException {
    Path a = recorded("a.bin", CHUNK);
    byte[] entryOfA = Files.readAllBytes(onlyEntry());
    Path b = dir.resolve("b.bin");
    Files.copy(a, b);
    Files.setLastModifiedTime(b, Files.getLastModifiedTime(a));
    Manifest mb = Hashing.manifest(b, "b.bin", CHUNK, n -> {});
    cache().record(b, mb, Files.getLastModifiedTime(b));
    try (Stream<Path> s = Files.list(cacheDir())) {
      for (Path e : s.toList()) Files.write(e, entryOfA);
    }
    assertTrue(cache().lookup(a).isPresent());
    assertFalse(cache().lookup(b).isPresent(), "b's entry names a's path");
  }

  @Test
  void keepsAtMostMaxEntries() throws IOException {
    Path f = write(dir, "f.bin", bytes(10, 1));
    Manifest m = Hashing.manifest(f, "f.bin", CHUNK, n -> {});
    for (int i = 0; i <= ManifestCache.MAX_ENTRIES; i++) {
      cache().record(dir.resolve("f" + i + ".bin"), m, FileTime.fromMillis(i));
    }
    try (Stream<Path> s = Files.list(cacheDir())) {
      assertEquals(ManifestCache.MAX_ENTRIES, s.count());
    }
  }

  @Test
  void noCacheNeverFindsAnything() throws IOException {
    Path f = write(dir, "f.bin", bytes(10, 1));
    ManifestCache none = ManifestCache.none();
    none.record(f, Hashing.manifest(f, "f.bin", CHUNK, n -> {}), Files.getLastModifiedTime(f));
    assertFalse(none.lookup(f).isPresent());
  }
}
