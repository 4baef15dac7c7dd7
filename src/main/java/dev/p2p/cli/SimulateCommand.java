package dev.p2p.cli;

import dev.p2p.app.LocalSwarm;
import dev.p2p.app.LocalPeer;
import dev.p2p.app.NodeFacade.DownloadResult;
import dev.p2p.storage.Manifest;
import dev.p2p.text.Units;
import dev.p2p.transfer.TransferEvent;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

// The first description line is also the one-line summary in 'p2p --help': a whole sentence.
@Command(name = "simulate", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = {
        "One JVM: a tracker, one seeder and N downloaders that re-share what they have.",
        "The downloaders start together. Prints the time, where the bytes came from and the heap used."})
final class SimulateCommand implements Callable<Integer> {
  @Option(names = "--peers", paramLabel = "N", defaultValue = "20", description = "Downloaders (default: ${DEFAULT-VALUE}).")
  int peers;

  @Option(names = "--size", paramLabel = "SIZE", defaultValue = "16M", description = "File size (default: ${DEFAULT-VALUE}).")
  String size;

  @Option(names = "--chunk-size", paramLabel = "SIZE", defaultValue = "256K", description = "Chunk size (default: ${DEFAULT-VALUE}).")
  String chunkSize;

  @Override
  public Integer call() throws Exception {
    if (peers < 1) throw new IllegalArgumentException("--peers must be at least 1");
    long bytes = Units.parseSize(size);
    Path dir = Files.createTempDirectory("p2p-sim");
    int conns = Math.max(512, peers * 60);
    CliRuntime rt = new CliRuntime(Map.of(
        "p2p.chunk-size", (int) Units.parseSize(chunkSize),
        "p2p.max-connections", conns, "p2p.max-connections-per-ip", conns,
        "p2p.tracker.max-registrations-per-ip", conns));
    try (LocalSwarm swarm = LocalSwarm.start(rt.system, rt.config)) {
      Path file = dir.resolve("sim.bin");
      DemoSupport.generate(file, bytes);
      LocalPeer seeder = swarm.addPeer(dir.resolve("seed"));
      Manifest m = seeder.share(file).toCompletableFuture().join();
      String seederAddr = DemoSupport.address(seeder.address());
      System.out.printf(Locale.ROOT, "simulate: 1 seeder + %d downloaders, %s in %d chunks%n",
          peers, Units.bytes(bytes), m.numChunks());
      List<LocalPeer> nodes = new ArrayList<>();
      for (int i = 0; i < peers; i++) nodes.add(swarm.addPeer(dir.resolve("peer-" + i)));
      long t0 = System.nanoTime();
      List<CompletableFuture<DownloadResult>> all = new ArrayList<>();
      for (int i = 0; i < peers; i++) {
        all.add(nodes.get(i).download(m.id(), dir.resolve("peer-" + i)).toCompletableFuture());
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
      double total = (System.nanoTime() - t0) / 1e9;
      double[] times = all.stream().mapToDouble(f -> f.join().seconds()).sorted().toArray();
      long fromSeeder = 0;
      long fromPeers = 0;
      for (CompletableFuture<DownloadResult> f : all) {
        for (TransferEvent.PeerStat p : f.join().peers()) {
          if (p.peer().equals(seederAddr)) fromSeeder += p.bytes();
          else fromPeers += p.bytes();
        }
      }
      System.out.printf(Locale.ROOT, "all %d downloads verified in %.2f s (per peer: min %.2f s, median %.2f s, max %.2f s)%n",
          peers, total, times[0], times[times.length / 2], times[times.length - 1]);
      System.out.printf(Locale.ROOT, "bytes from the seeder: %s (%.0f%%), from other downloaders: %s (%.0f%%)%n",
          Units.bytes(fromSeeder), 100.0 * fromSeeder / Math.max(1, fromSeeder + fromPeers),
          Units.bytes(fromPeers), 100.0 * fromPeers / Math.max(1, fromSeeder + fromPeers));
      System.out.printf(Locale.ROOT, "heap: %s used now, %s peak, %s max%n",
          Units.bytes(usedHeap()), Units.bytes(peakHeap()),
          Units.bytes(Runtime.getRuntime().maxMemory()));
      return 0;
    } finally {
      rt.terminate();
      DemoSupport.deleteTree(dir);
    }
  }

  static long usedHeap() {
    Runtime r = Runtime.getRuntime();
    return r.totalMemory() - r.freeMemory();
  }

  static long peakHeap() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP)
        .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
  }

}
