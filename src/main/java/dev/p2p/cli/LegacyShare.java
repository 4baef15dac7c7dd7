package dev.p2p.cli;

import dev.p2p.app.LegacyPeer;
import java.nio.file.Path;
import java.util.List;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;

/**
 * {@code p2p share FILE --wire seed --tracker H:P [--host ADDR]}: serves FILE to the original
 * program's downloaders, registered with a tracker in the original's protocol. stdout gets the
 * same lines as {@code share} ("<64-hex ID>  <name>", first thing); stderr says each file's
 * short ID (the first 16 hex of its ID, which original peers know it by) and where it is served.
 * On Ctrl-C it announces stopped and unregisters each file, then exits.
 */
final class LegacyShare {
  private LegacyShare() {}

  static int serve(CliRuntime rt, List<Path> files, boolean portExplicit, boolean idOnly) {
    LegacyPeer n;
    try {
      n = Peers.start(rt, portExplicit,
          s -> LegacyPeer.seed(rt.system, s, files, rt.manifestCache(), e -> {}), LegacyPeer::address);
    } catch (RuntimeException e) {
      rt.terminate();
      throw e;
    }
    for (LegacyPeer.Seeded f : n.files()) {
      System.out.println(idOnly ? f.id().hex() : f.id().hex() + "  " + f.name());
    }
    System.out.flush();
    for (LegacyPeer.Seeded f : n.files()) {
      System.err.println("original's ID of " + f.name() + ": " + f.shortId()
          + " (the first 16 hex of its SHA-256; original peers download it by this)");
    }
    System.err.println("serving the original's peers on " + n.address().getHostString() + ":"
        + n.address().getPort() + ", registered as " + n.announced() + " with tracker " + n.tracker()
        + "; Ctrl-C to stop");
    CoordinatedShutdown.get(rt.system).addTask(CoordinatedShutdown.PhaseServiceUnbind(),
        "unregister", () -> n.stop().thenApply(v -> Done.getInstance()));
    rt.awaitTermination();
    return 0;
  }
}
