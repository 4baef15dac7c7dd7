package dev.p2p.cli;

import dev.p2p.app.LocalSwarm;
import dev.p2p.app.LocalPeer;
import dev.p2p.app.NodeFacade.DownloadResult;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Hashing;
import dev.p2p.storage.Manifest;
import dev.p2p.text.Units;
import dev.p2p.transfer.TransferEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

// The first description line is also the one-line summary in 'p2p --help': a whole sentence.
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = {
        "A whole swarm in this JVM: a tracker, two seeders and a downloader on 127.0.0.1.",
        "Generates a file, shows the download coming from both seeders, checks the result",
        "and exits 0 if it verified."})
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--size", paramLabel = "SIZE", defaultValue = "64M",
      description = "Size of the generated file (default: ${DEFAULT-VALUE}).")
  String size;

  @Option(names = "--keep", description = "Keep the demo folder instead of deleting it.")
  boolean keep;

  @Override
  public Integer call() throws Exception {
    long bytes = Units.parseSize(size);
    Path dir = Files.createTempDirectory("p2p-demo");
    CliRuntime rt = new CliRuntime(Map.of());
    try (LocalSwarm swarm = LocalSwarm.start(rt.system, rt.config)) {
      System.out.println("p2p demo: a tracker, two seeders and a downloader in one JVM, on 127.0.0.1");
      System.out.println("tracker      " + DemoSupport.address(swarm.tracker().address()));
      Path file = dir.resolve("demo.bin");
      DemoSupport.generate(file, bytes);
      System.out.println("generated    " + file + " (" + Units.bytes(bytes) + " of random data)");
      LocalPeer a = swarm.addPeer(dir.resolve("a"));
      LocalPeer b = swarm.addPeer(dir.resolve("b"));
      Manifest m = a.share(file).toCompletableFuture().join();
      b.share(file).toCompletableFuture().join();
      System.out.println("seeder A     " + DemoSupport.address(a.address()) + " shares it as " + m.id());
      System.out.println("seeder B     " + DemoSupport.address(b.address()) + " shares it as " + m.id());
      Map<String, String> names = Map.of(DemoSupport.address(a.address()), "A", DemoSupport.address(b.address()), "B");
      LocalPeer c = swarm.addPeer(dir.resolve("downloads"));
      System.out.println("downloader   " + DemoSupport.address(c.address()) + " gets " + m.id().shortHex()
          + "... (" + m.numChunks() + " chunks of " + Units.bytes(m.chunkSize()) + ")");
      DownloadResult r;
      try (AutoCloseable sub = c.subscribe(e -> {
        if (e instanceof TransferEvent.Progress p) {
          System.out.println("  " + ProgressView.line(p, Integer.MAX_VALUE) + "  " + bySeeder(p.peers(), names));
        }
      })) {
        r = c.download(m.id(), dir.resolve("downloads")).toCompletableFuture().join();
      }
      FileId actual = Hashing.fileId(r.path(), x -> {});
      boolean same = actual.equals(m.id());
      System.out.printf(Locale.ROOT, "done in %.2f s (%s/s): %s%n", r.seconds(),
          Units.bytes(m.size() / Math.max(r.seconds(), 1e-3)), r.path());
      System.out.println("sha256 of the download " + actual + (same ? " = the ID: verified" : " != the ID!"));
      System.out.println("chunks by seeder: " + bySeeder(r.peers(), names));
      long contributors = r.peers().stream().filter(p -> p.chunks() > 0).count();
      if (contributors < 2) System.out.println("note: only one seeder supplied chunks this time");
      return same ? 0 : 1;
    } finally {
      rt.terminate();
      if (!keep) DemoSupport.deleteTree(dir);
      else System.out.println("kept " + dir);
    }
  }

  private static String bySeeder(List<TransferEvent.PeerStat> peers, Map<String, String> names) {
    return peers.stream()
        .map(p -> names.getOrDefault(p.peer(), p.peer()) + ": " + p.chunks() + " chunks")
        .sorted()
        .collect(Collectors.joining(", "));
  }
}
