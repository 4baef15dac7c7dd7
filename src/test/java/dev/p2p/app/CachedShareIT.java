package dev.p2p.app;

import static dev.p2p.testing.SwarmFixture.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.state.StateStore;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Hashing;
import dev.p2p.storage.Manifest;
import dev.p2p.storage.ManifestCache;
import dev.p2p.testing.SwarmFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A share takes the manifest from the verified-manifest cache when the file is unchanged. The
 * proof that it did not read the file: the cache holds the manifest of <em>other</em> bytes of the
 * same size, and the share announces that manifest's ID, which no hash of the file gives.
 */
class CachedShareIT {
  @RegisterExtension static final SwarmFixture swarm = new SwarmFixture();
  static final int SIZE = 40 * 1024;
  static final Map<String, Object> CHUNKS = Map.of("p2p.chunk-size", 16 * 1024);

  /** The verified-manifest cache of a state folder (state.db there), closed after the class. */
  private static ManifestCache state(Path dir) {
    StateStore s = StateStore.open(dir);
    OPEN.add(s);
    return s.manifests();
  }

  private static final List<StateStore> OPEN = new ArrayList<>();

  @AfterAll
  static void closeStates() {
    OPEN.forEach(StateStore::close);
  }

  /** A cache that says {@code file} (as it is now) has the manifest of {@code SIZE} other bytes. */
  private static Manifest plantForeignManifest(ManifestCache cache, Path file) throws Exception {
    Path other = swarm.file("other.bin", SIZE, 99);
    Manifest foreign = Hashing.manifest(other, file.getFileName().toString(), 16 * 1024, n -> {});
    cache.record(file, foreign, Files.getLastModifiedTime(file));
    return foreign;
  }

  @Test
  void cachedManifestIsServedWithoutHashingAndAChangedMtimeHashesAgain() throws Exception {
    Path file = swarm.file("data.bin", SIZE, 1);
    FileId real = Hashing.fileId(file, n -> {});
    ManifestCache cache = state(swarm.dir("cache"));
    Manifest foreign = plantForeignManifest(cache, file);
    assertNotEquals(real, foreign.id());

    LocalPeer a = swarm.peer("a", CHUNKS);
    assertEquals(foreign.id(), await(a.share(file, cache, Optional.empty())).id(), "not hashed");

    Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 2000));
    LocalPeer b = swarm.peer("b", CHUNKS);
    assertEquals(real, await(b.share(file, cache, Optional.empty())).id(), "a new mtime is hashed");
    // ... and the hash was recorded: the entry now matches the file as it is.
    assertEquals(real, cache.lookup(file).orElseThrow().manifest().id());
  }

  @Test
  void anExpectedIdOtherThanTheCachedOneHashesAndAMismatchFails() throws Exception {
    Path file = swarm.file("data.bin", SIZE, 2);
    FileId real = Hashing.fileId(file, n -> {});
    ManifestCache cache = state(swarm.dir("cache"));
    plantForeignManifest(cache, file);

    LocalPeer a = swarm.peer("a", CHUNKS);
    assertEquals(real, await(a.share(file, cache, Optional.of(real))).id());

    Path other = swarm.file("changed.bin", SIZE, 3);
    LocalPeer b = swarm.peer("b", CHUNKS);
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> await(b.share(other, cache, Optional.of(real))));
    assertTrue(e.getCause().getMessage().contains("not " + real.hex()), e.getCause().getMessage());
  }

  @Test
  void aDownloadFromACachedShareIsTheRealFile() throws Exception {
    Path file = swarm.file("data.bin", SIZE, 4);
    ManifestCache cache = state(swarm.dir("cache"));
    Manifest m = Hashing.manifest(file, "data.bin", 16 * 1024, n -> {});
    cache.record(file, m, Files.getLastModifiedTime(file));
    LocalPeer seeder = swarm.peer("seed", CHUNKS);
    assertEquals(m, await(seeder.share(file, cache, Optional.of(m.id()))));
    Path got = swarm.download(swarm.peer("leech"), m.id(), swarm.dir("out")).path();
    assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(got));
  }
}
