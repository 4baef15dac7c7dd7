package dev.p2p.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.p2p.app.LegacyPeer;
import dev.p2p.transfer.TransferEvent;
import dev.p2p.transfer.legacy.LegacyDownload;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code p2p get <16-hex ID>}: a download in the original program's protocol, through the
 * tracker given (an original one, or ours). The file is checked only against those 64 bits, and
 * {@code get} says so in one line on stderr, with the full ID for a full check next time. Output
 * and exit codes are those of {@code get}: the path (or a JSON summary) on stdout, exit 0; one
 * line on stderr and exit 1 otherwise, with no file under the final name.
 */
final class LegacyGet {
  private LegacyGet() {}

  static int run(String typed, NodeOptions node, Path out, boolean json, boolean progress) throws Exception {
    String shortId = typed.toLowerCase(Locale.ROOT);
    Map<String, Object> o = node.overrides();
    if (out != null) o.put("p2p.download-dir", out.toString());
    CliRuntime rt = new CliRuntime(o);
    LegacyDownload.Result r;
    try {
      Consumer<TransferEvent> view = progress ? new ProgressView(System.err, true) : e -> {};
      r = LegacyPeer.download(rt.system, rt.settings, shortId, view).toCompletableFuture().join();
    } finally {
      rt.terminate();
    }
    Optional<Path> taken = GetCommand.takenName(r.name(), shortId, r.path());
    GetCommand.renameNote(taken, r.path()).ifPresent(System.err::println);
    System.err.println(weakNote(shortId, r));
    System.out.println(json ? summary(shortId, r, taken) : r.path().toString());
    System.out.flush();
    return 0;
  }

  /** The one line that says how little a short ID proves. */
  static String weakNote(String shortId, LegacyDownload.Result r) {
    return "weakly verified: the SHA-256 starts with " + shortId + ", but a 16-hex ID gives only 64 bits"
        + " of integrity; its full ID is " + r.id().hex() + " (get by that for a full check)";
  }

  static String summary(String shortId, LegacyDownload.Result r, Optional<Path> taken) throws Exception {
    ObjectMapper m = new ObjectMapper();
    ObjectNode root = m.createObjectNode();
    root.put("file_id", r.id().hex());
    root.put("legacy_id", shortId);
    root.put("weakly_verified", true);
    root.put("path", r.path().toString());
    taken.ifPresent(t -> root.put("renamed_from", t.toString()));
    root.put("size", r.size());
    root.put("seconds", Math.round(r.seconds() * 1000) / 1000.0);
    GetCommand.putPeers(root, r.peers());
    return m.writeValueAsString(root);
  }
}
