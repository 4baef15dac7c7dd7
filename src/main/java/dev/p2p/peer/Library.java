package dev.p2p.peer;

import dev.p2p.protocol.Message.PeerInfo;
import dev.p2p.storage.ChunkSource;
import dev.p2p.storage.FileId;
import dev.p2p.storage.SharedFile;
import java.time.Duration;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The files one node serves, complete or still downloading, with upload counters. Thread-safe:
 * the chunk server's streams read it while actors add and remove entries. The node's guardian
 * owns it: the chunk server only reads it, and reports a shared file it found changed on disk
 * ({@link #changed}) to the owner, which withdraws it.
 */
public final class Library {
  static final Duration OWNER_WAIT = Duration.ofSeconds(5);

  /** A served file and what was uploaded of it. */
  public static final class Entry {
    private final ChunkSource source;
    final AtomicLong bytesServed = new AtomicLong();
    final Set<String> downloaders = ConcurrentHashMap.newKeySet();
    final SuperSeed seeding;

    Entry(ChunkSource source) {
      this.source = source;
      this.seeding = new SuperSeed(source.manifest().numChunks());
    }

    public ChunkSource source() {
      return source;
    }

    public long bytesServed() {
      return bytesServed.get();
    }

    /** Remote addresses that fetched from this file since the last call; clears them. */
    public int drainDownloaders() {
      int n = downloaders.size();
      downloaders.clear();
      return n;
    }
  }

  /** What another peer told this node's chunk server about its own chunks of a file. */
  public sealed interface Notice permits PeerHello, PeerGained, PeerGone {
    PeerInfo peer();
  }

  /** A peer opened a connection (HELLO): it has {@code have}, and will push what it gains. */
  public record PeerHello(PeerInfo peer, int numChunks, BitSet have) implements Notice {}

  /** A peer that said HELLO verified chunk {@code index} (HAVE_CHUNK). */
  public record PeerGained(PeerInfo peer, int index) implements Notice {}

  /** The connection of a peer that said HELLO ended: it pushes no more (until it says HELLO again). */
  public record PeerGone(PeerInfo peer) implements Notice {}

  private final Map<FileId, Entry> files = new ConcurrentHashMap<>();
  private final Map<FileId, Consumer<Notice>> listeners = new ConcurrentHashMap<>();
  private volatile Function<SharedFile, CompletionStage<?>> owner =
      file -> CompletableFuture.completedFuture(null);

  /**
   * Who is told of changed files (the guardian, once it runs); it answers when it has dealt with
   * the file.
   */
  public void onChanged(Function<SharedFile, CompletionStage<?>> owner) {
    this.owner = owner;
  }

  /**
   * A reader found {@code file} changed on disk. Blocks (at most {@link #OWNER_WAIT}; call it on a
   * blocking dispatcher) until the owner has withdrawn it, so that the reader's next request for
   * the file already finds it gone.
   */
  public void changed(SharedFile file) {
    try {
      owner.apply(file).toCompletableFuture().get(OWNER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // The owner is stopping or gone: nothing is served any more anyway.
    }
  }

  /** {@code listener} (a download of {@code id}) hears what peers push about the file. */
  public void listen(FileId id, Consumer<Notice> listener) {
    listeners.put(id, listener);
  }

  /** Stops {@code listener} hearing of {@code id}, unless another took its place. */
  public void unlisten(FileId id, Consumer<Notice> listener) {
    listeners.remove(id, listener);
  }

  /** Passes {@code n} (from the chunk server) to the download of {@code id}; dropped when none runs. */
  public void notice(FileId id, Notice n) {
    Consumer<Notice> l = listeners.get(id);
    if (l != null) l.accept(n);
  }

  public void put(ChunkSource source) {
    files.put(source.manifest().id(), new Entry(source));
  }

  /** Replaces the entry of the same ID only if it is {@code expected} (a download finishing). */
  public void replace(ChunkSource expected, ChunkSource next) {
    files.computeIfPresent(next.manifest().id(),
        (id, e) -> e.source == expected ? new Entry(next) : e);
    files.putIfAbsent(next.manifest().id(), new Entry(next));
  }

  public Optional<Entry> get(FileId id) {
    return Optional.ofNullable(files.get(id));
  }

  /** Removes the entry of {@code source}'s ID only if it still serves {@code source}. */
  public void remove(ChunkSource source) {
    files.computeIfPresent(source.manifest().id(), (id, e) -> e.source == source ? null : e);
  }

  public Collection<Entry> entries() {
    return List.copyOf(files.values());
  }
}
