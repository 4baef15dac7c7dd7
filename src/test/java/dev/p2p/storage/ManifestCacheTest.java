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
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache's rules over any store of entries (here a map; the node's is a table of state.db,
 * tested in dev.p2p.state): what counts as a hit, and that nothing read back is trusted.
 */
class ManifestCacheTest {
  @TempDir Path dir;

  /** Entries in memory, as a store would hand them back (a store that fails throws). */
  static final class MapEntries implements ManifestCache.Entries {
    final Map<String, byte[]> map = new HashMap<>();
    boolean failing;

    @Override
    public Optional<byte[]> read(String path) throws IOException {
      if (failing) throw new IOException("disk gone");
      return Optional.ofNullable(map.get(path));
    }

    @Override
    public void write(String path, byte[] entry) throws IOException {
      if (failing) throw new IOException("disk gone");
      map.put(path, entry);
    }

    @Override
    public void remove(String path) {
      map.remove(path);
    }
  }

  private final MapEntries entries = new MapEntries();
  private final ManifestCache cache = ManifestCache.over(entries);

  /** A file, its manifest recorded with its current mtime. */
  private Path recorded(String name, int size) throws IOException {
    Path f = write(dir, name, bytes(size, size));
    Manifest m = Hashing.manifest(f, name, CHUNK, n -> {});
    cache.record(f, m, Files.getLastModifiedTime(f));
    return f;
  }

  private String key(Path f) {
    return f.toAbsolutePath().normalize().toString();
  }

  @Test
  void findsTheManifestOfAnUnchangedFileAndCountsTheHit() throws IOException {
    Path f = recorded("a.bin", 3 * CHUNK + 7);
    ManifestCache.Hit hit = cache.lookup(f).orElseThrow();
    assertEquals(Hashing.manifest(f, "a.bin", CHUNK, n -> {}), hit.manifest());
    assertEquals(Files.getLastModifiedTime(f), hit.modified());
    // The key is the absolute, normalised path: another spelling of it finds the same entry.
    assertTrue(cache.lookup(dir.resolve("x/../a.bin")).isPresent());
    assertEquals(2, cache.hits());
  }

  @Test
  void aChangedMtimeOrSizeIsAMiss() throws IOException {
    Path f = recorded("a.bin", 2 * CHUNK);
    FileTime t = Files.getLastModifiedTime(f);
    Files.setLastModifiedTime(f, FileTime.fromMillis(t.toMillis() + 1000));
    assertFalse(cache.lookup(f).isPresent());
    Files.setLastModifiedTime(f, t);
    assertTrue(cache.lookup(f).isPresent());
    Files.write(f, bytes(2 * CHUNK + 1, 1));
    Files.setLastModifiedTime(f, t);
    assertFalse(cache.lookup(f).isPresent());
    assertEquals(1, cache.hits());
  }

  @Test
  void aDamagedEntryIsAMissAtEveryLengthAndIsRemoved() throws IOException {
    Path f = recorded("a.bin", 2 * CHUNK + 1);
    byte[] good = entries.map.get(key(f));
    for (int len = 0; len < good.length; len++) {
      entries.map.put(key(f), Arrays.copyOf(good, len));
      assertFalse(cache.lookup(f).isPresent(), "cut at " + len);
    }
    entries.map.put(key(f), Arrays.copyOf(good, good.length + 1));
    assertFalse(cache.lookup(f).isPresent(), "one byte too many");
    assertFalse(entries.map.containsKey(key(f)), "a damaged entry is removed");
    entries.map.put(key(f), good);
    assertTrue(cache.lookup(f).isPresent());
  }

  @Test
  void anEntryStoredUnderAnotherPathIsIgnored() throws IOException {
    Path a = recorded("a.bin", CHUNK);
    Path b = dir.resolve("b.bin");
    Files.copy(a, b);
    Files.setLastModifiedTime(b, Files.getLastModifiedTime(a));
    entries.map.put(key(b), entries.map.get(key(a)));
    assertTrue(cache.lookup(a).isPresent());
    assertFalse(cache.lookup(b).isPresent(), "b's entry names a's path");
  }

  @Test
  void aFailingStoreIsAMissAndARecordThatIsLost() throws IOException {
    Path f = recorded("a.bin", CHUNK);
    entries.failing = true;
    assertFalse(cache.lookup(f).isPresent());
    cache.record(f, Hashing.manifest(f, "a.bin", CHUNK, n -> {}), Files.getLastModifiedTime(f)); // no throw
    entries.failing = false;
    assertTrue(cache.lookup(f).isPresent());
  }

  @Test
  void noCacheNeverFindsAnything() throws IOException {
    Path f = write(dir, "f.bin", bytes(10, 1));
    ManifestCache none = ManifestCache.none();
    none.record(f, Hashing.manifest(f, "f.bin", CHUNK, n -> {}), Files.getLastModifiedTime(f));
    assertFalse(none.lookup(f).isPresent());
  }
}
