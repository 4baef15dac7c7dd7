package dev.p2p.transfer;

import dev.p2p.storage.FileId;
import dev.p2p.storage.PartialFile;
import dev.p2p.transfer.Download.Command;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * What every phase of one {@link Download} shares: its actor context and timers, what it was
 * created with, the guard that reports its outcome once, and the manifests found wrong so far
 * (which outlive a phase: a wrong one sends the download back to {@link Locating}). Used on the
 * actor's thread only.
 */
record DownloadContext(ActorContext<Command> actor, TimerScheduler<Command> timers, FileId id,
    Download.Settings settings, Download.Deps deps, ActorRef<Download.Outcome> replyTo,
    AtomicBoolean reported, long startNanos, WrongVariants wrong) {

  void publish(TransferEvent e) {
    deps.events().tell(e);
  }

  long now() {
    return deps.nanoTime().getAsLong();
  }

  /** Reports the download failed (unless an outcome went out already) and stops. */
  Behavior<Command> abort(String reason) {
    if (reported.compareAndSet(false, true)) {
      publish(new TransferEvent.Failed(settings.nodeId(), id, reason));
      replyTo.tell(new Download.Aborted(id, reason));
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
