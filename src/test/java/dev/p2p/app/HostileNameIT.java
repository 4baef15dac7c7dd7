package dev.p2p.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.p2p.app.NodeFacade.DownloadResult;
import dev.p2p.storage.Hashing;
import dev.p2p.storage.Manifest;
import dev.p2p.testing.SwarmFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A file registered under a hostile name (the tracker keeps the name of the first registration
 * of a manifest, here a hand-made one from another node; a real seeder serves the bytes): the download lands inside the
 * download folder under a safe name and never replaces an existing file.
 */
class HostileNameIT {
  @RegisterExtension static final SwarmFixture swarm = new SwarmFixture();

  @Test
  void hostileNamesBecomeSafeNamesInsideTheDownloadFolderAndNothingIsOverwritten()
      throws Exception {
    Path dir = swarm.dir();
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("../../x", "x");
    expected.put("/etc/passwd", "passwd");
    expected.put("a\u0000b", "a_b");
    expected.put("CON", "_CON");
    expected.put("..\\..\\win.ini", "win.ini");
    Path out = dir.resolve("deep").resolve("out");
    Files.createDirectories(out);
    // Already there: must survive untouched; the download gets "_CON (1)".
    Files.writeString(out.resolve("_CON"), "mine");
    LocalPeer seeder = swarm.peer("seed", Map.of("p2p.chunk-size", 16 * 1024));
    LocalPeer d = swarm.peer("d");
    int seed = 0;
    Map<String, Manifest> manifests = new LinkedHashMap<>();
    for (String hostile : expected.keySet()) {
      Path src = swarm.file("src" + seed, 40_000 + seed, seed++);
      byte[] data = Files.readAllBytes(src);
      Manifest m = Hashing.manifest(src, hostile, 16 * 1024, x -> {});
      // Registered first (so its name is the variant's) by another node, for an address where
      // nobody serves: it could not register the seeder's own address, which is the seeder's.
      swarm.register(m, "hostile", 1);
      seeder.share(src).toCompletableFuture().get(20, TimeUnit.SECONDS);
      manifests.put(hostile, m);
      DownloadResult r = d.download(m.id(), out).toCompletableFuture().get(30, TimeUnit.SECONDS);
      String want = hostile.equals("CON") ? "_CON (1)" : expected.get(hostile);
      assertEquals(out.toAbsolutePath().normalize().resolve(want), r.path().toAbsolutePath().normalize(),
          "download of " + hostile.replace("\u0000", "\\0"));
      assertEquals(hostile, r.manifest().name(), "the tracker did hand out the hostile name");
      assertArrayEquals(data, Files.readAllBytes(r.path()));
    }
    assertEquals("mine", Files.readString(out.resolve("_CON")), "an existing file is never overwritten");
    assertFalse(Files.exists(dir.resolve("x")) || Files.exists(dir.resolve("deep").resolve("x")));

    // The same file again into the same folder (another node): it is there already, with the
    // ID's content, so nothing is downloaded and no "x (1)" is made; the peers were not asked.
    LocalPeer d2 = swarm.peer("d2");
    Manifest mx = manifests.get("../../x");
    DownloadResult again = d2.download(mx.id(), out).toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertEquals(out.toAbsolutePath().normalize().resolve("x"), again.path().toAbsolutePath().normalize());
    assertEquals(List.of(), again.peers(), "no peer was used");

    try (Stream<Path> files = Files.list(out)) {
      Set<String> names = files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
      assertEquals(new TreeSet<>(Set.of("x", "passwd", "a_b", "_CON", "_CON (1)", "win.ini")), names,
          "only safe names, no partial files left");
    }
  }
}
