package dev.p2p.transfer;

import java.util.Optional;
import dev.p2p.storage.SharedFile;
import dev.p2p.storage.Manifest;
import dev.p2p.storage.PartialFile;
import dev.p2p.text.P2pException;
import dev.p2p.text.UserText;
import dev.p2p.tracker.TrackerClient;
import dev.p2p.transfer.Download.Cancel;
import dev.p2p.transfer.Download.Command;
import dev.p2p.transfer.Download.Discard;
import dev.p2p.transfer.Download.Failed;
import dev.p2p.transfer.Download.Opened;
import dev.p2p.transfer.Download.Pause;
import dev.p2p.transfer.Download.Present;
import dev.p2p.transfer.Download.Resume;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;

/**
 * Phase 2 of a {@link Download}: opens (or resumes) the partial file on the blocking dispatcher.
 * The open cannot be interrupted, so this phase owns the file it will produce: on a cancel it
 * waits for the open to end and closes the file before reporting, and if the actor is stopped
 * from outside, the file is closed whenever the open ends.
 */
final class Opening {
  private Opening() {}

  static Behavior<Command> start(DownloadContext c, TrackerClient.Located located) {
    Manifest m = located.manifest();
    if (!m.id().equals(c.id())) return c.abort("tracker sent the manifest of another file");
    // A file of that name with the ID's content is there already: nothing to download. (One
    // that cannot be read, or another file of that name, is left alone: the download gets "(1)".)
    Path dir = c.settings().outDir();
    CompletableFuture<Optional<SharedFile>> here =
        c.onBlockingDispatcher(() -> SharedFile.alreadyIn(dir, m));
    c.actor().pipeToSelf(here, (f, err) -> new Present(err == null ? f : Optional.empty()));
    return c.answeringPause(Behaviors.receive(Command.class))
        .onMessage(Present.class, p -> p.file().isPresent()
            ? Verifying.alreadyHere(c, p.file().get()) : open(c, located))
        .onMessageEquals(Cancel.INSTANCE, () -> {
          here.thenAccept(f -> f.ifPresent(Opening::closeQuietly));
          return c.abort("cancelled");
        })
        .onMessage(Discard.class, d -> {
          here.thenAccept(f -> f.ifPresent(Opening::closeQuietly));
          return c.discard(Optional.empty(), d.replyTo()); // a partial file of an earlier run
        })
        .onSignal(PostStop.class, s -> {
          here.thenAccept(f -> f.ifPresent(Opening::closeQuietly));
          return Behaviors.same();
        })
        .build();
  }

  private static Behavior<Command> open(DownloadContext c, TrackerClient.Located located) {
    Manifest m = located.manifest();
    Path dir = c.settings().outDir();
    CompletableFuture<PartialFile> open =
        c.onBlockingDispatcher(() -> c.deps().opener().open(dir, m));
    c.actor().pipeToSelf(open, (f, err) -> err != null
        ? new Failed("cannot write to " + dir.toAbsolutePath() + ": " + UserText.oneLine(err))
        : new Opened(f));
    return c.answeringPause(Behaviors.receive(Command.class))
        .onMessage(Opened.class, o -> Downloading.start(c, m, o.file(), located.peers()))
        .onMessage(Failed.class, f -> c.abort(P2pException.Kind.DISK, f.reason()))
        .onMessageEquals(Cancel.INSTANCE, () -> cancelling(c, open, Optional.empty()))
        .onMessage(Discard.class, d -> cancelling(c, open, Optional.of(d.replyTo())))
        .onSignal(PostStop.class, s -> closeWhenOpened(open))
        .build();
  }

  /**
   * Reports only once the file is closed, so that a download of the same file started right after
   * the cancel never finds it still open; with {@code discard} (the user's cancel, who is told
   * there) the file is deleted then.
   */
  private static Behavior<Command> cancelling(DownloadContext c, CompletableFuture<PartialFile> open,
      Optional<ActorRef<StatusReply<Done>>> discard) {
    return Behaviors.receive(Command.class)
        .onMessage(Opened.class, o -> {
          if (discard.isPresent()) return c.discard(Optional.of(o.file()), discard.get());
          c.release(o.file());
          return c.abort("cancelled");
        })
        .onMessage(Failed.class, f -> discard.isPresent()
            ? c.discard(Optional.empty(), discard.get()) : c.abort("cancelled"))
        // The user's asks get an answer, not the asker's time-out.
        .onMessage(Pause.class, p -> refuseWhileCancelling(c, p.replyTo()))
        .onMessage(Resume.class, r -> refuseWhileCancelling(c, r.replyTo()))
        .onMessage(Discard.class, d -> refuseWhileCancelling(c, d.replyTo()))
        .onSignal(PostStop.class, s -> closeWhenOpened(open))
        .build();
  }

  private static Behavior<Command> refuseWhileCancelling(DownloadContext c, ActorRef<StatusReply<Done>> replyTo) {
    replyTo.tell(StatusReply.error("download " + c.id().shortHex() + " is being cancelled"));
    return Behaviors.same();
  }

  /** The actor stopped while the open may still run: close its file when (if) it comes. */
  private static Behavior<Command> closeWhenOpened(CompletableFuture<PartialFile> open) {
    open.thenAccept(Opening::closeQuietly);
    return Behaviors.same();
  }

  private static void closeQuietly(AutoCloseable f) {
    try {
      f.close();
    } catch (Exception ignored) {
      // Nothing was written through it: there is nothing to lose, and no actor left to tell.
    }
  }
}
