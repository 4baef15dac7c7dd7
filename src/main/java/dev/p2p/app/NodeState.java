package dev.p2p.app;

import dev.p2p.app.NodeFacade.HistoryEntry;
import dev.p2p.app.NodeFacade.Totals;
import dev.p2p.state.StateStore;
import dev.p2p.storage.ManifestCache;
import dev.p2p.text.P2pException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A handle on the node's {@link StateStore} ({@code state.db} in {@code p2p.state-dir}), shared
 * by everything of one process that uses the same folder: a node, the CLI's manifest cache. The
 * file is opened once per process, in the background (loading SQLite's native library takes a
 * few hundred milliseconds, which a {@code get} should not wait for before it starts), and closed
 * when the last handle is closed.
 *
 * <p>A state that cannot be used (a damaged, locked or newer file) is reported once, in one line
 * naming the file ({@link #problem()}); the node then runs without saved state rather than not at
 * all, and the file is left as it is. With {@code p2p.state-dir = ""} there is no state at all.
 */
public final class NodeState implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeState.class);

  /** Longest wait of a synchronous caller (the CLI's manifest cache) for the file to open. */
  static final long OPEN_WAIT_SECONDS = 15;

  private static final Map<Path, Shared> OPEN = new HashMap<>();

  /** One open file and how many handles use it. */
  private static final class Shared {
    final CompletableFuture<Optional<StateStore>> store = new CompletableFuture<>();
    volatile String problem = "";
    int users;
  }

  private final Optional<Path> dir;
  private final Optional<Shared> shared;
  private final boolean cacheOn;
  private boolean closed;

  private NodeState(Optional<Path> dir, Optional<Shared> shared, boolean cacheOn) {
    this.dir = dir;
    this.shared = shared;
    this.cacheOn = cacheOn;
  }

  /** No state: nothing is read or kept. */
  public static NodeState none() {
    return new NodeState(Optional.empty(), Optional.empty(), false);
  }

  /** The state of {@code s.stateDir()} (none if ""), opened on {@code blocking} if not open yet. */
  public static NodeState open(AppSettings s, Executor blocking) {
    if (s.stateDir().isBlank()) return none();
    Path dir = Path.of(s.stateDir()).toAbsolutePath().normalize();
    Shared sh;
    boolean first;
    synchronized (OPEN) {
      sh = OPEN.computeIfAbsent(dir, d -> new Shared());
      first = sh.users++ == 0;
    }
    if (first) {
      CompletableFuture.runAsync(() -> {
        try {
          sh.store.complete(Optional.of(StateStore.open(dir)));
        } catch (StateStore.Unusable e) {
          sh.problem = e.getMessage() + "; running without saved state (history, shares to resume)";
          LOG.warn(sh.problem);
          sh.store.complete(Optional.empty());
        } catch (RuntimeException | Error e) {
          // Whatever else: the node must never wait for a store that will not come.
          sh.problem = "cannot use the state in " + dir + ": " + e + "; running without saved state";
          LOG.warn(sh.problem);
          sh.store.complete(Optional.empty());
        }
      }, blocking);
    }
    return new NodeState(Optional.of(dir), Optional.of(sh), s.manifestCache());
  }

  /** The store once open; empty when there is none or it cannot be used. */
  public CompletionStage<Optional<StateStore>> store() {
    return shared.<CompletionStage<Optional<StateStore>>>map(s -> s.store)
        .orElse(CompletableFuture.completedFuture(Optional.empty()));
  }

  /** Why there is no usable state: "" when there is one (or none was asked for). */
  public String problem() {
    return shared.map(s -> s.problem).orElse("");
  }

  /** Whether a state folder was configured. */
  public boolean configured() {
    return dir.isPresent();
  }

  /**
   * The verified-manifest cache of this state (none with {@code p2p.manifest-cache = off}); every lookup and record waits (at most {@link
   * #OPEN_WAIT_SECONDS}) for the file to open, and misses without one. Blocking: not on an actor.
   */
  public ManifestCache manifests() {
    if (shared.isEmpty() || !cacheOn) return ManifestCache.none();
    return ManifestCache.over(new ManifestCache.Entries() {
      @Override
      public Optional<byte[]> read(String path) throws IOException {
        return cache().isPresent() ? cache().get().read(path) : Optional.empty();
      }

      @Override
      public void write(String path, byte[] entry) throws IOException {
        if (cache().isPresent()) cache().get().write(path, entry);
      }

      @Override
      public void remove(String path) throws IOException {
        if (cache().isPresent()) cache().get().remove(path);
      }
    });
  }

  private Optional<ManifestCache.Entries> cache() {
    try {
      return shared.get().store.get(OPEN_WAIT_SECONDS, TimeUnit.SECONDS).map(StateStore::manifestEntries);
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  /** A state's history (newest first) and totals, as {@code p2p history} shows them. */
  public record Snapshot(List<HistoryEntry> history, Totals totals) {}

  /**
   * Reads the history and totals of {@code s.stateDir()} without starting a node (another
   * process may be running one: SQLite lets both in). No file yet is an empty history; no state
   * folder, or one that cannot be used, is a one-line {@link P2pException}.
   */
  public static Snapshot read(AppSettings s) {
    if (s.stateDir().isBlank()) throw new P2pException("no state folder (p2p.state-dir is empty): nothing is recorded");
    Path dir = Path.of(s.stateDir()).toAbsolutePath().normalize();
    if (!Files.exists(dir.resolve(StateStore.FILE))) return new Snapshot(List.of(), new Totals(0, 0));
    try (StateStore store = StateStore.open(dir)) {
      List<HistoryEntry> history = store.history(StateStore.MAX_HISTORY).stream().map(NodeState::entry).toList();
      StateStore.Totals t = store.totals();
      return new Snapshot(history, new Totals(t.uploaded(), t.downloaded()));
    } catch (StateStore.Unusable e) {
      throw new P2pException(e.getMessage(), e);
    }
  }

  /** Whether {@code s}'s saved state holds shares or downloads to take up (false if it cannot be read). */
  public static boolean hasWorkToResume(AppSettings s) {
    if (s.stateDir().isBlank()) return false;
    Path dir = Path.of(s.stateDir()).toAbsolutePath().normalize();
    if (!Files.exists(dir.resolve(StateStore.FILE))) return false;
    try (StateStore store = StateStore.open(dir)) {
      return !store.shares().isEmpty() || !store.downloads().isEmpty();
    } catch (StateStore.Unusable e) {
      return false;
    }
  }

  static HistoryEntry entry(StateStore.Ended x) {
    return new HistoryEntry(x.id(), x.name(), x.size(), x.ended(), x.completed(), x.reason(),
        x.bytesPerSecond(), x.peers());
  }

  /** Releases this handle; the last one of a file closes it (once everything sent to it is done). */
  @Override
  public void close() {
    if (shared.isEmpty()) return;
    Shared sh = shared.get();
    synchronized (OPEN) {
      if (closed) return;
      closed = true;
      if (--sh.users > 0) return;
      OPEN.remove(dir.get());
    }
    sh.store.thenAccept(s -> s.ifPresent(StateStore::close));
  }
}
