package dev.p2p.app;

import dev.p2p.app.NodeFacade.HistoryEntry;
import dev.p2p.app.NodeFacade.Totals;
import dev.p2p.state.StateStore;
import dev.p2p.storage.FileId;
import dev.p2p.storage.ManifestCache;
import dev.p2p.transfer.Download;
import dev.p2p.transfer.TransferEvent;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.pattern.StatusReply;

/**
 * What writes a node's {@link StateStore} as the node runs ({@link Restorer} also forgets the
 * files it cannot take up at a restart; the store serialises both): it hears the node's events and its facade's
 * outcomes, and keeps the history, the totals and (for a node that {@link Keep}s its state, the
 * window or the long-running peer) the shares and downloads in progress up to date. Runs on the
 * blocking dispatcher, since every write waits for the disk; commands that come before the file
 * is open wait for it (stashed). Totals are counted in memory and committed every {@link
 * #FLUSH_EVERY} and at each download's end: a killed node loses at most that much of its counts.
 */
final class StateRecorder {
  /** How often counted bytes are committed; a second of counts is what a kill -9 may lose. */
  static final Duration FLUSH_EVERY = Duration.ofSeconds(1);

  /**
   * Commands that may wait for the file to open (a few hundred milliseconds: events of a few
   * downloads, some dozens a second); far more only if the open hangs, and then the recorder
   * stops (its overflow) and the node goes on recording nothing, its waits for it bounded.
   */
  private static final int STASH = 100_000;

  interface Command {}

  /** An event of the node. */
  record Event(TransferEvent event) implements Command {}

  /** From now on, the node's shares and downloads are kept (and restored at its next start). */
  enum Keep implements Command { INSTANCE }

  record Shared(StateStore.Share share) implements Command {}

  record Unshared(FileId id) implements Command {}

  record Started(StateStore.Download download) implements Command {}

  /** A download ended; replied to once it is in the history. */
  record Ended(FileId id, Download.Outcome outcome, ActorRef<Done> replyTo) implements Command {}

  /** The node is stopping: downloads cut short now are resumed at the next start, not failures. */
  enum Stopping implements Command { INSTANCE }

  record History(int limit, ActorRef<StatusReply<List<HistoryEntry>>> replyTo) implements Command {}

  record GetTotals(ActorRef<Totals> replyTo) implements Command {}

  /** Commits what is counted and stops. */
  record Close(ActorRef<Done> replyTo) implements Command {}

  private record Opened(Optional<StateStore> store) implements Command {}

  private enum Flush implements Command { INSTANCE }

  /** What is known of a download of this run. */
  private static final class Running {
    String name = "";
    long size = -1;
    int peers;
    final long startNanos = System.nanoTime();
    StateStore.Download row;
  }

  private final ActorContext<Command> ctx;
  private final Optional<StateStore> store;
  private final String problem;
  private final ManifestCache cache;
  private final Map<FileId, Running> running = new HashMap<>();
  private final Map<FileId, Long> served = new HashMap<>();
  /**
   * Verified bytes counted so far of each download of this run, kept after its end: its last
   * events may come after its end (they travel on another stream), and must not count again.
   */
  private final Map<FileId, Long> counted = new HashMap<>();
  /** Every file this run has downloaded (or tried to): their Failed events are downloads' ends. */
  private final Set<FileId> downloaded = new HashSet<>();
  private long pendingUp;
  private long pendingDown;
  private boolean keep;
  private boolean stopping;

  static Behavior<Command> create(NodeState state, ManifestCache cache) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> Behaviors.withStash(STASH, stash -> {
      ctx.pipeToSelf(state.store(), (s, err) -> new Opened(s == null ? Optional.empty() : s));
      return Behaviors.receive(Command.class)
          .onMessage(Opened.class, o -> opened(ctx, timers, stash, o.store(), state.problem(), cache))
          .onAnyMessage(c -> {
            stash.stash(c);
            return Behaviors.same();
          })
          .build();
    })));
  }

  private static Behavior<Command> opened(ActorContext<Command> ctx, TimerScheduler<Command> timers,
      StashBuffer<Command> stash, Optional<StateStore> store, String problem, ManifestCache cache) {
    timers.startTimerWithFixedDelay(Flush.INSTANCE, FLUSH_EVERY);
    StateRecorder r = new StateRecorder(ctx, store, problem.isEmpty() ? "this node keeps no state"
        + " (p2p.state-dir is empty)" : problem, cache);
    return stash.unstashAll(r.behavior());
  }

  private StateRecorder(ActorContext<Command> ctx, Optional<StateStore> store, String problem, ManifestCache cache) {
    this.ctx = ctx;
    this.store = store;
    this.problem = problem;
    this.cache = cache;
  }

  private Behavior<Command> behavior() {
    return Behaviors.receive(Command.class)
        .onMessage(Event.class, e -> on(e.event()))
        .onMessageEquals(Keep.INSTANCE, () -> set(() -> keep = true))
        .onMessage(Shared.class, s -> write(() -> {
          if (keep) store.get().putShare(s.share());
        }))
        .onMessage(Unshared.class, u -> write(() -> store.get().removeShare(u.id())))
        .onMessage(Started.class, this::onStarted)
        .onMessage(Ended.class, this::onEnded)
        .onMessageEquals(Stopping.INSTANCE, () -> set(() -> stopping = true))
        .onMessageEquals(Flush.INSTANCE, () -> write(this::flush))
        .onMessage(History.class, this::onHistory)
        .onMessage(GetTotals.class, this::onTotals)
        .onMessage(Close.class, c -> {
          write(this::flush);
          c.replyTo().tell(Done.getInstance());
          return Behaviors.stopped();
        })
        .build();
  }

  private Behavior<Command> set(Runnable change) {
    change.run();
    return Behaviors.same();
  }

  /** Runs a write if there is a store; a failure is one line in the log, and the node goes on. */
  private Behavior<Command> write(Runnable w) {
    if (store.isEmpty()) return Behaviors.same();
    try {
      w.run();
    } catch (StateStore.Unusable e) {
      ctx.getLog().warn("{}; not saved", e.getMessage());
    }
    return Behaviors.same();
  }

  private Behavior<Command> on(TransferEvent e) {
    if (e instanceof TransferEvent.Locating l) {
      downloaded.add(l.fileId());
      running.computeIfAbsent(l.fileId(), id -> new Running());
    } else if (e instanceof TransferEvent.Located l) {
      Running r = running.computeIfAbsent(l.fileId(), id -> new Running());
      r.name = l.name();
      r.size = l.size();
      if (keep && r.row != null && r.row.name().isEmpty()) write(() -> store.get().nameDownload(l.fileId(), l.name()));
    } else if (e instanceof TransferEvent.Progress p) {
      countDownloaded(p.fileId(), p.peers());
    } else if (e instanceof TransferEvent.Completed c) {
      countDownloaded(c.fileId(), c.peers());
    } else if (e instanceof TransferEvent.Uploading u) {
      long before = served.getOrDefault(u.fileId(), 0L);
      // A file shared anew counts from zero again.
      pendingUp += u.bytesServed() >= before ? u.bytesServed() - before : u.bytesServed();
      served.put(u.fileId(), u.bytesServed());
    } else if (e instanceof TransferEvent.Failed f && !downloaded.contains(f.fileId())) {
      // Not a download of this node: a share that ended (a private share revoked or expired).
      write(() -> store.get().removeShare(f.fileId()));
    }
    return Behaviors.same();
  }

  /** Verified bytes: what the download's peers delivered, counted once. */
  private void countDownloaded(FileId id, List<TransferEvent.PeerStat> peers) {
    long sum = peers.stream().mapToLong(TransferEvent.PeerStat::bytes).sum();
    long before = counted.getOrDefault(id, 0L);
    // A new manifest variant (or a new try) starts a new set of peers: its counts start from zero.
    pendingDown += sum >= before ? sum - before : sum;
    counted.put(id, sum);
    Running r = running.get(id);
    if (r != null) r.peers = (int) peers.stream().filter(p -> p.bytes() > 0).count();
  }

  private Behavior<Command> onStarted(Started s) {
    Running r = running.computeIfAbsent(s.download().id(), id -> new Running());
    r.row = s.download();
    if (keep) write(() -> store.get().putDownload(s.download()));
    return Behaviors.same();
  }

  private Behavior<Command> onEnded(Ended e) {
    Running r = running.remove(e.id());
    if (r == null) r = new Running();
    if (e.outcome() instanceof Download.Finished f) {
      int peers = (int) f.peers().stream().filter(p -> p.bytes() > 0).count();
      StateStore.Ended row = new StateStore.Ended(e.id(), f.manifest().name(), f.manifest().size(),
          Instant.now(), true, "", f.seconds() > 0 ? f.manifest().size() / f.seconds() : 0, peers);
      Optional<StateStore.Secret> secret = r.row == null ? Optional.empty() : r.row.secret();
      remember(f);
      write(() -> {
        store.get().addHistory(row);
        store.get().removeDownload(e.id());
        // The node seeds what it downloaded: a kept node shares it again at its next start.
        if (keep) {
          store.get().putShare(new StateStore.Share(e.id(), f.path(), f.manifest().name(),
              f.manifest().size(), secret));
        }
      });
    } else if (!stopping) {
      Download.Aborted a = (Download.Aborted) e.outcome();
      double secs = Math.max(1e-3, (System.nanoTime() - r.startNanos) / 1e9);
      Running known = r;
      write(() -> {
        store.get().addHistory(new StateStore.Ended(e.id(), known.name, known.size, Instant.now(),
            false, a.reason(), counted.getOrDefault(e.id(), 0L) / secs, known.peers));
        store.get().removeDownload(e.id());
      });
    }
    write(this::flush);
    e.replyTo().tell(Done.getInstance());
    return Behaviors.same();
  }

  /** The verified file's manifest, for its next share without hashing (as long as it is unchanged). */
  private void remember(Download.Finished f) {
    try {
      BasicFileAttributes a = Files.readAttributes(f.path(), BasicFileAttributes.class);
      if (a.isRegularFile() && a.size() == f.manifest().size()) cache.record(f.path(), f.manifest(), a.lastModifiedTime());
    } catch (IOException ex) {
      // not cached: the next share hashes it
    }
  }

  private void flush() {
    if (pendingUp == 0 && pendingDown == 0) return;
    store.get().addTotals(pendingUp, pendingDown);
    pendingUp = 0;
    pendingDown = 0;
  }

  /** What is committed (by every process of this state) and what is counted here since. */
  private Behavior<Command> onTotals(GetTotals t) {
    StateStore.Totals saved = new StateStore.Totals(0, 0);
    try {
      if (store.isPresent()) saved = store.get().totals();
    } catch (StateStore.Unusable e) {
      ctx.getLog().warn("{}; totals of this run only", e.getMessage());
    }
    t.replyTo().tell(new Totals(saved.uploaded() + pendingUp, saved.downloaded() + pendingDown));
    return Behaviors.same();
  }

  private Behavior<Command> onHistory(History h) {
    if (store.isEmpty()) {
      h.replyTo().tell(StatusReply.error(problem));
      return Behaviors.same();
    }
    try {
      List<HistoryEntry> out = store.get().history(h.limit()).stream().map(NodeState::entry).toList();
      h.replyTo().tell(StatusReply.success(out));
    } catch (StateStore.Unusable e) {
      h.replyTo().tell(StatusReply.error(e.getMessage()));
    }
    return Behaviors.same();
  }
}
