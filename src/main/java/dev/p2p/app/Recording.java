package dev.p2p.app;

import dev.p2p.app.NodeFacade.HistoryEntry;
import dev.p2p.app.NodeFacade.Totals;
import dev.p2p.peer.Library;
import dev.p2p.state.StateStore;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import dev.p2p.storage.ManifestCache;
import dev.p2p.text.P2pException;
import dev.p2p.transfer.Download;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * What a {@link LocalPeer} tells its state: each call is a message to the node's {@link
 * StateRecorder} (none without a state folder: then the calls do nothing, and history and
 * totals fail in one line). Waits are bounded: a state that does not answer costs a line in the
 * history, never a download's result.
 */
final class Recording {
  /** Longest wait for the state to record a download's end or to close (it waits for the disk). */
  static final Duration WAIT = Duration.ofSeconds(5);

  /** Ended downloads the facade's history() returns: all that the store keeps. */
  static final int HISTORY_LIMIT = StateStore.MAX_HISTORY;

  private static final AtomicInteger NAMES = new AtomicInteger();

  private final ActorSystem<?> system;
  private final NodeState state;
  private final ManifestCache cache;
  private final Optional<ActorRef<StateRecorder.Command>> recorder;
  private volatile AutoCloseable subscription = () -> { };
  private volatile boolean stopping;
  private volatile boolean closed;

  private Recording(ActorSystem<?> system, NodeState state, ManifestCache cache,
      Optional<ActorRef<StateRecorder.Command>> recorder) {
    this.system = system;
    this.state = state;
    this.cache = cache;
    this.recorder = recorder;
  }

  /** Opens the state of {@code s} (in the background) and starts its recorder, if it has one. */
  static Recording start(ActorSystem<?> system, AppSettings s) {
    NodeState state = NodeState.open(s, system.dispatchers().lookup(DispatcherSelector.blocking()));
    if (!state.configured()) return new Recording(system, state, ManifestCache.none(), Optional.empty());
    ManifestCache cache = state.manifests();
    ActorRef<StateRecorder.Command> ref = system.systemActorOf(StateRecorder.create(state, cache),
        "state-" + NAMES.incrementAndGet(), DispatcherSelector.blocking());
    return new Recording(system, state, cache, Optional.of(ref));
  }

  /** The node's verified-manifest cache (none without state). */
  ManifestCache cache() {
    return cache;
  }

  NodeState state() {
    return state;
  }

  void listen(NodeFacade node) {
    recorder.ifPresent(r -> subscription = node.subscribe(e -> r.tell(new StateRecorder.Event(e))));
  }

  void keep() {
    tell(StateRecorder.Keep.INSTANCE);
  }

  void shared(Path path, Manifest m, Optional<Library.Privacy> privacy) {
    tell(new StateRecorder.Shared(new StateStore.Share(m.id(), path, m.name(), m.size(), secret(privacy))));
  }

  void unshared(FileId id) {
    tell(new StateRecorder.Unshared(id));
  }

  void started(FileId id, Path outDir, Optional<Library.Privacy> privacy) {
    tell(new StateRecorder.Started(new StateStore.Download(id, outDir.toAbsolutePath().normalize(), "",
        secret(privacy), Instant.now())));
  }

  /** Records a download's end; completes once it is in the history (or after {@link #WAIT}). */
  CompletionStage<Done> ended(FileId id, Download.Outcome outcome) {
    // A download cut short by the node's stop is not recorded (it resumes at the next start):
    // nothing to wait for, nor once the recorder has gone.
    boolean cutShort = stopping && outcome instanceof Download.Aborted;
    if (recorder.isEmpty() || cutShort || closed) return CompletableFuture.completedFuture(Done.getInstance());
    return AskPattern.<StateRecorder.Command, Done>ask(recorder.get(),
            r -> new StateRecorder.Ended(id, outcome, r), WAIT, system.scheduler())
        .exceptionally(t -> Done.getInstance());
  }

  void stopping() {
    stopping = true;
    tell(StateRecorder.Stopping.INSTANCE);
  }

  /** Commits what is counted and lets go of the file (bounded by {@link #WAIT}). */
  CompletionStage<Void> close() {
    closed = true;
    CompletionStage<Done> closing = recorder.isEmpty() ? CompletableFuture.completedFuture(Done.getInstance())
        : AskPattern.<StateRecorder.Command, Done>ask(recorder.get(), StateRecorder.Close::new, WAIT,
            system.scheduler()).exceptionally(t -> Done.getInstance());
    return closing.thenAccept(d -> {
      try {
        subscription.close();
      } catch (Exception e) {
        // the node has gone: nothing is left to hear
      }
      state.close();
    });
  }

  CompletionStage<List<HistoryEntry>> history() {
    if (recorder.isEmpty()) return CompletableFuture.failedFuture(noState());
    return AskPattern.<StateRecorder.Command, List<HistoryEntry>>askWithStatus(recorder.get(),
        r -> new StateRecorder.History(HISTORY_LIMIT, r), WAIT, system.scheduler());
  }

  CompletionStage<Totals> totals() {
    if (recorder.isEmpty()) return CompletableFuture.failedFuture(noState());
    return AskPattern.ask(recorder.get(), StateRecorder.GetTotals::new, WAIT, system.scheduler());
  }

  private static P2pException noState() {
    return new P2pException("this node keeps no state (p2p.state-dir is empty)");
  }

  private void tell(StateRecorder.Command c) {
    recorder.ifPresent(r -> r.tell(c));
  }

  static Optional<StateStore.Secret> secret(Optional<Library.Privacy> privacy) {
    return privacy.map(p -> new StateStore.Secret(p.key(), p.expiresAt(), p.maxDownloads()));
  }

  static Optional<Library.Privacy> privacy(Optional<StateStore.Secret> secret) {
    return secret.map(s -> new Library.Privacy(s.key(), s.expiresAt(), s.maxDownloads()));
  }
}
