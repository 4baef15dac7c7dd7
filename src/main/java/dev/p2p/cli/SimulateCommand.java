package dev.p2p.cli;

import dev.p2p.app.LocalPeer;
import dev.p2p.app.LocalSwarm;
import dev.p2p.app.P2pSystem;
import dev.p2p.app.SwarmRun;
import dev.p2p.storage.Manifest;
import dev.p2p.text.Units;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

// The first description line is also the one-line summary in 'p2p --help': a whole sentence.
@Command(name = "simulate", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = {
        "One JVM: a tracker, one seeder and N downloaders that re-share what they have.",
        "The downloaders start together. A progress line each second on stderr; then a",
        "table: peers finished, failed (how many of each kind, the first one's reason),",
        "times and where the chunks came from. Exits 0 if every peer finished, else",
        "with the failures' code (1 if they differ).",
        "1000 peers took a 4 GiB heap peak (./p2p leaves the JVM's default maximum, a",
        "quarter of the RAM), some 12000 file descriptors (ulimit -n) and N times --size",
        "of disk in the temporary folder (bench/RESULTS.md, section 11)."})
final class SimulateCommand implements Callable<Integer> {
  @Option(names = "--peers", paramLabel = "N", defaultValue = "20", description = "Downloaders, 1 .. 2000 (default: ${DEFAULT-VALUE}).")
  int peers;

  @Option(names = "--size", paramLabel = "SIZE", defaultValue = "4M", description = "File size (default: ${DEFAULT-VALUE}).")
  String size;

  @Option(names = "--chunk-size", paramLabel = "SIZE", defaultValue = "64K", description = "Chunk size (default: ${DEFAULT-VALUE}).")
  String chunkSize;

  @Option(names = "--tls", negatable = true, defaultValue = "false", fallbackValue = "true",
      description = "Encrypt every connection, as real nodes do (default: plaintext). In one "
          + "process every node's TLS handshakes share this machine's cores: at 200 peers they, "
          + "not the swarm, set the pace.")
  boolean tls;

  @Option(names = "--progress", negatable = true,
      description = "Rewrite the progress line in place (default: when stderr is a terminal; else one line a second).")
  Boolean progress;

  @Override
  public Integer call() throws Exception {
    if (peers < 1 || peers > 2000) throw new IllegalArgumentException("--peers must be 1 .. 2000");
    long bytes = Units.parseSize(size);
    Path dir = Files.createTempDirectory("p2p-sim");
    Map<String, Object> settings = new HashMap<>(LocalSwarm.crowdSettings(peers, (int) Units.parseSize(chunkSize)));
    settings.put("p2p.tls", tls);
    CliRuntime rt = new CliRuntime(settings);
    // The tracker in an actor system of its own: in the peers' one its answers waited behind
    // the work of every peer, and registrations timed out at 200 peers (see bench/RESULTS.md).
    ActorSystem<?> trackerSystem = P2pSystem.create(CliRuntime.SYSTEM_NAME + "-tracker", rt.config);
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "simulate-progress");
      t.setDaemon(true);
      return t;
    });
    try {
      LocalSwarm swarm = LocalSwarm.start(trackerSystem, rt.system, rt.config);
      Path file = dir.resolve("sim.bin");
      DemoSupport.generate(file, bytes);
      LocalPeer seeder = swarm.addPeer(dir.resolve("seed"));
      Manifest m = seeder.share(file).toCompletableFuture().join();
      System.out.printf(Locale.ROOT, "simulate: 1 seeder + %d downloaders, %s in %d chunks%n",
          peers, Units.bytes(bytes), m.numChunks());
      List<Path> dirs = new ArrayList<>();
      for (int i = 0; i < peers; i++) dirs.add(dir.resolve("peer-" + i));
      List<LocalPeer> nodes = swarm.addPeers(dirs);
      SimulateView view = new SimulateView(System.err,
          progress != null ? progress : GetCommand.stderrIsTerminal(), ProgressView.terminalWidth());
      SwarmRun run = SwarmRun.start(nodes, dirs, m.id(), m.size(), DemoSupport.address(seeder.address()));
      ticker.scheduleAtFixedRate(() -> view.tick(run.snapshot()), 1, 1, TimeUnit.SECONDS);
      SwarmRun.Report report = run.report().join();
      ticker.shutdownNow();
      view.end();
      for (String row : SimulateView.table(report)) System.out.println(row);
      System.out.printf(Locale.ROOT, "heap        %s used now, %s peak, %s max%n",
          Units.bytes(usedHeap()), Units.bytes(peakHeap()), Units.bytes(Runtime.getRuntime().maxMemory()));
      return SimulateView.exitCode(report);
    } finally {
      ticker.shutdownNow();
      // No goodbyes: the tracker and every peer live in this JVM and end with its actor system.
      rt.terminate();
      trackerSystem.terminate();
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
