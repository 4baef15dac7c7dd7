package dev.p2p.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.storage.Hashing;
import dev.p2p.testing.SwarmFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Batches through sha256sum files: {@code p2p share DIR} writes the folder's SHA256SUMS as
 * sha256sum would, {@code p2p get --from} fetches every file it lists under its listed name, and
 * the real {@code sha256sum -c} agrees; a bad line is refused with its number.
 */
class BatchIT {
  @RegisterExtension static final SwarmFixture swarm = new SwarmFixture();

  private String tracker() {
    return "127.0.0.1:" + swarm.trackerAddress().getPort();
  }

  private static String sha256(Path f) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
  }

  private Captured getFrom(Path sums, Path out) {
    return Captured.run("get", "--from", sums.toString(), "--out", out.toString(), "--tracker", tracker(),
        "--port", "0");
  }

  private static int sha256sumCheck(Path sums, Path in) throws Exception {
    Process p = new ProcessBuilder("sha256sum", "--strict", "-c", sums.toString()).directory(in.toFile())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "sha256sum ended");
    return p.exitValue();
  }

  @Test
  void shareDirWritesSha256sumsThatGetFromFetchesSoSha256sumCheckPasses() throws Exception {
    Path shared = Files.createDirectories(swarm.dir("shared"));
    Files.write(shared.resolve("b-movie.bin"), SwarmFixture.bytes(300_000, 1));
    Files.write(shared.resolve("a notes.txt"), SwarmFixture.bytes(1_000, 2));
    Files.write(shared.resolve("empty"), new byte[0]);
    Files.write(shared.resolve(".hidden"), SwarmFixture.bytes(10, 3));
    Files.createDirectories(shared.resolve("sub")).resolve("deep.bin").toFile().createNewFile();
    ChildP2p share = ChildP2p.start(swarm.dir(), "share-dir", List.of(), "share", shared.toString(),
        "--tracker", tracker(), "--port", "0");
    try {
      Path sums = shared.resolve("SHA256SUMS");
      swarm.eventually(Duration.ofSeconds(30), () -> assertTrue(share.stderr().contains("Ctrl-C to stop"), share.stderr()));
      String expected = sha256(shared.resolve("a notes.txt")) + "  a notes.txt\n"
          + sha256(shared.resolve("b-movie.bin")) + "  b-movie.bin\n"
          + sha256(shared.resolve("empty")) + "  empty\n";
      assertEquals(expected, Files.readString(sums), "sorted, not hidden files, no subfolders");
      assertEquals(0, sha256sumCheck(sums, shared), "sha256sum reads what share wrote");

      Path out = swarm.dir("dl");
      Captured r = getFrom(sums, out);
      assertEquals(0, r.code(), r.out() + r.err());
      assertTrue(r.out().contains("b-movie.bin: done\n"), r.out());
      assertTrue(r.out().endsWith("3 done, 0 already here, 0 failed\n"), r.out());
      assertEquals(0, sha256sumCheck(sums, out));
      try (var names = Files.list(out)) {
        assertEquals(3, names.count(), "the three files, no staging folder left");
      }

      Captured again = getFrom(sums, out);
      assertEquals(0, again.code(), again.out() + again.err());
      assertTrue(again.out().endsWith("0 done, 3 already here, 0 failed\n"), again.out());
    } finally {
      share.process().destroy();
      share.process().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void listedNamesAreKeptEvenWhenTheManifestNamesAnotherAndAFailureIsNamed() throws Exception {
    Path file = swarm.file("original.bin", 70_000, 4);
    swarm.seeder("seed", file, Map.of());
    String id = Hashing.fileId(file, x -> {}).hex();
    Path out = Files.createDirectories(swarm.dir("dl"));
    Files.writeString(out.resolve("taken.bin"), "mine");
    String nobody = "ab".repeat(32);
    Path sums = Files.writeString(swarm.dir("LIST"), "# renamed, twice, one taken, one nobody has\n\n"
        + id + "  renamed.bin\n" + id.toUpperCase() + " *./twice.bin\n" + id + "  taken.bin\n" + nobody + "  gone.bin\n");
    Captured r = getFrom(sums, out);
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(r.out().endsWith("2 done, 0 already here, 2 failed: "
        + (r.out().indexOf("taken.bin:") < r.out().indexOf("gone.bin:") ? "taken.bin, gone.bin" : "gone.bin, taken.bin")
        + "\n"), r.out());
    assertTrue(r.out().contains("taken.bin: failed: a different file of that name is here; left alone"), r.out());
    assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(out.resolve("renamed.bin")));
    assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(out.resolve("twice.bin")));
    assertEquals("mine", Files.readString(out.resolve("taken.bin")), "never overwritten");
    assertFalse(Files.exists(out.resolve("original.bin")), "saved under the listed name only");
  }

  @Test
  void aMalformedLineIsRefusedWithItsNumberAndNothingIsDownloaded() throws Exception {
    String id = "cd".repeat(32);
    Path out = swarm.dir("dl");
    for (String bad : List.of(id + " one-space.bin", id.substring(1) + "  short.bin", id + "  ../escape.bin",
        id + "  sub/dir.bin", id + "  " + "\u001b[31m".repeat(200) + "x", "\\" + id + "  esc\\\\aped")) {
      Path sums = Files.writeString(swarm.dir("SUMS"), "# a comment\n" + id + "  fine.bin\n\n" + bad + "\n");
      Captured r = getFrom(sums, out);
      assertEquals(1, r.code(), bad);
      assertTrue(r.err().startsWith("error: SUMS line 4: "), r.err());
      assertTrue(r.err().strip().endsWith("nothing downloaded"), r.err());
      assertEquals(1, r.err().lines().count(), r.err());
      assertFalse(r.err().contains("\u001b"), "no terminal escapes quoted: " + r.err());
      assertFalse(Files.exists(out), "no node started, no folder made");
    }
    Path dup = Files.writeString(swarm.dir("DUP"), id + "  x.bin\n" + "ef".repeat(32) + "  x.bin\n");
    assertTrue(getFrom(dup, out).err().startsWith("error: DUP line 2: 'x.bin' is listed on line 1 with another ID"));
    Path none = Files.writeString(swarm.dir("NONE"), "# only a comment\n\n");
    assertTrue(getFrom(none, out).err().startsWith("error: " + none + " lists no files"));
    assertTrue(getFrom(swarm.dir("ABSENT"), out).err().startsWith("error: cannot read " + swarm.dir("ABSENT") + ": no such file"));
    Captured both = Captured.run("get", id, "--from", dup.toString());
    assertEquals(1, both.code());
    assertTrue(both.err().contains("not both"), both.err());
  }
}
