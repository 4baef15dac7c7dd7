package dev.p2p.cli;

import dev.p2p.storage.PeerAddress;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;

/**
 * What {@code demo} and {@code simulate} share: a generated input file, a scratch folder deleted
 * afterwards, and a node's address written the way downloads key their peers.
 */
final class DemoSupport {
  private DemoSupport() {}

  /** {@code host:port} of a bound chunk server, as in {@code PeerStat.peer()}. */
  static String address(InetSocketAddress a) {
    return new PeerAddress(a.getAddress().getHostAddress(), a.getPort()).toString();
  }

  /** Writes {@code bytes} of pseudo-random data (the same for every run), 1 MiB at a time. */
  static void generate(Path file, long bytes) throws IOException {
    Random random = new Random(42);
    byte[] buf = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = bytes; left > 0; left -= buf.length) {
        random.nextBytes(buf);
        out.write(buf, 0, (int) Math.min(buf.length, left));
      }
    }
  }

  /** Deletes {@code dir} and everything under it, as far as possible. */
  static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a scratch folder left behind is only clutter in the temp directory
    }
  }
}
