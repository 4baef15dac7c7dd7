package dev.p2p.peer;

import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Super-seeding (BEP 16 in effect) for one complete file: while at least two downloaders that
 * said HELLO lack chunks and some chunk has not left this node yet, each of them is shown, in
 * answer to HAVE_REQUEST, only a few chunks reserved for it alone among those sent 0 times. Each
 * chunk then leaves the complete node about once, and the downloaders trade the rest among
 * themselves: the condition for finishing in file size / seeder upload rate. Once every chunk has
 * left once (or fewer than two such downloaders remain) everybody sees every chunk again.
 * Thread-safe: the chunk server's connection streams share it.
 */
final class SuperSeed {
  /** Chunks reserved for one downloader at a time: a few of its requests in flight. */
  static final int RESERVED_PER_PEER = 4;

  private final int numChunks;
  private final BitSet sent = new BitSet();
  private final Map<Integer, Object> reservedBy = new HashMap<>();
  private final Map<Object, BitSet> reserved = new HashMap<>();
  private final Set<Object> leechers = new HashSet<>();

  SuperSeed(int numChunks) {
    this.numChunks = numChunks;
  }

  /** {@code who} (one connection) said HELLO and lacks chunks. */
  synchronized void joined(Object who) {
    leechers.add(who);
  }

  /** {@code who} has gone, or has every chunk: its reservations are free again. */
  synchronized void left(Object who) {
    leechers.remove(who);
    BitSet mine = reserved.remove(who);
    if (mine != null) mine.stream().forEach(reservedBy::remove);
  }

  synchronized void sent(int index) {
    sent.set(index);
  }

  /**
   * What to show {@code who}, which has {@code theirs}, of this node's {@code all} chunks: its
   * reservations (kept while still unsent and lacked, topped up to {@link #RESERVED_PER_PEER}),
   * or {@code all} when super-seeding is not worth it.
   */
  synchronized BitSet reveal(Object who, BitSet theirs, BitSet all) {
    if (leechers.size() < 2 || !leechers.contains(who) || sent.cardinality() >= numChunks) {
      return all;
    }
    BitSet mine = reserved.computeIfAbsent(who, w -> new BitSet());
    for (int i = mine.nextSetBit(0); i >= 0; i = mine.nextSetBit(i + 1)) {
      if (sent.get(i) || theirs.get(i)) {
        mine.clear(i);
        reservedBy.remove(i);
      }
    }
    for (int i = sent.nextClearBit(0); i < numChunks && mine.cardinality() < RESERVED_PER_PEER;
        i = sent.nextClearBit(i + 1)) {
      if (!theirs.get(i) && !reservedBy.containsKey(i)) {
        mine.set(i);
        reservedBy.put(i, who);
      }
    }
    return (BitSet) mine.clone();
  }
}
