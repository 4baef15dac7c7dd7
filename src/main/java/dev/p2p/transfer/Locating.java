package dev.p2p.transfer;

import dev.p2p.storage.Manifest;
import dev.p2p.storage.PartialFile;
import dev.p2p.storage.PeerAddress;
import dev.p2p.text.P2pException.Kind;
import dev.p2p.text.UserText;
import dev.p2p.tracker.TrackerClient;
import dev.p2p.transfer.Download.Cancel;
import dev.p2p.transfer.Download.Command;
import dev.p2p.transfer.Download.Discard;
import dev.p2p.transfer.Download.Failed;
import dev.p2p.transfer.Download.LocateAgain;
import dev.p2p.transfer.Download.Located;
import dev.p2p.transfer.Download.TrackerUnavailable;
import dev.p2p.transfer.policy.Backoff;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Phase 1 of a {@link Download}: asks the tracker for the manifest and peers, again after a
 * {@link Backoff#TRACKER} wait while the tracker is unreachable. It opens nothing, so a cancel
 * only reports and stops (a late answer goes to dead letters, holding nothing). A later phase
 * that found its manifest wrong comes back here through {@link #again}: the wrong manifests are
 * then excluded, and the download gives up only when the tracker has no other.
 */
final class Locating {
  private Locating() {}

  static Behavior<Command> start(DownloadContext c) {
    c.publish(new TransferEvent.Locating(c.settings().nodeId(), c.id()));
    return attempt(c, 1);
  }

  /**
   * Manifest {@code m} proved wrong ({@code why}): stops serving {@code file} and discards its
   * data, bans {@code seen} (the peers that served {@code m}), tells the user, and asks the
   * tracker for another manifest with every wrong one excluded.
   */
  static Behavior<Command> again(DownloadContext c, Manifest m, PartialFile file,
      Collection<PeerAddress> seen, String why) {
    // Connections and fetchers of that manifest (the end game's losers, too) go with it; unwatched
    // first, so that their ends do not reach the next attempt.
    for (ActorRef<Void> child : c.actor().getChildren()) {
      c.actor().unwatch(child);
      c.actor().stop(child);
    }
    c.timers().cancelAll();
    c.deps().library().remove(file);
    try {
      file.discard();
    } catch (IOException e) {
      // Its chunks are never used again: a resume of another manifest re-verifies each one.
      c.actor().getLog().warn("discarding {}: {}", file.partPath(), e.getMessage());
    }
    String line = c.wrong().reject(m, seen);
    c.actor().getLog().info("{} ({})", line, why);
    c.publish(new TransferEvent.ManifestRejected(c.settings().nodeId(), c.id(), line));
    if (c.wrong().exhausted()) return c.abort(Kind.INTEGRITY, c.wrong().noneLeft(c.id()));
    return attempt(c, 1);
  }

  /** Attempt number {@code n} (from 1) is under way. */
  private static Behavior<Command> attempt(DownloadContext c, int n) {
    c.actor().pipeToSelf(c.deps().tracker().query(c.id(), c.wrong().excluded()), (located, err) -> {
      if (err == null) return new Located(located);
      return UserText.unwrap(err) instanceof TrackerClient.Unavailable
          ? new TrackerUnavailable(UserText.oneLine(err))
          : new Failed(UserText.oneLine(err));
    });
    return c.answeringPause(Behaviors.receive(Command.class))
        .onMessage(Located.class, l -> {
          c.wrong().located(l.located().variants());
          return Opening.start(c, l.located());
        })
        .onMessage(TrackerUnavailable.class, u -> retryLater(c, n, u.reason()))
        // After a wrong manifest, a refusal means the tracker has no other one.
        .onMessage(Failed.class, f -> c.wrong().any() ? c.abort(Kind.INTEGRITY, c.wrong().noneLeft(c.id()))
            : c.abort(Kind.NOT_FOUND, f.reason()))
        .onMessageEquals(Cancel.INSTANCE, () -> c.abort("cancelled"))
        .onMessage(Discard.class, d -> c.discard(Optional.empty(), d.replyTo()))
        .build();
  }

  private static Behavior<Command> retryLater(DownloadContext c, int made, String reason) {
    Optional<Duration> wait = Backoff.TRACKER.after(made);
    if (wait.isEmpty()) return c.abort(Kind.TRACKER_UNREACHABLE, reason);
    c.actor().getLog().info("{}: {}; asking again in {} s", c.id().shortHex(), reason,
        wait.get().toSeconds());
    c.publish(new TransferEvent.Waiting(c.settings().nodeId(), c.id(), reason, wait.get()));
    c.timers().startSingleTimer(LocateAgain.INSTANCE, wait.get());
    // A paused download does not use up its attempts: it gives up only while it is wanted.
    return c.answeringPause(Behaviors.receive(Command.class))
        .onMessageEquals(LocateAgain.INSTANCE, () -> attempt(c, c.paused().get() ? made : made + 1))
        .onMessageEquals(Cancel.INSTANCE, () -> c.abort("cancelled"))
        .onMessage(Discard.class, d -> c.discard(Optional.empty(), d.replyTo()))
        .build();
  }
}
