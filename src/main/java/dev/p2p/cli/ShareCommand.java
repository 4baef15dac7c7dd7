package dev.p2p.cli;

import dev.p2p.app.LocalPeer;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import dev.p2p.storage.ManifestCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "share", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = {
        "Hash FILE, register it with the tracker and serve it until stopped.",
        "A file hashed or downloaded here before, unchanged since (size, mtime), is not hashed again.",
        "Prints '<64-hex ID>  <file name>' on stdout as soon as the file is registered."})
final class ShareCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "FILE", description = "File(s) to share.")
  List<Path> files;

  @Mixin NodeOptions node;

  @Option(names = "--id-only", description = "Print only the ID (no file name) on each line.")
  boolean idOnly;

  @Option(names = "--id", paramLabel = "ID",
      description = "The ID FILE is known to have (one FILE only): a manifest cached for FILE "
          + "with this ID is used without hashing; a FILE that hashes to another ID is an error.")
  String id;

  @Override
  public Integer call() {
    Optional<FileId> expected = Optional.ofNullable(id).map(FileId::parse);
    if (expected.isPresent() && files.size() != 1) {
      throw new IllegalArgumentException("--id names the ID of one FILE, but " + files.size() + " were given");
    }
    CliRuntime rt = new CliRuntime(node.overrides());
    return serve(rt, files, node.port != null, idOnly, expected);
  }

  static int serve(CliRuntime rt, List<Path> files, boolean portExplicit, boolean idOnly,
      Optional<FileId> expected) {
    LocalPeer n;
    ManifestCache cache = rt.manifestCache();
    try {
      n = Peers.start(rt, portExplicit);
      for (Path f : files) {
        Manifest m = n.share(f, cache, expected).toCompletableFuture().join();
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
    return serve(rt, files, false, false, Optional.empty());
  }
}
