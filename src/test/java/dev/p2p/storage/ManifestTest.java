package dev.p2p.storage;

import static dev.p2p.storage.TestFiles.CHUNK;
import static dev.p2p.storage.TestFiles.EMPTY_SHA256;
import static dev.p2p.storage.TestFiles.bytes;
import static dev.p2p.storage.TestFiles.manifest;
import static dev.p2p.storage.TestFiles.sha256sum;
import static dev.p2p.storage.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestTest {
  @TempDir Path dir;

  private static final String H = "a".repeat(64);
  private static final FileId ID = new FileId("b".repeat(64));

  @Test
  void emptyFileHasNoChunksAndTheEmptyDigestAsId() throws IOException {
    Manifest m = manifest(write(dir, "empty.txt", new byte[0]));
    assertEquals(0, m.numChunks());
    assertEquals(0, m.size());
    assertEquals(EMPTY_SHA256, m.id().hex());
  }

  @Test
  void fileOfExactlyOneChunkHasOneFullChunk() throws IOException {
    byte[] content = bytes(CHUNK, 10);
    Manifest m = manifest(write(dir, "one", content));
    assertEquals(1, m.numChunks());
    assertEquals(CHUNK, m.chunkLength(0));
    assertEquals(0, m.offset(0));
    assertEquals(sha256sum(content), m.chunkHash(0));
    assertEquals(sha256sum(content), m.id().hex(), "one chunk: chunk hash equals file ID");
  }

  @Test
  void fileOfOneByteHasOneShortChunk() throws IOException {
    Manifest m = manifest(write(dir, "b", new byte[] {42}));
    assertEquals(1, m.numChunks());
    assertEquals(1, m.chunkLength(0));
  }

  @Test
  void lastChunkIsShortWhenSizeIsNotAMultiple() throws IOException {
    byte[] content = bytes(3 * CHUNK + 100, 11);
    Manifest m = manifest(write(dir, "short", content));
    assertEquals(4, m.numChunks());
    assertEquals(CHUNK, m.chunkLength(2));
    assertEquals(100, m.chunkLength(3));
    assertEquals(3L * CHUNK, m.offset(3));
    assertEquals(sha256sum(content, 3 * CHUNK, content.length), m.chunkHash(3));
  }

  @Test
  void fileOfExactlyNChunksHasNoShortChunk() throws IOException {
    byte[] content = bytes(5 * CHUNK, 12);
    Manifest m = manifest(write(dir, "five", content));
    assertEquals(5, m.numChunks());
    for (int i = 0; i < 5; i++) {
      assertEquals(CHUNK, m.chunkLength(i));
      assertEquals(sha256sum(content, i * CHUNK, (i + 1) * CHUNK), m.chunkHash(i));
    }
  }

  @Test
  void chunksReadBackReassembleTheOriginalFile() throws IOException {
    byte[] content = bytes(7 * CHUNK + 333, 13);
    Path src = write(dir, "src.bin", content);
    Path copy = dir.resolve("copy.bin");
    try (SharedFile shared = SharedFile.hashAndOpen(src, CHUNK, n -> {});
        OutputStream out = Files.newOutputStream(copy)) {
      Manifest m = shared.manifest();
      for (int i = 0; i < m.numChunks(); i++) {
        ByteBuffer chunk = shared.read(i);
        assertTrue(PartialFile.matches(m, i, chunk), "chunk " + i + " verifies");
        byte[] b = new byte[chunk.remaining()];
        chunk.get(b);
        out.write(b);
      }
    }
    assertArrayEquals(content, Files.readAllBytes(copy));
  }

  @Test
  void changedByteFailsTheChunkHashAndChangesTheFileId() throws IOException {
    byte[] content = bytes(4 * CHUNK, 14);
    Manifest original = manifest(write(dir, "f", content));
    byte[] changed = content.clone();
    changed[2 * CHUNK + 7] ^= 0x20;

    ByteBuffer chunk2 = ByteBuffer.wrap(changed, 2 * CHUNK, CHUNK).slice();
    assertFalse(PartialFile.matches(original, 2, chunk2));
    assertTrue(PartialFile.matches(original, 1, ByteBuffer.wrap(changed, CHUNK, CHUNK).slice()),
        "untouched chunks still verify");
    assertNotEquals(original.id(), manifest(write(dir, "f", changed)).id());
  }

  @Test
  void matchesAcceptsAChunkSplitIntoSeveralBuffersButNotAWrongLength() throws IOException {
    byte[] content = bytes(2 * CHUNK, 15);
    Manifest m = manifest(write(dir, "f", content));
    assertTrue(PartialFile.matches(m, 1, ByteBuffer.wrap(content, CHUNK, 10).slice(),
        ByteBuffer.wrap(content, CHUNK + 10, CHUNK - 10).slice()));
    assertFalse(PartialFile.matches(m, 1, ByteBuffer.wrap(content, CHUNK, CHUNK - 1).slice()));
  }

  @Test
  void constructorRejectsTooFewChunkHashes() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> new Manifest(ID, "x", 2L * CHUNK + 1, CHUNK, List.of(H, H)));
    assertTrue(e.getMessage().contains("lists 2 chunk hashes") && e.getMessage().contains("has 3"),
        e.getMessage());
  }

  @Test
  void constructorRejectsTooManyChunkHashes() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> new Manifest(ID, "x", CHUNK, CHUNK, List.of(H, H)));
    assertTrue(e.getMessage().contains("has 1"), e.getMessage());
  }

  @Test
  void constructorRejectsAHashForAnEmptyFile() {
    assertThrows(IllegalArgumentException.class,
        () -> new Manifest(ID, "x", 0, CHUNK, List.of(H)));
  }

  @Test
  void constructorRejectsOutOfRangeValues() {
    List<String> none = List.of();
    assertThrows(IllegalArgumentException.class, () -> new Manifest(null, "x", 0, CHUNK, none));
    assertThrows(IllegalArgumentException.class, () -> new Manifest(ID, "", 0, CHUNK, none));
    assertThrows(IllegalArgumentException.class,
        () -> new Manifest(ID, "n".repeat(256), 0, CHUNK, none));
    assertThrows(IllegalArgumentException.class, () -> new Manifest(ID, "x", -1, CHUNK, none));
    assertThrows(IllegalArgumentException.class,
        () -> new Manifest(ID, "x", 0, Manifest.MIN_CHUNK_SIZE - 1, none));
    assertThrows(IllegalArgumentException.class,
        () -> new Manifest(ID, "x", 0, Manifest.MAX_CHUNK_SIZE + 1, none));
    assertThrows(IllegalArgumentException.class,
        () -> new Manifest(ID, "x", Manifest.MAX_FILE_SIZE + 1, Manifest.MAX_CHUNK_SIZE,
            Collections.nCopies(65537, H)));
    var e = assertThrows(IllegalArgumentException.class,
        () -> new Manifest(ID, "x", 1, CHUNK, List.of("A".repeat(64))));
    assertTrue(e.getMessage().contains("chunk hash"), e.getMessage());
  }

  @Test
  void chunkHashListIsACopy() {
    List<String> hashes = new ArrayList<>(List.of(H));
    Manifest m = new Manifest(ID, "x", 1, CHUNK, hashes);
    hashes.set(0, "c".repeat(64));
    assertEquals(H, m.chunkHash(0));
    assertThrows(UnsupportedOperationException.class, () -> m.chunkHashes().add(H));
  }

  @Test
  void indexOutsideTheFileIsRejected() {
    Manifest m = new Manifest(ID, "x", CHUNK + 1, CHUNK, List.of(H, H));
    assertThrows(IndexOutOfBoundsException.class, () -> m.chunkLength(2));
    assertThrows(IndexOutOfBoundsException.class, () -> m.offset(-1));
    var e = assertThrows(IndexOutOfBoundsException.class, () -> m.chunkHash(5));
    assertTrue(e.getMessage().contains("chunk index 5 out of range [0, 2)"), e.getMessage());
  }

  @Test
  void chunkCountRoundsUp() {
    assertEquals(0, Manifest.chunkCount(0, CHUNK));
    assertEquals(1, Manifest.chunkCount(1, CHUNK));
    assertEquals(1, Manifest.chunkCount(CHUNK, CHUNK));
    assertEquals(2, Manifest.chunkCount(CHUNK + 1, CHUNK));
    assertEquals(65536, Manifest.chunkCount(Manifest.MAX_FILE_SIZE, Manifest.MAX_CHUNK_SIZE));
  }

  @Test
  void variantIsTheSha256OfSizeChunkSizeAndRawChunkHashesButNotTheName() throws Exception {
    FileId id = new FileId("ab".repeat(32));
    String h1 = "01".repeat(32);
    String h2 = "02".repeat(32);
    Manifest m = new Manifest(id, "a.txt", 2000, 1024, List.of(h1, h2));
    // The canonical bytes spelled out: 8-byte BE size, 4-byte BE chunk size, 32 raw bytes per hash.
    ByteBuffer canonical = ByteBuffer.allocate(8 + 4 + 64).putLong(2000).putInt(1024);
    for (int i = 0; i < 32; i++) canonical.put((byte) 1);
    for (int i = 0; i < 32; i++) canonical.put((byte) 2);
    String expected = Hashing.hex(Hashing.sha256().digest(canonical.array()));
    assertEquals(expected, m.variant());
    assertTrue(FileId.isValid(m.variant()));

    assertEquals(m.variant(), new Manifest(id, "other name", 2000, 1024, List.of(h1, h2)).variant());
    assertNotEquals(m.variant(), new Manifest(id, "a.txt", 2000, 1024, List.of(h2, h1)).variant());
    assertNotEquals(m.variant(), new Manifest(id, "a.txt", 1999, 1024, List.of(h1, h2)).variant());
    assertNotEquals(m.variant(), new Manifest(id, "a.txt", 2000, 2048, List.of(h1)).variant());
  }
}
