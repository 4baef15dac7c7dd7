package dev.p2p.cli;

import dev.p2p.app.LocalPeer;
import dev.p2p.app.NodeFacade.DownloadResult;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Hashing;
import dev.p2p.storage.SafeNames;
import dev.p2p.text.UserText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * {@code p2p get --from SHA256SUMS}: every file a {@code sha256sum} output file lists, downloaded
 * by one node into one folder under the name the file gives, so that {@code sha256sum -c} run in
 * that folder passes. Also writes such a file, for {@code p2p share DIR}.
 *
 * <p>The file is read strictly: a line is {@code <64 hex><space><space or *><name>}, blank lines
 * and {@code #} comments are skipped, and a name must be a plain file name that {@link SafeNames}
 * keeps as it is (a leading {@code ./} is allowed): anything else, the whole file is refused
 * with the line's number, before anything is downloaded.
 */
final class BatchGet {
  /** Largest sums file read: 10,000 lines of a 64-hex ID and a long name fit. */
  static final int MAX_SUMS_BYTES = 1 << 20;
  static final int MAX_LINES = 10_000;
  /** Files downloaded at once: each is already multi-peer, more only splits the bandwidth. */
  static final int PARALLEL = 4;
  /**
   * Downloads land here first, under the manifest's name, then take the listed name: two files
   * whose manifest names are each other's listed names never meet in the folder itself. A fixed
   * name, so that a run cut short leaves its partial files where the next run finds them.
   */
  static final String STAGING = ".p2p-batch";
  /** The most of a refused name an error line quotes (the line is cut at 300 characters). */
  static final int SHOWN_NAME_CHARS = 80;
  /** The name {@code p2p share DIR} writes the folder's sums under. */
  static final String SUMS_NAME = "SHA256SUMS";

  /** One listed file: its line in the sums file, ID and (safe) name. */
  record Entry(int line, FileId id, String name) {}

  private enum Outcome { DONE, HERE, FAILED }

  private BatchGet() {}

  /** The entries of {@code sums}; a bad line is an IllegalArgumentException naming it. */
  static List<Entry> parse(Path sums) throws IOException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(sums)) {
      bytes = in.readNBytes(MAX_SUMS_BYTES + 1);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("cannot read " + sums + ": no such file");
    }
    if (bytes.length > MAX_SUMS_BYTES) {
      throw new IllegalArgumentException(sums + ": larger than " + MAX_SUMS_BYTES + " bytes; not a sums file?");
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(sums + ": not UTF-8 text");
    }
    List<String> lines = text.lines().toList();
    if (lines.size() > MAX_LINES) {
      throw new IllegalArgumentException(sums + ": more than " + MAX_LINES + " lines");
    }
    List<Entry> entries = new ArrayList<>();
    Map<String, Entry> byName = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      if (l.isBlank() || l.startsWith("#")) continue;
      Entry e = entry(i + 1, l, sums);
      Entry before = byName.putIfAbsent(e.name(), e);
      if (before == null) {
        entries.add(e);
      } else if (!before.id().equals(e.id())) {
        throw bad(sums, e.line(), "'" + shown(e.name()) + "' is listed on line " + before.line() + " with another ID");
      }
    }
    if (entries.isEmpty()) throw new IllegalArgumentException(sums + " lists no files; nothing downloaded");
    return entries;
  }

  private static Entry entry(int line, String l, Path sums) {
    if (l.startsWith("\\")) throw bad(sums, line, "an escaped name (leading \\) is not supported");
    if (l.length() < 67 || !FileId.isValid(l.substring(0, 64).toLowerCase(Locale.ROOT))
        || l.charAt(64) != ' ' || (l.charAt(65) != ' ' && l.charAt(65) != '*')) {
      throw bad(sums, line, "not '<64 hex>  <name>' (sha256sum's format)");
    }
    String name = l.substring(66);
    if (name.startsWith("./")) name = name.substring(2);
    if (!SafeNames.isPlain(name)) {
      throw bad(sums, line, "'" + shown(name) + "' is not a plain file name"
          + " (no folders, control characters, leading dots or reserved names)");
    }
    return new Entry(line, FileId.parse(l.substring(0, 64)), name);
  }

  /** A name from the file for an error line: printable, and short enough to leave the rest of the line. */
  private static String shown(String name) {
    String p = UserText.printable(name);
    return p.length() > SHOWN_NAME_CHARS ? p.substring(0, SHOWN_NAME_CHARS) + "..." : p;
  }

  private static IllegalArgumentException bad(Path sums, int line, String why) {
    return new IllegalArgumentException(sums.getFileName() + " line " + line + ": " + why + "; nothing downloaded");
  }

  /**
   * Downloads {@code entries} through {@code node} into {@code dir}, {@link #PARALLEL} files at
   * once, printing a line per file as it ends and then the summary; 0 if every file is there.
   */
  static int run(ActorSystem<?> system, LocalPeer node, List<Entry> entries, Path dir) throws Exception {
    Files.createDirectories(dir);
    // One task per ID: the same content under two names is downloaded once and copied.
    Map<FileId, List<Entry>> byId = new LinkedHashMap<>();
    for (Entry e : entries) byId.computeIfAbsent(e.id(), k -> new ArrayList<>()).add(e);
    Map<Outcome, List<String>> ended = new HashMap<>();
    for (Outcome o : Outcome.values()) ended.put(o, new ArrayList<>());
    // Each file's work blocks (hashing a file that is there, waiting for its download, copying):
    // on Pekko's blocking dispatcher, PARALLEL at a time.
    Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
    Source.from(List.copyOf(byId.values()))
        .mapAsyncUnordered(PARALLEL, same -> CompletableFuture.runAsync(() -> fetch(node, same, dir, ended), blocking))
        .runWith(Sink.ignore(), system)
        .toCompletableFuture().get();
    try {
      Files.deleteIfExists(dir.resolve(STAGING));
    } catch (DirectoryNotEmptyException partialsKept) {
      // a failed download's partial file: the next run resumes it
    }
    List<String> failed = ended.get(Outcome.FAILED);
    System.out.println(ended.get(Outcome.DONE).size() + " done, " + ended.get(Outcome.HERE).size()
        + " already here, " + failed.size() + " failed" + (failed.isEmpty() ? "" : ": " + String.join(", ", failed)));
    System.out.flush();
    return failed.isEmpty() ? 0 : 1;
  }

  /** The files of one ID: those already here are left, the rest downloaded (once) or copied. */
  private static void fetch(LocalPeer node, List<Entry> same, Path dir, Map<Outcome, List<String>> ended) {
    List<Entry> missing = new ArrayList<>();
    Path have = null;
    for (Entry e : same) {
      Path target = SafeNames.resolveInside(dir, e.name());
      if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        missing.add(e);
        continue;
      }
      try {
        if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
            && Hashing.fileId(target, x -> {}).equals(e.id())) {
          have = target;
          end(ended, Outcome.HERE, e.name(), "already here (its SHA-256 is the ID)");
        } else {
          end(ended, Outcome.FAILED, e.name(), "failed: a different file of that name is here; left alone");
        }
      } catch (IOException io) {
        end(ended, Outcome.FAILED, e.name(), "failed: cannot read the file here: " + UserText.oneLine(io));
      }
    }
    if (missing.isEmpty()) return;
    Optional<DownloadResult> got = Optional.empty();
    if (have == null) {
      try {
        Path staging = Files.createDirectories(dir.resolve(STAGING));
        got = Optional.of(node.download(missing.get(0).id(), staging).toCompletableFuture().join());
      } catch (RuntimeException | IOException err) {
        for (Entry e : missing) end(ended, Outcome.FAILED, e.name(), "failed: " + UserText.oneLine(err));
        return;
      }
    }
    for (Entry e : missing) {
      try {
        Path target = SafeNames.resolveInside(dir, e.name());
        if (have == null) {
          have = SafeNames.placeFinished(dir, e.name(), got.get().path());
          if (!have.equals(target)) throw new IOException(e.name() + " was taken meanwhile; saved as " + have);
        } else {
          Files.copy(have, target, StandardCopyOption.COPY_ATTRIBUTES); // fails if the name is taken
        }
        end(ended, Outcome.DONE, e.name(), "done");
      } catch (IOException | RuntimeException err) {
        end(ended, Outcome.FAILED, e.name(), "failed: " + UserText.oneLine(err));
      }
    }
  }

  private static void end(Map<Outcome, List<String>> ended, Outcome o, String name, String how) {
    synchronized (ended) {
      ended.get(o).add(name);
      System.out.println(name + ": " + how);
      System.out.flush();
    }
  }

  /** {@code sha256sum}'s line for a file: {@code <64 hex>  <name>}, two spaces, a newline. */
  static String line(FileId id, String name) {
    return id.hex() + "  " + name + "\n";
  }

  /**
   * Writes {@code lines} to {@code dir/SHA256SUMS}, through a temporary file and a rename so that
   * a reader never sees half of it.
   */
  static Path write(Path dir, List<String> lines) throws IOException {
    Path tmp = dir.resolve("." + SUMS_NAME + ".tmp");
    Files.writeString(tmp, String.join("", lines), StandardCharsets.UTF_8);
    return Files.move(tmp, dir.resolve(SUMS_NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
