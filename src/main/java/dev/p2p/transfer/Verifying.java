package dev.p2p.transfer;

import dev.p2p.storage.Manifest;
import dev.p2p.storage.PartialFile;
import dev.p2p.storage.PeerAddress;
import dev.p2p.storage.SharedFile;
import dev.p2p.text.P2pException;
import dev.p2p.text.UserText;
import dev.p2p.transfer.Download.Command;
import dev.p2p.transfer.Download.Failed;
import dev.p2p.transfer.Download.Verified;
import dev.p2p.transfer.Download.WrongContent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Phase 4 of a {@link Download}: checks the whole file's SHA-256 and gives it its final name (on
 * the blocking dispatcher), then serves the finished file instead of the partial one. It owns the
 * partial file until then: stopped from outside, it closes it. A cancel does not interrupt the
 * check (the file is all there; stopping now would only waste it): the check's outcome is the one
 * reported, once. A whole file that does not match its ID proves the manifest wrong (every chunk
 * matched the manifest's hashes): the data is discarded and the download goes back to {@link
 * Locating} for another manifest, with the peers it came from banned.
 */
final class Verifying {
  private Verifying() {}

  /** {@code seen}: the peers the chunks came from, banned if the whole file proves wrong. */
  static Behavior<Command> start(DownloadContext c, Manifest m, PartialFile file,
      TransferEvent.Progress last, List<TransferEvent.PeerStat> peers, List<PeerAddress> seen) {
    c.publish(last);
    c.publish(new TransferEvent.Verifying(c.settings().nodeId(), c.id()));
    c.actor().pipeToSelf(c.onBlockingDispatcher(() -> {
      Path path = file.complete(m.name(), done -> {});
      return new Verified(path, SharedFile.open(path, m, Files.getLastModifiedTime(path)));
    }), (v, err) -> err == null ? v
        : isWrongContent(err) ? new WrongContent(UserText.oneLine(err))
        : new Failed(UserText.oneLine(err)));
    return Behaviors.receive(Command.class)
        .onMessage(Verified.class, v -> onVerified(c, m, file, peers, v))
        // Every chunk matched its hash but the whole file does not match the ID: the manifest lied.
        .onMessage(WrongContent.class, w -> Locating.again(c, m, file, seen,
            "the whole file's SHA-256 does not match its ID"))
        .onMessage(Failed.class, f -> c.abort(P2pException.Kind.DISK, f.reason()))
        .onMessage(Download.Pause.class, p -> {
          c.refuseWhileVerifying(p.replyTo());
          return Behaviors.same();
        })
        .onMessage(Download.Resume.class, r -> { // paused with its last chunks in flight
          c.setPaused(false, r.replyTo());
          return Behaviors.same();
        })
        .onMessage(Download.Discard.class, d -> {
          c.refuseWhileVerifying(d.replyTo());
          return Behaviors.same();
        })
        // A cancel, and late answers of the downloading phase's fetchers and connections.
        .onAnyMessage(ignored -> Behaviors.same())
        .onSignal(PostStop.class, s -> {
          c.release(file);
          c.reportStopped();
          return Behaviors.same();
        })
        .build();
  }

  private static boolean isWrongContent(Throwable err) {
    for (Throwable t = err; t != null; t = t.getCause()) {
      if (t instanceof PartialFile.WrongContent) return true;
    }
    return false;
  }

  /**
   * The file is in the folder already with the ID's content ({@code here}, hashed just now):
   * served and reported as done, without a byte of traffic.
   */
  static Behavior<Command> alreadyHere(DownloadContext c, SharedFile here) {
    c.deps().library().put(here, c.deps().privacy());
    c.deps().announce().tell(here.manifest());
    c.publish(new TransferEvent.AlreadyHere(c.settings().nodeId(), c.id(), here.path()));
    double secs = (c.now() - c.startNanos()) / 1e9;
    c.publish(new TransferEvent.Completed(c.settings().nodeId(), c.id(), here.path(),
        here.manifest().size(), secs, List.of()));
    return c.finish(new Download.Finished(here.path(), here.manifest(), secs, List.of()));
  }

  private static Behavior<Command> onVerified(DownloadContext c, Manifest m, PartialFile file,
      List<TransferEvent.PeerStat> peers, Verified v) {
    c.deps().library().replace(file, v.shared(), c.deps().privacy());
    c.deps().announce().tell(m);
    double secs = (c.now() - c.startNanos()) / 1e9;
    c.publish(new TransferEvent.Completed(c.settings().nodeId(), c.id(), v.path(), m.size(), secs, peers));
    return c.finish(new Download.Finished(v.path(), m, secs, peers));
  }
}
