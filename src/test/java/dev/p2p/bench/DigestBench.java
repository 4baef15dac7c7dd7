package dev.p2p.bench;

import java.security.MessageDigest;
import java.util.Random;

/**
 * The floor of verification on this machine: what a node's SHA-256 work on {@code --mib} MiB
 * costs with the JDK's intrinsic, as a downloader does it (each 256 KiB chunk against its own
 * hash, and every byte again into the whole-file digest that is the file ID) and as a sharer
 * does it to make the manifest (the same two digests). Prints the time of each round of both
 * digests over the same bytes; the first round includes the JIT reaching C2. Run by
 * bench/floor.sh with the CLI's JVM options.
 */
public final class DigestBench {
  private DigestBench() {}

  public static void main(String[] args) throws Exception {
    int mib = 1024;
    int rounds = 3;
    int chunk = 256 * 1024;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--mib" -> mib = Integer.parseInt(args[i + 1]);
        case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
        case "--chunk" -> chunk = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    byte[] data = new byte[chunk];
    new Random(1).nextBytes(data);
    long total = (long) mib << 20;
    byte[] sink = new byte[32];
    for (int r = 0; r < rounds; r++) {
      MessageDigest whole = MessageDigest.getInstance("SHA-256");
      MessageDigest part = MessageDigest.getInstance("SHA-256");
      long start = System.nanoTime();
      for (long done = 0; done < total; done += chunk) {
        part.update(data);
        byte[] h = part.digest();
        sink[(int) (done / chunk) & 31] ^= h[0];
        whole.update(data);
      }
      sink[0] ^= whole.digest()[0];
      double s = (System.nanoTime() - start) / 1e9;
      System.out.printf("round %d: %d MiB through both digests in %.2f s (%.0f MB/s per digest)%n",
          r + 1, mib, s, 2 * total / s / 1e6);
    }
    if (sink[31] == 42) System.out.println(); // keeps the digests from being optimised away
  }
}
