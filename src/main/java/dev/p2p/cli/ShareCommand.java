package dev.p2p.cli;

import dev.p2p.app.LocalPeer;
import dev.p2p.storage.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "share", description = {
    "Hash FILE, register it with the tracker and serve it until stopped.",
    "Prints '<64-hex ID>  <file name>' on stdout as soon as the file is registered."})
final class ShareCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "FILE", description = "File(s) to share.")
  List<Path> files;

  @Mixin NodeOptions node;

  @Option(names = "--id-only", description = "Print only the ID (no file name) on each line.")
  boolean idOnly;

  @Override
  public Integer call() {
    CliRuntime rt = new CliRuntime(node.overrides());
    return serve(rt, files, node.port != null, idOnly);
  }

  static int serve(CliRuntime rt, List<Path> files, boolean portExplicit, boolean idOnly) {
    LocalPeer n;
    try {
      n = Peers.start(rt, portExplicit);
      for (Path f : files) {
        Manifest m = n.share(f).toCompletableFuture().join();
        System.out.println(idOnly ? m.id().hex() : m.id().hex() + "  " + m.name());
        System.out.flush();
      }
    } catch (RuntimeException e) {
      rt.terminate();
      throw e;
    }
    System.err.println("serving on " + n.address().getHostString() + ":" + n.address().getPort()
        + " (tracker " + rt.settings.trackerHost() + ":" + rt.settings.trackerPort()
        + "); Ctrl-C to stop");
    CoordinatedShutdown.get(rt.system).addTask(CoordinatedShutdown.PhaseServiceUnbind(),
        "unregister", () -> n.stop().thenApply(v -> Done.getInstance()));
    rt.awaitTermination();
    return 0;
  }

  /** Plain start with p2p.role = peer: serve every regular file of the download folder. */
  static int serveDownloadFolder() {
    CliRuntime rt = new CliRuntime(Map.of());
    Path dir = rt.settings.downloadDir();
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> Files.isRegularFile(p) && !p.getFileName().toString().startsWith("."))
          .sorted().toList();
    } catch (IOException e) {
      rt.terminate();
      throw new IllegalStateException("cannot list the download folder " + dir.toAbsolutePath()
          + " (p2p.download-dir): " + e.getMessage());
    }
    if (files.isEmpty()) {
      rt.terminate();
      throw new IllegalStateException("nothing to serve: " + dir.toAbsolutePath()
          + " has no files (use 'p2p share FILE' or 'p2p get ID')");
    }
    return serve(rt, files, false, false);
  }
}
