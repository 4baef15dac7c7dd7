package dev.p2p.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;

/** Helpers shared by the storage tests; the expected hashes never go through {@link Hashing}. */
final class TestFiles {
  static final int CHUNK = Manifest.MIN_CHUNK_SIZE;
  static final String EMPTY_SHA256 =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  private TestFiles() {}

  /** Deterministic pseudo-random bytes, so a failure is reproducible. */
  static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static Path write(Path dir, String name, byte[] content) throws IOException {
    return Files.write(dir.resolve(name), content);
  }

  /** SHA-256 as lowercase hex, the way sha256sum prints it, computed independently. */
  static String sha256sum(byte[] data) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(data);
      StringBuilder s = new StringBuilder();
      for (byte x : d) s.append(String.format("%02x", x & 0xff));
      return s.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  static String sha256sum(byte[] data, int from, int to) {
    return sha256sum(java.util.Arrays.copyOfRange(data, from, to));
  }

  static Manifest manifest(Path file) throws IOException {
    return Hashing.manifest(file, file.getFileName().toString(), CHUNK, n -> {});
  }
}
