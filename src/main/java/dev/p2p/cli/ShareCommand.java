package dev.p2p.cli;

import com.typesafe.config.ConfigFactory;
import dev.p2p.app.AppSettings;
import dev.p2p.app.LocalPeer;
import dev.p2p.app.NodeState;
import dev.p2p.app.ShareOptions;
import dev.p2p.storage.FileId;
import dev.p2p.storage.ManifestCache;
import dev.p2p.storage.SafeNames;
import dev.p2p.storage.ShareLink;
import dev.p2p.text.UserText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
        "Prints '<64-hex ID>  <file name>' on stdout as soon as the file is registered.",
        "With --private, prints '<link>  <file name>' instead: only whoever has the link (it holds",
        "the share's key) can find and download the file; 'p2p unshare ID' revokes it.",
        "A folder shares its regular files (not hidden ones, not its subfolders) and writes their",
        "IDs to SHA256SUMS in it, in sha256sum's format: 'p2p get --from SHA256SUMS' fetches them all."})
final class ShareCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "FILE", description = "File(s) or folder(s) to share.")
  List<Path> files;

  @Mixin NodeOptions node;

  @Option(names = "--id-only", description = "Print only the ID (no file name) on each line.")
  boolean idOnly;

  @Option(names = "--id", paramLabel = "ID",
      description = "The ID FILE is known to have (one FILE only): a manifest cached for FILE "
          + "with this ID is used without hashing; a FILE that hashes to another ID is an error.")
  String id;

  @Option(names = "--private",
      description = "Share privately: print a link with a secret key; without it the file cannot "
          + "be found or downloaded, even by someone who knows its ID.")
  boolean privately;

  @Option(names = "--expires", paramLabel = "DURATION",
      description = "With --private: the link stops working after this long, e.g. 30m, 24h, 7d.")
  String expires;

  @Option(names = "--max-downloads", paramLabel = "N",
      description = "With --private: at most N different downloaders are let in.")
  Integer maxDownloads;

  @Option(names = "--wire", paramLabel = "p2p|seed", defaultValue = "p2p",
      description = "The protocol to register and serve in: p2p (ours, the default) or seed (the "
          + "original Python program's: its tracker, its 16-hex IDs, plaintext, public files only).")
  String wire;

  @Override
  public Integer call() {
    if (wire.equals("seed")) {
      if (privately || id != null || expires != null || maxDownloads != null) {
        throw new IllegalArgumentException("--wire seed shares publicly and hashes: no --private, --expires, --max-downloads or --id");
      }
      return LegacyShare.serve(new CliRuntime(node.overrides()), files, node.port != null, idOnly);
    }
    if (!wire.equals("p2p")) throw new IllegalArgumentException("--wire must be p2p or seed, not '" + wire + "'");
    List<Path> dirs = files.stream().filter(Files::isDirectory).toList();
    if (!dirs.isEmpty() && privately) {
      throw new IllegalArgumentException("a folder is shared publicly: its SHA256SUMS lists IDs, which open no private share");
    }
    files = files.stream().flatMap(f -> Files.isDirectory(f) ? inFolder(f).stream() : Stream.of(f)).toList();
    if (files.isEmpty()) throw new IllegalArgumentException("no regular files to share in " + dirs);
    Optional<FileId> expected = Optional.ofNullable(id).map(FileId::parse);
    if (expected.isPresent() && files.size() != 1) {
      throw new IllegalArgumentException("--id names the ID of one FILE, but " + files.size() + " were given");
    }
    if (!privately && (expires != null || maxDownloads != null)) {
      throw new IllegalArgumentException("--expires and --max-downloads need --private");
    }
    ShareOptions options = new ShareOptions(privately,
        Optional.ofNullable(expires).map(ShareCommand::duration), Optional.ofNullable(maxDownloads));
    CliRuntime rt = new CliRuntime(node.overrides());
    return serve(rt, files, node.port != null, idOnly, expected, options, false, dirs);
  }

  /** What sharing folder {@code dir} shares: {@link #filesIn} but its own SHA256SUMS. */
  static List<Path> inFolder(Path dir) {
    return filesIn(dir).stream().filter(p -> !p.getFileName().toString().equals(BatchGet.SUMS_NAME)).toList();
  }

  /** A duration as a person writes it: a whole number and s, m, h or d ("24h"). */
  static Duration duration(String text) {
    return duration("--expires", text);
  }

  /** As {@link #duration(String)}, for the option {@code option} (named in the error). */
  static Duration duration(String option, String text) {
    return duration(option, text, "");
  }

  /**
   * As {@link #duration(String, String)}; {@code alsoAccepted} names what else the option takes
   * (", or 0"), told in the error before its bound.
   */
  static Duration duration(String option, String text, String alsoAccepted) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    long n;
    try {
      n = Long.parseLong(t.substring(0, Math.max(0, t.length() - 1)));
    } catch (NumberFormatException e) {
      n = -1;
    }
    ChronoUnit unit = switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
      case 's' -> ChronoUnit.SECONDS;
      case 'm' -> ChronoUnit.MINUTES;
      case 'h' -> ChronoUnit.HOURS;
      case 'd' -> ChronoUnit.DAYS;
      default -> null;
    };
    // A year is the longest a link is meant to live; past that, a typo is likelier.
    if (unit == null || n <= 0 || n > 366L * 24 * 3600 / unit.getDuration().getSeconds()) {
      throw new IllegalArgumentException(option + ": '" + text
          + "' is not a duration such as 30m, 24h or 7d" + alsoAccepted + " (at most a year)");
    }
    return Duration.of(n, unit);
  }

  static int serve(CliRuntime rt, List<Path> files, boolean portExplicit, boolean idOnly,
      Optional<FileId> expected, ShareOptions options, boolean resume, List<Path> sumsDirs) {
    LocalPeer n;
    Map<Path, List<String>> sums = new LinkedHashMap<>();
    for (Path d : sumsDirs) sums.put(d.toAbsolutePath().normalize(), new ArrayList<>());
    ManifestCache cache = rt.manifestCache();
    try {
      n = Peers.start(rt, portExplicit);
      // Hashing progress, then what is uploaded to whom, for as long as the process serves.
      n.subscribe(new ShareView(System.err));
      if (resume) Peers.resume(n).toCompletableFuture().join();
      for (Path f : files) {
        ShareLink link = n.share(f, cache, expected, options).toCompletableFuture().join();
        // The first field is what a downloader needs: the ID, or the whole link when private.
        String first = link.isPrivate() ? link.format() : link.id().hex();
        System.out.println(idOnly ? first : first + "  " + link.name().orElse(""));
        System.out.flush();
        // What to paste on the other side (stderr: stdout stays one line per file for scripts).
        // A private link was the first field already.
        if (!link.isPrivate()) System.err.println("on the other machine: p2p get '" + link.format() + "'");
        List<String> listed = sums.get(f.toAbsolutePath().normalize().getParent());
        String name = f.getFileName().toString();
        // get --from refuses a name it could not save as listed; such a file is shared, not listed.
        if (listed != null && !SafeNames.isPlain(name)) {
          System.err.println("note: " + UserText.printable(name) + " is shared but not in "
              + BatchGet.SUMS_NAME + ": its name is not a plain one 'p2p get --from' can save as it is");
        } else if (listed != null) {
          listed.add(BatchGet.line(link.id(), name));
        }
      }
      for (Map.Entry<Path, List<String>> d : sums.entrySet()) {
        System.err.println("wrote " + BatchGet.write(d.getKey(), d.getValue())
            + " (copy it over; on the other machine: p2p get --from " + BatchGet.SUMS_NAME + ")");
      }
    } catch (IOException e) {
      rt.terminate();
      throw new UncheckedIOException("cannot write " + BatchGet.SUMS_NAME + ": " + e.getMessage(), e);
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

  /**
   * A bare {@code p2p} with p2p.role = peer: serves every regular file of the download folder,
   * and says so first. With nothing there (or no folder yet, as on a first run) it says what it
   * would have done and how to begin instead, and exits 0: a newcomer's first try is no error.
   */
  static int serveDownloadFolder() {
    AppSettings settings = AppSettings.create(ConfigFactory.load());
    Path dir = settings.downloadDir().toAbsolutePath();
    List<Path> files = filesIn(dir);
    if (files.isEmpty() && !NodeState.hasWorkToResume(settings)) {
      System.err.println("p2p: no command given, so it would serve the files in " + dir
          + " (p2p.role = peer), but there are none.");
      System.err.println("Try 'p2p demo' to watch a swarm at work, 'p2p share FILE', 'p2p get ID',"
          + " or 'p2p --help' for every command.");
      return 0;
    }
    System.err.println("p2p: no command given, so serving the " + files.size() + " file(s) in " + dir
        + " (p2p.role = peer), and what its saved state holds; 'p2p --help' lists the commands");
    // The machine's long-running node: it also takes up its saved shares and downloads.
    return serve(new CliRuntime(Map.of()), files, false, false, Optional.empty(), ShareOptions.PUBLIC, true, List.of());
  }

  /** The regular, not hidden (not a partial download's), files of {@code dir}; none if it is absent. */
  static List<Path> filesIn(Path dir) {
    if (!Files.isDirectory(dir)) return List.of();
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> Files.isRegularFile(p) && !p.getFileName().toString().startsWith("."))
          .sorted().toList();
    } catch (IOException e) {
      throw new IllegalStateException("cannot list the download folder " + dir
          + " (p2p.download-dir): " + e.getMessage());
    }
  }
}
