package dev.p2p.storage;

import static dev.p2p.storage.TestFiles.CHUNK;
import static dev.p2p.storage.TestFiles.bytes;
import static dev.p2p.storage.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedFileTest {
  @TempDir Path dir;

  @Test
  void readsEveryChunkWithItsOwnBytes() throws IOException {
    byte[] content = bytes(3 * CHUNK + 10, 30);
    Path f = write(dir, "doc.pdf", content);
    try (SharedFile s = SharedFile.hashAndOpen(f, CHUNK, n -> {})) {
      assertEquals("doc.pdf", s.manifest().name());
      assertEquals(4, s.manifest().numChunks());
      for (int i = 0; i < 4; i++) {
        int from = i * CHUNK;
        int len = Math.min(CHUNK, content.length - from);
        assertEquals(ByteBuffer.wrap(content, from, len).slice(), s.read(i), "chunk " + i);
      }
      assertEquals(10, s.read(3).remaining());
      assertTrue(s.has(0) && s.has(3) && !s.has(4) && !s.has(-1));
      assertEquals(4, s.have().cardinality());
    }
  }

  @Test
  void readOutsideTheFileIsRejected() throws IOException {
    Path f = write(dir, "a", bytes(CHUNK, 31));
    try (SharedFile s = SharedFile.hashAndOpen(f, CHUNK, n -> {})) {
      assertThrows(IndexOutOfBoundsException.class, () -> s.read(1));
    }
  }

  @Test
  void modifyingTheFileAfterSharingStopsServingIt() throws IOException {
    byte[] content = bytes(2 * CHUNK, 32);
    Path f = write(dir, "a", content);
    FileTime hashedAt = FileTime.from(Instant.parse("2024-01-01T00:00:00Z"));
    Files.setLastModifiedTime(f, hashedAt);
    try (SharedFile s = SharedFile.hashAndOpen(f, CHUNK, n -> {})) {
      assertTrue(s.isIntact());
      content[0] ^= 1;
      Files.write(f, content); // same size: only the time gives it away
      Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2024-01-02T00:00:00Z")));

      var e = assertThrows(IOException.class, () -> s.read(0));
      assertTrue(e.getMessage().contains("changed on disk"), e.getMessage());
      assertFalse(s.isIntact());
      assertFalse(s.has(0));
      assertTrue(s.have().isEmpty());
    }
  }

  @Test
  void changedSizeIsDetectedEvenWithTheOldTime() throws IOException {
    Path f = write(dir, "a", bytes(CHUNK, 33));
    FileTime t = FileTime.from(Instant.parse("2024-01-01T00:00:00Z"));
    Files.setLastModifiedTime(f, t);
    try (SharedFile s = SharedFile.hashAndOpen(f, CHUNK, n -> {})) {
      Files.write(f, new byte[] {1}, java.nio.file.StandardOpenOption.APPEND);
      Files.setLastModifiedTime(f, t);
      assertFalse(s.isIntact());
      assertThrows(IOException.class, () -> s.read(0));
    }
  }

  @Test
  void deletedFileIsNotIntact() throws IOException {
    Path f = write(dir, "a", bytes(CHUNK, 34));
    try (SharedFile s = SharedFile.hashAndOpen(f, CHUNK, n -> {})) {
      Files.delete(f);
      assertFalse(s.isIntact());
    }
  }

  @Test
  void openRefusesAFileChangedSinceItWasHashed() throws IOException {
    Path f = write(dir, "a", bytes(CHUNK, 35));
    FileTime before = FileTime.from(Instant.parse("2024-01-01T00:00:00Z"));
    Manifest m = TestFiles.manifest(f);
    Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2024-03-01T00:00:00Z")));
    var e = assertThrows(IOException.class, () -> SharedFile.open(f, m, before));
    assertTrue(e.getMessage().contains("changed while it was being hashed"), e.getMessage());
  }

  @Test
  void hashAndOpenRefusesADirectorySayingItIsOne() {
    var e = assertThrows(IOException.class, () -> SharedFile.hashAndOpen(dir, CHUNK, n -> {}));
    assertEquals(dir + " is a folder: share the files in it (e.g. p2p share " + dir.resolve("*") + ")",
        e.getMessage());
  }

  @Test
  void aFileWithTheDownloadsNameAndTheIdsContentIsFoundAlreadyThere() throws Exception {
    byte[] content = bytes(3 * CHUNK + 10, 31);
    Path src = write(dir, "src.bin", content);
    Manifest m = Hashing.manifest(src, "report.pdf", CHUNK, done -> {});
    Path out = Files.createDirectories(dir.resolve("out"));
    assertTrue(SharedFile.alreadyIn(out, m).isEmpty(), "nothing there yet");
    Files.write(out.resolve("report.pdf"), content);
    try (SharedFile here = SharedFile.alreadyIn(out, m).orElseThrow()) {
      assertEquals(out.resolve("report.pdf").toAbsolutePath().normalize(), here.path());
      assertEquals(m.id(), here.manifest().id());
    }
    // Another file of that name, of the same size or not: not this download's.
    byte[] other = content.clone();
    other[5] ^= 1;
    Files.write(out.resolve("report.pdf"), other);
    assertTrue(SharedFile.alreadyIn(out, m).isEmpty(), "same size, other content");
    Files.write(out.resolve("report.pdf"), new byte[] {1, 2, 3});
    assertTrue(SharedFile.alreadyIn(out, m).isEmpty(), "other size");
    // A link at the name is never followed.
    Files.delete(out.resolve("report.pdf"));
    Files.createSymbolicLink(out.resolve("report.pdf"), src);
    assertTrue(SharedFile.alreadyIn(out, m).isEmpty(), "a symlink to the right content");
  }
}
