package dev.p2p.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongConsumer;

/** SHA-256 helpers. Files are streamed through a fixed buffer, never read whole. */
public final class Hashing {
  private static final int BUFFER = 1 << 20;
  private static final HexFormat HEX = HexFormat.of();

  private Hashing() {}

  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  public static String hex(byte[] digest) {
    return HEX.formatHex(digest);
  }

  /**
   * True when {@code digest} is the hash that {@code hex} spells. Compares byte by byte, decoding
   * the hex as it goes: nothing is formatted or allocated, as a check per chunk should be.
   */
  public static boolean matches(byte[] digest, String hex) {
    if (hex.length() != 2 * digest.length) return false;
    for (int i = 0; i < digest.length; i++) {
      int hi = Character.digit(hex.charAt(2 * i), 16);
      int lo = Character.digit(hex.charAt(2 * i + 1), 16);
      if (hi < 0 || lo < 0 || (hi << 4 | lo) != (digest[i] & 0xff)) return false;
    }
    return true;
  }

  /** SHA-256 of a whole file, streamed; {@code progress} gets the bytes read so far. */
  public static FileId fileId(Path file, LongConsumer progress) throws IOException {
    MessageDigest md = sha256();
    ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER);
    long done = 0;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      while (ch.read(buf) >= 0) {
        buf.flip();
        done += buf.remaining();
        md.update(buf);
        buf.clear();
        progress.accept(done);
      }
    }
    return new FileId(hex(md.digest()));
  }

  /**
   * Builds the manifest of a file in one streamed pass: the whole-file digest (the ID) and each
   * chunk's digest are fed from the same buffer.
   *
   * @param progress receives the number of bytes hashed so far, about once per MiB
   */
  public static Manifest manifest(Path file, String name, int chunkSize, LongConsumer progress)
      throws IOException {
    MessageDigest whole = sha256();
    MessageDigest chunk = sha256();
    List<String> hashes = new ArrayList<>();
    ByteBuffer buf = ByteBuffer.allocateDirect(Math.max(BUFFER - BUFFER % chunkSize, chunkSize));
    long done = 0;
    long inChunk = 0;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      while (ch.read(buf) >= 0) {
        buf.flip();
        while (buf.hasRemaining()) {
          int n = (int) Math.min(buf.remaining(), chunkSize - inChunk);
          ByteBuffer slice = buf.slice(buf.position(), n);
          whole.update(slice.duplicate());
          chunk.update(slice);
          buf.position(buf.position() + n);
          inChunk += n;
          done += n;
          if (inChunk == chunkSize) {
            hashes.add(hex(chunk.digest()));
            inChunk = 0;
          }
        }
        buf.clear();
        progress.accept(done);
      }
    }
    if (inChunk > 0) hashes.add(hex(chunk.digest()));
    return new Manifest(new FileId(hex(whole.digest())), name, done, chunkSize, hashes);
  }
}
