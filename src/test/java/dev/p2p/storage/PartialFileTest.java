package dev.p2p.storage;

import static dev.p2p.storage.TestFiles.CHUNK;
import static dev.p2p.storage.TestFiles.bytes;
import static dev.p2p.storage.TestFiles.manifest;
import static dev.p2p.storage.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartialFileTest {
  @TempDir Path src;
  @TempDir Path downloads;

  private byte[] content;
  private Manifest m;

  @BeforeEach
  void source() throws IOException {
    content = bytes(5 * CHUNK + 123, 20);
    m = manifest(write(src, "movie.mkv", content));
  }

  private ByteBuffer chunk(byte[] data, int i) {
    return ByteBuffer.wrap(data, (int) m.offset(i), m.chunkLength(i)).slice();
  }

  private void writeAll(PartialFile p, byte[] data, int... order) throws IOException {
    for (int i : order) p.write(i, chunk(data, i));
  }

  private List<String> listing() throws IOException {
    try (Stream<Path> s = Files.list(downloads)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void chunksWrittenOutOfOrderCompleteToTheSourceUnderTheHintName() throws IOException {
    Path done;
    try (PartialFile p = PartialFile.open(downloads, m)) {
      writeAll(p, content, 4, 1, 5, 0, 3);
      assertFalse(p.isComplete());
      assertEquals(5, p.haveCount());
      writeAll(p, content, 2);
      assertTrue(p.isComplete());
      done = p.complete("movie.mkv", n -> {});
    }
    assertEquals(downloads.resolve("movie.mkv"), done);
    assertArrayEquals(content, Files.readAllBytes(done));
    assertEquals(List.of("movie.mkv"), listing(), "part and bitmap files are gone");
  }

  @Test
  void partialFileServesOnlyChunksItHas() throws IOException {
    try (PartialFile p = PartialFile.open(downloads, m)) {
      writeAll(p, content, 3);
      assertTrue(p.has(3));
      assertFalse(p.has(2));
      assertEquals(java.util.BitSet.valueOf(new long[] {1L << 3}), p.have());
      ByteBuffer back = p.read(3);
      assertEquals(chunk(content, 3), back);
      var e = assertThrows(IOException.class, () -> p.read(2));
      assertTrue(e.getMessage().contains("not downloaded"), e.getMessage());
    }
  }

  @Test
  void reopenAfterCrashResumesVerifiedChunks() throws IOException {
    try (PartialFile p = PartialFile.open(downloads, m)) {
      writeAll(p, content, 0, 2, 5);
    } // closed without complete(): a crash, as far as the disk is concerned
    Path done;
    try (PartialFile p = PartialFile.open(downloads, m)) {
      assertEquals(3, p.resumedChunks());
      assertEquals(java.util.BitSet.valueOf(new long[] {0b100101}), p.have());
      writeAll(p, content, 1, 3, 4);
      done = p.complete("movie.mkv", n -> {});
    }
    assertArrayEquals(content, Files.readAllBytes(done));
  }

  @Test
  void freshDownloadResumesNothing() throws IOException {
    try (PartialFile p = PartialFile.open(downloads, m)) {
      assertEquals(0, p.resumedChunks());
      assertEquals(0, p.haveCount());
    }
  }

  @Test
  void corruptedChunkOnDiskIsNotTrustedOnReopen() throws IOException {
    Path part;
    try (PartialFile p = PartialFile.open(downloads, m)) {
      writeAll(p, content, 0, 1, 2);
      part = p.partPath();
    }
    // Flip one byte of chunk 1 behind the bitmap's back; the bitmap still says 1.
    try (FileChannel ch = FileChannel.open(part, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(new byte[] {(byte) ~content[CHUNK + 5]}), CHUNK + 5);
    }
    byte[] marks = Files.readAllBytes(PartialFile.bitmapPathFor(downloads, m.id()));
    assertEquals(1, marks[1], "bitmap claims chunk 1");

    try (PartialFile p = PartialFile.open(downloads, m)) {
      assertEquals(2, p.resumedChunks());
      assertTrue(p.has(0));
      assertFalse(p.has(1));
      assertTrue(p.has(2));
    }
    assertEquals(0, Files.readAllBytes(PartialFile.bitmapPathFor(downloads, m.id()))[1],
        "bitmap rewritten to what was re-verified");
  }

  @Test
  void completeWithWrongContentDiscardsAndThrowsAndNoFinalFileAppears() throws IOException {
    byte[] wrong = content.clone();
    wrong[10] ^= 1; // write() checks only lengths; the caller is supposed to verify
    try (PartialFile p = PartialFile.open(downloads, m)) {
      writeAll(p, wrong, 0, 1, 2, 3, 4, 5);
      var e = assertThrows(IOException.class, () -> p.complete("movie.mkv", n -> {}));
      assertTrue(e.getMessage().contains("does not match the ID"), e.getMessage());
    }
    assertEquals(List.of(), listing(), "no final file, no part, no bitmap");
  }

  @Test
  void completeBeforeAllChunksArePresentFails() throws IOException {
    try (PartialFile p = PartialFile.open(downloads, m)) {
      writeAll(p, content, 0);
      var e = assertThrows(IOException.class, () -> p.complete("movie.mkv", n -> {}));
      assertTrue(e.getMessage().contains("not complete"), e.getMessage());
    }
    assertFalse(Files.exists(downloads.resolve("movie.mkv")));
  }

  @Test
  void writeRejectsAChunkOfTheWrongLength() throws IOException {
    try (PartialFile p = PartialFile.open(downloads, m)) {
      var e = assertThrows(IllegalArgumentException.class,
          () -> p.write(5, ByteBuffer.allocate(CHUNK)));
      assertTrue(e.getMessage().contains("expected 123"), e.getMessage());
      assertFalse(p.has(5));
    }
  }

  @Test
  void neverOverwritesAnExistingFileWithTheSameName() throws IOException {
    byte[] mine = "my own movie".getBytes();
    Files.write(downloads.resolve("movie.mkv"), mine);
    Path done;
    try (PartialFile p = PartialFile.open(downloads, m)) {
      writeAll(p, content, 0, 1, 2, 3, 4, 5);
      done = p.complete("movie.mkv", n -> {});
    }
    assertEquals(downloads.resolve("movie (1).mkv"), done);
    assertArrayEquals(mine, Files.readAllBytes(downloads.resolve("movie.mkv")));
    assertArrayEquals(content, Files.readAllBytes(done));
  }

  @Test
  void hostileNameHintStaysInsideTheDownloadFolder() throws IOException {
    Path done;
    try (PartialFile p = PartialFile.open(downloads, m)) {
      writeAll(p, content, 0, 1, 2, 3, 4, 5);
      done = p.complete("../../outside.mkv", n -> {});
    }
    assertEquals(downloads.resolve("outside.mkv"), done);
    assertFalse(Files.exists(downloads.getParent().resolve("outside.mkv")));
  }

  @Test
  void emptyFileIsCompleteAtOnceAndCompletesToAnEmptyFile() throws IOException {
    Manifest empty = manifest(write(src, "empty.txt", new byte[0]));
    Path done;
    try (PartialFile p = PartialFile.open(downloads, empty)) {
      assertTrue(p.isComplete());
      done = p.complete("empty.txt", n -> {});
    }
    assertEquals(0, Files.size(done));
  }

  @Test
  void symlinkAtThePartPathIsRefused(@TempDir Path elsewhere) throws IOException {
    Path victim = Files.write(elsewhere.resolve("victim"), new byte[] {1, 2, 3});
    Files.createSymbolicLink(PartialFile.partPathFor(downloads, m.id()), victim);
    var e = assertThrows(IOException.class, () -> PartialFile.open(downloads, m));
    assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(victim), "victim untouched");
  }

  @Test
  void danglingSymlinkAtTheBitmapPathIsRefused(@TempDir Path elsewhere) throws IOException {
    Path target = elsewhere.resolve("would-be-created");
    Files.createSymbolicLink(PartialFile.bitmapPathFor(downloads, m.id()), target);
    assertThrows(IOException.class, () -> PartialFile.open(downloads, m));
    assertFalse(Files.exists(target), "nothing created through the link");
  }

  @Test
  void directoryAtThePartPathIsRefused() throws IOException {
    Files.createDirectory(PartialFile.partPathFor(downloads, m.id()));
    assertThrows(IOException.class, () -> PartialFile.open(downloads, m));
  }

  @Test
  void writeIfIntactWritesAChunkGivenInPiecesAndRefusesABadOne() throws IOException {
    byte[] wrong = content.clone();
    wrong[(int) m.offset(2) + 7] ^= 1;
    try (PartialFile p = PartialFile.open(downloads, m)) {
      assertFalse(p.writeIfIntact(2, chunk(wrong, 2)), "a flipped bit fails the SHA-256");
      assertFalse(p.writeIfIntact(2, chunk(content, 1)), "another chunk's bytes fail it too");
      assertFalse(p.writeIfIntact(5, ByteBuffer.allocate(CHUNK)), "wrong length");
      assertEquals(0, p.haveCount());
      ByteBuffer whole = chunk(content, 2);
      ByteBuffer head = whole.slice(0, 100).asReadOnlyBuffer();
      ByteBuffer tail = whole.slice(100, CHUNK - 100);
      assertTrue(p.writeIfIntact(2, head, tail));
      assertEquals(chunk(content, 2), p.read(2));
      assertEquals(100, head.remaining(), "the caller's buffers are not consumed");
    }
  }

  @Test
  void chunksWrittenInOrderAreHashedFromMemoryNotReadBack() throws IOException {
    Path part;
    try (PartialFile p = PartialFile.open(downloads, m)) {
      part = p.partPath();
      writeAll(p, content, 0, 1, 2, 3, 4);
      // Spoil chunk 0 on disk: the whole-file digest already has it from the write.
      try (FileChannel ch = FileChannel.open(part, StandardOpenOption.WRITE)) {
        ch.write(ByteBuffer.wrap(new byte[] {(byte) ~content[3]}), 3);
      }
      writeAll(p, content, 5);
      assertEquals(downloads.resolve("movie.mkv"), p.complete("movie.mkv", n -> {}));
    }
  }

  @Test
  void bitmapIsWrittenInBatchesAndNeverMarksMoreThanIsWritten() throws IOException {
    byte[] big = bytes(PartialFile.MARK_BATCH * 2 * CHUNK, 21);
    Manifest many = manifest(write(src, "many.bin", big));
    Path bits = PartialFile.bitmapPathFor(downloads, many.id());
    try (PartialFile p = PartialFile.open(downloads, many)) {
      for (int i = 0; i < PartialFile.MARK_BATCH; i++) {
        p.write(i, ByteBuffer.wrap(big, (int) many.offset(i), CHUNK));
        byte[] marks = Files.readAllBytes(bits);
        for (int j = 0; j < marks.length; j++) {
          assertTrue(marks[j] == 0 || j <= i, "chunk " + j + " marked before it was written");
        }
      }
      byte[] marks = Files.readAllBytes(bits);
      for (int i = 0; i < PartialFile.MARK_BATCH; i++) assertEquals(1, marks[i], "batch written");
      int last = PartialFile.MARK_BATCH;
      p.write(last, ByteBuffer.wrap(big, (int) many.offset(last), CHUNK));
    }
    assertEquals(1, Files.readAllBytes(bits)[PartialFile.MARK_BATCH], "close writes the rest");
    try (PartialFile p = PartialFile.open(downloads, many)) {
      assertEquals(PartialFile.MARK_BATCH + 1, p.resumedChunks());
    }
  }
}
