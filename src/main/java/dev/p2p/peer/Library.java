package dev.p2p.peer;

import dev.p2p.storage.ChunkSource;
import dev.p2p.storage.FileId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The files one node serves, complete or still downloading, with upload counters. Thread-safe:
 * the chunk server's streams read it while actors add and remove entries.
 */
public final class Library {
  /** A served file and what was uploaded of it. */
  public static final class Entry {
    private final ChunkSource source;
    final AtomicLong bytesServed = new AtomicLong();
    final Set<String> downloaders = ConcurrentHashMap.newKeySet();

    Entry(ChunkSource source) {
      this.source = source;
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

  private final Map<FileId, Entry> files = new ConcurrentHashMap<>();

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

  public void remove(FileId id) {
    files.remove(id);
  }

  public Collection<Entry> entries() {
    return List.copyOf(files.values());
  }
}
