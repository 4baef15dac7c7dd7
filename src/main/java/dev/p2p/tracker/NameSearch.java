package dev.p2p.tracker;

import dev.p2p.protocol.SearchResult;
import dev.p2p.protocol.SearchResult.Found;
import dev.p2p.protocol.legacy.LegacyWire;
import dev.p2p.storage.Manifest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Search by name over one index, for our SEARCH and the original's SEARCH_BY_NAME: the public
 * files of a {@link PublishedFiles} (the name of each file's best variant) and the {@link
 * LegacyFiles} beside it; private shares are never there. A file matches when its name contains
 * the search words, trimmed, as a case-insensitive substring. Answers list the files with the most
 * seeders first (then the most peers, then by name), at most a given number; an original peer
 * counts as a seeder (it registers only whole files).
 */
final class NameSearch {
  private NameSearch() {}

  /** The text a name is searched for: {@code words} trimmed and lower-cased, as the original does. */
  static String term(String words) {
    return words.strip().toLowerCase(Locale.ROOT);
  }

  /** Whether {@code name} contains {@code term} ignoring case; no copy of the name is made. */
  static boolean matches(String name, String term) {
    int last = name.length() - term.length();
    for (int i = 0; i <= last; i++) {
      if (name.regionMatches(true, i, term, 0, term.length())) return true;
    }
    return false;
  }

  private static final Comparator<Found> BEST_FIRST = Comparator.comparingInt(Found::seeders).reversed()
      .thenComparing(Comparator.comparingInt(Found::peers).reversed())
      .thenComparing(Found::filename).thenComparing(Found::fileId);

  /**
   * Our SEARCH: each public file under its full ID, each file of the original's peers under its
   * short ID ({@code file_size} -1), at most {@code max}; {@code total} counts every match.
   */
  static SearchResult search(PublishedFiles published, String words, int max) {
    String term = term(words);
    Best<Found> best = new Best<>(max, BEST_FIRST);
    published.forEachMatching(term, l -> {
      Manifest m = l.manifest();
      best.add(new Found(m.id().hex(), m.name(), m.size(), m.numChunks(), l.seeders(), l.total()));
    });
    published.legacy().forEachMatching(term, l -> best.add(new Found(l.shortId(), l.filename(), -1,
        l.numChunks(), l.peers().size(), l.peers().size())));
    return new SearchResult(best.sorted(), best.seen());
  }

  /** A short ID found by SEARCH_BY_NAME and its seeders over our files and the original's. */
  record ShortHit(String shortId, int seeders) {}

  /**
   * The original's SEARCH_BY_NAME: the short IDs of the matching files, ours and its peers' taken
   * together (a file shared by both is one), most seeders first, at most {@code max}.
   */
  static List<ShortHit> searchShortIds(PublishedFiles published, String term, int max) {
    Map<String, Integer> seeders = new HashMap<>();
    published.forEachMatching(term, l -> seeders.merge(l.manifest().id().legacyId(), l.seeders(), Integer::sum));
    published.legacy().forEachMatching(term, l -> seeders.merge(l.shortId(), l.peers().size(), Integer::sum));
    Best<ShortHit> best = new Best<>(max, Comparator.comparingInt(ShortHit::seeders).reversed()
        .thenComparing(ShortHit::shortId));
    seeders.forEach((id, n) -> best.add(new ShortHit(id, n)));
    return best.sorted();
  }

  /** The chunks the original counts for a file of {@code size} bytes: its chunks are 256 KiB. */
  static int legacyChunks(long size) {
    return (int) Manifest.chunkCount(size, LegacyWire.CHUNK_SIZE);
  }

  /** The {@code max} best of what it is given, in a heap of that size: a search for "a" stays small. */
  private static final class Best<T> {
    private final int max;
    private final Comparator<T> order;
    /** Worst at the head, so that it is the one to drop. */
    private final PriorityQueue<T> heap;
    private int seen;

    Best(int max, Comparator<T> order) {
      this.max = max;
      this.order = order;
      this.heap = new PriorityQueue<>(order.reversed());
    }

    void add(T t) {
      seen++;
      if (max <= 0) return;
      if (heap.size() < max) heap.add(t);
      else if (order.compare(t, heap.peek()) < 0) {
        heap.poll();
        heap.add(t);
      }
    }

    int seen() {
      return seen;
    }

    List<T> sorted() {
      List<T> out = new ArrayList<>(heap);
      out.sort(order);
      return out;
    }
  }
}
