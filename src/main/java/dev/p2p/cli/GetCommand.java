package dev.p2p.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.p2p.app.LocalPeer;
import dev.p2p.app.NodeFacade.DownloadResult;
import dev.p2p.storage.FileId;
import dev.p2p.storage.ManifestCache;
import dev.p2p.storage.SafeNames;
import dev.p2p.storage.ShareKey;
import dev.p2p.storage.ShareLink;
import dev.p2p.text.P2pException;
import dev.p2p.text.UserText;
import dev.p2p.transfer.TransferEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "get", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = {
        "Download file ID from every peer that has it, verify it and print its path.",
        "Exits 0 only when the file is complete and its SHA-256 equals ID.",
        "A link (p2p://HOST:PORT/ID?key=...) works as well: its tracker is used unless --tracker",
        "is given, and its key opens a private share. A key on the command line is visible to",
        "other users in 'ps': pass '-' to read the link from stdin, or put the key in P2P_KEY.",
        "With no peer left that has the missing chunks, it says so and asks the tracker",
        "again (--wait); giving up, it prints what is kept and the command to resume."},
    footer = {"", "Environment:", "  P2P_KEY   the key of a private share, for an ID or a link without one",
        "", Main.EXIT_CODES_1, Main.EXIT_CODES_2, Main.EXIT_CODES_3})
final class GetCommand implements Callable<Integer> {
  /** The environment variable a private share's key may come from. */
  static final String KEY_VARIABLE = "P2P_KEY";

  @Parameters(index = "0", arity = "0..1", paramLabel = "ID|LINK",
      description = "The file's ID (64 hex characters, its SHA-256), a p2p:// link, or - to read either from stdin;"
          + " or the original program's 16-hex ID, downloaded in its protocol (weakly verified: 64 bits).")
  String id;

  @Option(names = "--from", paramLabel = "FILE",
      description = "Download every file a sha256sum output FILE lists (instead of ID|LINK), "
          + BatchGet.PARALLEL + " at once, under its listed name: 'sha256sum -c FILE' then passes in --out.")
  Path from;

  @Option(names = "--out", paramLabel = "DIR", description = "Download folder (default: p2p.download-dir, downloads/).")
  Path out;

  @Option(names = "--seed", description = "Keep serving the file after the download, until stopped.")
  boolean seed;

  @Option(names = "--json", description = "Print a JSON summary (bytes and chunks from each peer) instead of the path.")
  boolean json;

  @Option(names = "--progress", negatable = true,
      description = "Show a progress line on stderr (default: when stderr is a terminal).")
  Boolean progress;

  @Option(names = "--wait", paramLabel = "DURATION", converter = WaitDuration.class,
      description = "How long to wait for a peer when none left has the missing chunks, asking the tracker"
          + " again meanwhile: 30s, 10m, 2h; 0 gives up at once (default: p2p.wait-for-peers, 5m).")
  Duration wait;

  @Mixin NodeOptions node;

  @Spec CommandSpec spec;

  /** {@code --wait}: "0", or a duration as {@code share --expires} takes it. */
  static final class WaitDuration implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String text) {
      if (text.strip().equals("0")) return Duration.ZERO;
      try {
        return ShareCommand.duration("--wait", text, ", or 0");
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  @Override
  public Integer call() throws Exception {
    if (from != null) return batch();
    if (id == null) throw new IllegalArgumentException("give a file's ID or link, or --from FILE (a sha256sum output)");
    String text = id.equals("-") ? readLine() : id;
    if (FileId.isLegacyId(text.strip())) {
      if (seed) throw new IllegalArgumentException("--seed needs the full 64-hex ID; 'p2p share --wire seed' serves the original's peers");
      return LegacyGet.run(text.strip(), node, out, json, progress != null ? progress : stderrIsTerminal());
    }
    ShareLink link = link(text, System.getenv(KEY_VARIABLE));
    FileId fileId = link.id();
    Map<String, Object> o = node.overrides();
    if (node.tracker == null && link.tracker().isPresent()) {
      o.put("p2p.tracker.host", link.tracker().get().host());
      o.put("p2p.tracker.port", link.tracker().get().port());
    }
    if (out != null) o.put("p2p.download-dir", out.toString());
    if (wait != null) o.put("p2p.wait-for-peers", wait.toMillis() + "ms");
    CliRuntime rt = new CliRuntime(o);
    DownloadResult r;
    LocalPeer n = null;
    try {
      n = Peers.start(rt, node.port != null);
      boolean tty = progress != null ? progress : stderrIsTerminal();
      // Without the progress line, a manifest found wrong still gets its one line on stderr.
      AutoCloseable sub = n.subscribe(tty ? new ProgressView(System.err, true)
          : ProgressView.manifestNotes(System.err));
      try {
        r = n.download(link, rt.settings.downloadDir()).toCompletableFuture().join();
      } finally {
        sub.close();
      }
    } catch (RuntimeException e) {
      abandon(rt, n);
      if (Main.exitCode(e) != P2pException.Kind.NO_PEERS.exitCode()) throw e;
      // Its partial file is kept: the error, then the line that picks it up again.
      if (progress != null ? progress : stderrIsTerminal()) System.err.print("\r\u001b[K");
      System.err.println("error: " + UserText.oneLine(e));
      System.err.println("to resume: " + ResumeLine.of(spec.commandLine().getParseResult().originalArgs(), id,
          link.isPrivate() || id.equals("-") ? link.redacted() : id)
          + (link.isPrivate() ? "   (with the link's key in P2P_KEY)" : ""));
      return Main.exitCode(e);
    }
    renameNote(r).ifPresent(System.err::println);
    System.out.println(json ? summary(fileId, r) : r.path().toString());
    System.out.flush();
    if (seed) {
      remember(rt.manifestCache(), r);
      LocalPeer seeding = n;
      System.err.println("seeding " + r.path() + " on port " + n.address().getPort() + "; Ctrl-C to stop");
      CoordinatedShutdown.get(rt.system).addTask(CoordinatedShutdown.PhaseServiceUnbind(),
          "unregister", () -> seeding.stop().thenApply(v -> Done.getInstance()));
      rt.awaitTermination();
    } else {
      CompletionStage<Void> stopping = n.stop(); // its UNREGISTERs go out while the cache is written
      remember(rt.manifestCache(), r);
      rt.leaveQuickly(stopping);
    }
    return 0;
  }

  /** {@code get --from FILE}: the file is read whole, and refused on a bad line, before a node starts. */
  private int batch() throws Exception {
    if (id != null) throw new IllegalArgumentException("give an ID or link, or --from FILE, not both");
    if (seed || json) throw new IllegalArgumentException("--from takes neither --seed nor --json");
    List<BatchGet.Entry> entries = BatchGet.parse(from);
    Map<String, Object> o = node.overrides();
    if (out != null) o.put("p2p.download-dir", out.toString());
    if (wait != null) o.put("p2p.wait-for-peers", wait.toMillis() + "ms");
    CliRuntime rt = new CliRuntime(o);
    LocalPeer n = null;
    int code;
    try {
      n = Peers.start(rt, node.port != null);
      code = BatchGet.run(rt.system, n, entries, rt.settings.downloadDir());
    } catch (Exception e) {
      abandon(rt, n);
      throw e;
    }
    rt.leaveQuickly(n.stop());
    return code;
  }

  /** After a failure: stops the node {@code n} (if it started) and ends the runtime. */
  private static void abandon(CliRuntime rt, LocalPeer n) {
    if (n != null) n.stop().toCompletableFuture().join();
    rt.terminate();
  }

  /**
   * What to download: {@code text} (an ID or a link), with {@code envKey} as its key if it has
   * none. Errors never quote the text: it may hold a key.
   */
  static ShareLink link(String text, String envKey) {
    ShareLink link = ShareLink.parse(text);
    if (link.key().isPresent() || envKey == null || envKey.isBlank()) return link;
    ShareKey key;
    try {
      key = ShareKey.parse(envKey.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(KEY_VARIABLE + ": " + e.getMessage());
    }
    return link.withKey(key);
  }

  private static String readLine() throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line = in.readLine();
    if (line == null) throw new IllegalArgumentException("no link or ID on stdin");
    return line;
  }

  /**
   * Records the verified file in the manifest cache, so that sharing it next (a re-seed) does not
   * hash it again. Only if it is still the size the manifest says: the mtime is read now, after
   * the rename, and a file changed since its verification must not be taken for the verified one.
   */
  static void remember(ManifestCache cache, DownloadResult r) {
    try {
      BasicFileAttributes a = Files.readAttributes(r.path(), BasicFileAttributes.class);
      if (a.isRegularFile() && a.size() == r.manifest().size()) {
        cache.record(r.path(), r.manifest(), a.lastModifiedTime());
      }
    } catch (IOException e) {
      // not cached: a later share hashes it
    }
  }

  /**
   * The name the file would have had, when it was taken: an existing file is never overwritten,
   * the download gets "name (1).ext" instead, and the user should know.
   */
  static Optional<Path> takenName(DownloadResult r) {
    return takenName(r.manifest().name(), r.manifest().id().hex(), r.path());
  }

  /** The path {@code offered} (made safe, {@code fallback} if nothing is left) would have had, if not {@code saved}. */
  static Optional<Path> takenName(String offered, String fallback, Path saved) {
    String wanted = SafeNames.sanitize(offered, fallback);
    if (saved.getFileName().toString().equals(wanted)) return Optional.empty();
    return Optional.of(saved.resolveSibling(wanted));
  }

  /** One line for stderr when the download had to take another name. */
  static Optional<String> renameNote(DownloadResult r) {
    return renameNote(takenName(r), r.path());
  }

  static Optional<String> renameNote(Optional<Path> taken, Path saved) {
    return taken.map(t -> "note: " + t + " already exists and was left alone; saved as " + saved);
  }

  static String summary(FileId id, DownloadResult r) throws Exception {
    ObjectMapper m = new ObjectMapper();
    ObjectNode root = m.createObjectNode();
    root.put("file_id", id.hex());
    root.put("path", r.path().toString());
    takenName(r).ifPresent(t -> root.put("renamed_from", t.toString()));
    root.put("size", r.manifest().size());
    root.put("chunks", r.manifest().numChunks());
    root.put("seconds", Math.round(r.seconds() * 1000) / 1000.0);
    putPeers(root, r.peers());
    return m.writeValueAsString(root);
  }

  /** The summary's "peers": bytes, chunks, failures and ban of each peer used. */
  static void putPeers(ObjectNode root, List<TransferEvent.PeerStat> stats) {
    ArrayNode peers = root.putArray("peers");
    for (TransferEvent.PeerStat p : stats) {
      ObjectNode pn = peers.addObject();
      pn.put("peer", p.peer());
      pn.put("bytes", p.bytes());
      pn.put("chunks", p.chunks());
      pn.put("failures", p.failures());
      pn.put("banned", p.banned());
    }
  }

  /**
   * Whether stderr is a terminal. Java has no isatty(2); on Linux /proc/self/fd/2 names the
   * terminal device, elsewhere fall back to System.console() (which looks at stdin and stdout).
   */
  static boolean stderrIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (Exception | Error e) {
      return System.console() != null;
    }
  }
}
