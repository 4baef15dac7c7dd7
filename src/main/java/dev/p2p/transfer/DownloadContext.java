package dev.p2p.transfer;

import dev.p2p.storage.FileId;
import dev.p2p.text.P2pException;
import dev.p2p.storage.PartialFile;
import dev.p2p.transfer.Download.Command;
import dev.p2p.text.UserText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.BehaviorBuilder;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.pattern.StatusReply;

/**
 * What every phase of one {@link Download} shares: its actor context and timers, what it was
 * created with, the guard that reports its outcome once, and the manifests found wrong so far
 * (which outlive a phase: a wrong one sends the download back to {@link Locating}), and whether
 * the user paused it ({@code paused}: a pause made while locating holds when downloading begins).
 * Used on the actor's thread only.
 */
record DownloadContext(ActorContext<Command> actor, TimerScheduler<Command> timers, FileId id,
    Download.Settings settings, Download.Deps deps, ActorRef<Download.Outcome> replyTo,
    AtomicBoolean reported, long startNanos, WrongVariants wrong, AtomicBoolean paused) {

  void publish(TransferEvent e) {
    deps.events().tell(e);
  }

  long now() {
    return deps.nanoTime().getAsLong();
  }

  /** Reports the download failed (unless an outcome went out already) and stops. */
  Behavior<Command> abort(String reason) {
    return abort(P2pException.Kind.FAILED, reason);
  }

  /** As {@link #abort(String)}, saying what kind of failure it is (the CLI's exit code). */
  Behavior<Command> abort(P2pException.Kind kind, String reason) {
    if (reported.compareAndSet(false, true)) {
      publish(new TransferEvent.Failed(settings.nodeId(), id, reason));
      replyTo.tell(new Download.Aborted(id, reason, kind));
    }
    return Behaviors.stopped();
  }

  /** Reports success (unless an outcome went out already) and stops. */
  Behavior<Command> finish(Download.Finished f) {
    if (reported.compareAndSet(false, true)) replyTo.tell(f);
    return Behaviors.stopped();
  }

  /** On PostStop: tells the requester if the actor was stopped from outside. */
  void reportStopped() {
    if (reported.compareAndSet(false, true)) replyTo.tell(new Download.Aborted(id, "download stopped"));
  }

  /** Stops serving {@code file} and closes it; the data stays on disk for a resume. */
  void release(PartialFile file) {
    deps.library().remove(file);
    try {
      file.close();
    } catch (IOException e) {
      actor.getLog().warn("closing {}: {}", file.partPath(), e.getMessage());
    }
  }

  /**
   * Pauses ({@code wanted} true) or resumes the download for the user: tells {@code replyTo} and
   * the subscribers; false (and a one-line refusal) if it was so already.
   */
  boolean setPaused(boolean wanted, ActorRef<StatusReply<Done>> replyTo) {
    if (paused.get() == wanted) {
      replyTo.tell(StatusReply.error("the download of " + id.hex() + " is "
          + (wanted ? "paused already" : "not paused")));
      return false;
    }
    paused.set(wanted);
    publish(wanted ? new TransferEvent.Paused(settings.nodeId(), id)
        : new TransferEvent.Resumed(settings.nodeId(), id));
    replyTo.tell(StatusReply.ack());
    return true;
  }

  /**
   * {@code b} answering {@link Download.Pause} and {@link Download.Resume} by the flag alone: for
   * the phases that request no chunks (the downloading phase, when it begins, reads the flag).
   */
  BehaviorBuilder<Command> answeringPause(BehaviorBuilder<Command> b) {
    return b.onMessage(Download.Pause.class, p -> {
      setPaused(true, p.replyTo());
      return Behaviors.same();
    }).onMessage(Download.Resume.class, r -> {
      setPaused(false, r.replyTo());
      return Behaviors.same();
    });
  }

  /** A refusal of {@code replyTo}'s request while the whole file is being checked. */
  void refuseWhileVerifying(ActorRef<StatusReply<Done>> replyTo) {
    replyTo.tell(StatusReply.error("the download of " + id.hex()
        + " has every chunk and is being verified: it can no longer be paused or cancelled"));
  }

  /**
   * The user cancelled: stops serving {@code file} (if open; else a partial file an earlier run
   * left is found by its name), deletes it and its bitmap, acknowledges and reports "cancelled".
   */
  Behavior<Command> discard(Optional<PartialFile> file, ActorRef<StatusReply<Done>> replyTo) {
    try {
      if (file.isPresent()) {
        deps.library().remove(file.get());
        file.get().discard();
      } else {
        Files.deleteIfExists(PartialFile.partPathFor(settings.outDir(), id));
        Files.deleteIfExists(PartialFile.bitmapPathFor(settings.outDir(), id));
      }
      replyTo.tell(StatusReply.ack());
    } catch (IOException e) {
      replyTo.tell(StatusReply.error("cancelled, but the partial file could not be deleted: "
          + UserText.oneLine(e)));
    }
    return abort("cancelled");
  }

  /** File work that may block. */
  interface FileWork<T> {
    T run() throws IOException;
  }

  /** Runs {@code work} on the blocking dispatcher, off the actor's thread. */
  <T> CompletableFuture<T> onBlockingDispatcher(FileWork<T> work) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return work.run();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, actor.getSystem().dispatchers().lookup(DispatcherSelector.blocking()));
  }
}
