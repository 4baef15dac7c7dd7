package dev.p2p.storage;

import static dev.p2p.storage.TestFiles.CHUNK;
import static dev.p2p.storage.TestFiles.EMPTY_SHA256;
import static dev.p2p.storage.TestFiles.bytes;
import static dev.p2p.storage.TestFiles.sha256sum;
import static dev.p2p.storage.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashingTest {
  @TempDir Path dir;

  @Test
  void fileIdIsWhatSha256sumPrints() throws IOException {
    byte[] content = bytes(10_000, 1);
    Path f = write(dir, "a.bin", content);
    assertEquals(sha256sum(content), Hashing.fileId(f, n -> {}).hex());
  }

  @Test
  void emptyFileHasTheSha256OfNothingAsId() throws IOException {
    Path f = write(dir, "empty", new byte[0]);
    assertEquals(EMPTY_SHA256, Hashing.fileId(f, n -> {}).hex());
    assertEquals(EMPTY_SHA256, sha256sum(new byte[0]), "test constant is the real digest");
  }

  @Test
  void manifestIdEqualsFileIdOfTheSameFile() throws IOException {
    byte[] content = bytes(3 * CHUNK + 17, 2);
    Path f = write(dir, "a.bin", content);
    Manifest m = Hashing.manifest(f, "a.bin", CHUNK, n -> {});
    assertEquals(Hashing.fileId(f, n -> {}), m.id());
    assertEquals(sha256sum(content), m.id().hex());
  }

  @Test
  void chunkHashesMatchEachSliceWhenChunksStraddleTheReadBuffer() throws IOException {
    // 3000 does not divide the 1 MiB read buffer, and the file spans more than one buffer fill.
    int chunkSize = 3000;
    byte[] content = bytes((1 << 20) + 12_345, 3);
    Path f = write(dir, "big.bin", content);
    Manifest m = Hashing.manifest(f, "big.bin", chunkSize, n -> {});
    assertEquals(Manifest.chunkCount(content.length, chunkSize), m.numChunks());
    for (int i = 0; i < m.numChunks(); i++) {
      int from = i * chunkSize;
      int to = Math.min(content.length, from + chunkSize);
      assertEquals(sha256sum(content, from, to), m.chunkHash(i), "chunk " + i);
    }
    assertEquals(sha256sum(content), m.id().hex());
  }

  @Test
  void progressEndsAtTheFileSizeAndNeverGoesBack() throws IOException {
    byte[] content = bytes((1 << 20) * 2 + 5, 4);
    Path f = write(dir, "p.bin", content);
    List<Long> seen = new ArrayList<>();
    Hashing.manifest(f, "p.bin", CHUNK, seen::add);
    assertEquals((long) content.length, seen.get(seen.size() - 1));
    for (int i = 1; i < seen.size(); i++) {
      assertEquals(true, seen.get(i) >= seen.get(i - 1), "progress went back at " + i);
    }
  }

  @Test
  void sha256HexOfKnownInput() {
    // FIPS 180-2 test vector for "abc".
    byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        Hashing.hex(Hashing.sha256().digest(abc)));
    assertEquals(TestFiles.sha256sum(abc), Hashing.hex(Hashing.sha256().digest(abc)));
  }

  @Test
  void oneChangedByteChangesTheFileId() throws IOException {
    byte[] content = bytes(5000, 5);
    FileId before = Hashing.fileId(write(dir, "x", content), n -> {});
    content[4999] ^= 1;
    FileId after = Hashing.fileId(write(dir, "x", content), n -> {});
    assertNotEquals(before, after);
    assertEquals(sha256sum(content), after.hex());
  }
}
