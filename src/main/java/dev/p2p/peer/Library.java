package dev.p2p.peer;

import dev.p2p.protocol.Message.PeerInfo;
import dev.p2p.storage.ChunkSource;
import dev.p2p.storage.FileId;
import dev.p2p.storage.ShareKey;
import dev.p2p.storage.SharedFile;
import java.time.Clock;
import java.time.Duration;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashSet;
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
 * The files one node serves, complete or still downloading, with upload counters, and for a
 * private share its {@link Privacy} (the chunk server serves it only after a valid ACCESS on the
 * connection). Thread-safe:
 * the chunk server's streams read it while actors add and remove entries. The node's guardian
 * owns it: the chunk server only reads it, and reports a shared file it found changed on disk
 * ({@link #changed}) to the owner, which withdraws it.
 */
public final class Library {
  static final Duration OWNER_WAIT = Duration.ofSeconds(5);

  /**
   * What makes a served file private: the share's key (never logged: its {@code toString} hides
   * it), when it ends ({@code expiresAt}, epoch seconds, or null) and how many distinct clients
   * may be let in ({@code maxDownloads}, or null for no limit).
   */
  public record Privacy(ShareKey key, Long expiresAt, Integer maxDownloads) {
    public Privacy {
      if (key == null) throw new IllegalArgumentException("a private share needs its key");
    }

    /** Whether the share has ended at {@code nowMillis}. */
    public boolean expired(long nowMillis) {
      return ShareKey.expired(expiresAt, nowMillis);
    }
  }

  /** A served file and what was uploaded of it. */
  public static final class Entry {
    private final ChunkSource source;
    private final Optional<Privacy> privacy;
    final AtomicLong bytesServed = new AtomicLong();
    final Set<String> downloaders = ConcurrentHashMap.newKeySet();
    final SuperSeed seeding;
    /** Clients (by connection identity) let in to a private file: at most its maxDownloads. */
    private final Set<String> admitted = new HashSet<>();

    Entry(ChunkSource source, Optional<Privacy> privacy) {
      this.source = source;
      this.privacy = privacy;
      this.seeding = new SuperSeed(source.manifest().numChunks());
    }

    public ChunkSource source() {
      return source;
    }

    /** Present when the file is served only to clients that proved they hold its key. */
    public Optional<Privacy> privacy() {
      return privacy;
    }

    /**
     * Whether {@code proof} (an ACCESS on a connection from {@code client} to {@code server})
     * lets that client in: the share has not ended, the proof verifies, and the client was let in
     * before or the max-downloads limit still has room, in which case it now counts.
     */
    synchronized boolean admits(String proof, String server, String client, long nowMillis) {
      if (privacy.isEmpty()) return true;
      Privacy p = privacy.get();
      if (p.expired(nowMillis) || !p.key().verifies(proof, server, client, source.manifest().id())) {
        return false;
      }
      if (admitted.contains(client)) return true;
      if (p.maxDownloads() != null && admitted.size() >= p.maxDownloads()) return false;
      admitted.add(client);
      return true;
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
  private volatile Clock clock = Clock.systemUTC();
  private final String nodeId;

  /** The library of a node that proves no identity (plaintext, or a test). */
  public Library() {
    this("");
  }

  /** The library of the node whose TLS certificate proves {@code nodeId} ("" in plaintext). */
  public Library(String nodeId) {
    this.nodeId = nodeId;
  }

  /**
   * The node ID this node proves on its connections, which ACCESS proofs name for its chunk
   * server and its downloads; empty in plaintext.
   */
  public String nodeId() {
    return nodeId;
  }
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

  /** Serves {@code source} to everyone. */
  public void put(ChunkSource source) {
    put(source, Optional.empty());
  }

  /** Serves {@code source}, only to clients that prove they hold its key if {@code privacy} is given. */
  public void put(ChunkSource source, Optional<Privacy> privacy) {
    files.put(source.manifest().id(), new Entry(source, privacy));
  }

  /**
   * Replaces the entry of the same ID only if it is {@code expected} (a download finishing), or
   * adds it if there is none; served with {@code privacy} either way.
   */
  public void replace(ChunkSource expected, ChunkSource next, Optional<Privacy> privacy) {
    files.computeIfPresent(next.manifest().id(),
        (id, e) -> e.source == expected ? new Entry(next, privacy) : e);
    files.putIfAbsent(next.manifest().id(), new Entry(next, privacy));
  }

  /** Stops serving file {@code id}, whatever serves it (the user removed the share). */
  public Optional<Entry> remove(FileId id) {
    return Optional.ofNullable(files.remove(id));
  }

  /** Where the chunk server reads the time for share expiry (tests set their own). */
  public void clock(Clock clock) {
    this.clock = clock;
  }

  long nowMillis() {
    return clock.millis();
  }

  public Optional<Entry> get(FileId id) {
    return Optional.ofNullable(files.get(id));
  }

  /**
   * The public file whose ID starts with {@code shortId} (16 lowercase hex: the original
   * program's ID), for its downloaders; a private share is never found this way. A scan rather
   * than a second index kept in step with put/replace/remove: it costs microseconds against the
   * 256 KiB read that follows, once per connection.
   */
  public Optional<Entry> legacy(String shortId) {
    return files.values().stream()
        .filter(e -> e.privacy.isEmpty() && e.source.manifest().id().hex().startsWith(shortId))
        .findFirst();
  }

  /** Removes the entry of {@code source}'s ID only if it still serves {@code source}. */
  public void remove(ChunkSource source) {
    files.computeIfPresent(source.manifest().id(), (id, e) -> e.source == source ? null : e);
  }

  public Collection<Entry> entries() {
    return List.copyOf(files.values());
  }
}
