package dev.p2p.transfer.selection;

import dev.p2p.storage.PeerAddress;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;

/**
 * Which chunk to ask a given peer for next: the rarest chunk (held by the fewest known peers)
 * that we lack, that is not in flight, that the peer has and has not already failed; ties are
 * broken at random so that downloaders spread over the file. Once every missing chunk is in
 * flight (end game), {@link #pickDuplicate} offers an in-flight chunk to a second peer so that
 * one slow peer cannot hold back the end. While every known peer has the whole file there is no
 * rarest chunk, and chunks are taken in order instead: the file then grows from the front, so its
 * whole-file hash can be computed as it arrives. Plain Java; not thread-safe (one actor owns it).
 */
public final class ChunkPicker {
  private final int numChunks;
  private final BitSet done;
  private final BitSet inFlight = new BitSet();
  private final int[] availability;
  private final Map<PeerAddress, BitSet> peers = new HashMap<>();
  private final Map<PeerAddress, Boolean> complete = new HashMap<>();
  private final Map<Integer, Set<PeerAddress>> failedOn = new HashMap<>();
  private final Map<Integer, Set<PeerAddress>> requestedFrom = new HashMap<>();
  private final Random random;

  public ChunkPicker(int numChunks, BitSet alreadyDone, Random random) {
    this.numChunks = numChunks;
    this.done = (BitSet) alreadyDone.clone();
    this.availability = new int[numChunks];
    this.random = random;
  }

  /** Sets what {@code peer} has (replacing what was known). */
  public void peerHas(PeerAddress peer, BitSet have) {
    BitSet old = peers.put(peer, (BitSet) have.clone());
    if (old != null) adjust(old, -1);
    adjust(have, +1);
    complete.put(peer, have.cardinality() >= numChunks);
  }

  /** {@code peer}, whose chunks are known, has gained chunk {@code index}. */
  public void peerGained(PeerAddress peer, int index) {
    BitSet b = peers.get(peer);
    if (b == null || b.get(index)) return;
    gain(b, index);
    complete.put(peer, b.cardinality() >= numChunks);
  }

  /**
   * {@code peer}, whose chunks are known, has {@code more} too (added to what was known, counted
   * once: a HAVE answer may be older than a HAVE_CHUNK that came on another connection).
   */
  public void peerAlsoHas(PeerAddress peer, BitSet more) {
    BitSet b = peers.get(peer);
    if (b == null) return;
    for (int i = more.nextSetBit(0); i >= 0 && i < numChunks; i = more.nextSetBit(i + 1)) {
      if (!b.get(i)) gain(b, i);
    }
    complete.put(peer, b.cardinality() >= numChunks);
  }

  private void gain(BitSet b, int index) {
    b.set(index);
    availability[index]++;
  }

  public boolean peerIsComplete(PeerAddress peer) {
    return complete.getOrDefault(peer, false);
  }

  public void removePeer(PeerAddress peer) {
    BitSet old = peers.remove(peer);
    complete.remove(peer);
    if (old != null) adjust(old, -1);
  }

  private void adjust(BitSet bits, int delta) {
    for (int i = bits.nextSetBit(0); i >= 0 && i < numChunks; i = bits.nextSetBit(i + 1)) {
      availability[i] += delta;
    }
  }

  public boolean peerHasChunk(PeerAddress peer, int index) {
    BitSet b = peers.get(peer);
    return b != null && b.get(index);
  }

  /** The peer said it does not have {@code index} after all. */
  public void peerLacks(PeerAddress peer, int index) {
    BitSet b = peers.get(peer);
    if (b != null && b.get(index)) {
      b.clear(index);
      availability[index]--;
      complete.put(peer, false);
    }
  }

  public OptionalInt pick(PeerAddress peer) {
    BitSet has = peers.get(peer);
    if (has == null) return OptionalInt.empty();
    boolean inOrder = !complete.containsValue(false);
    int best = -1;
    int bestAvail = Integer.MAX_VALUE;
    int ties = 0;
    for (int i = done.nextClearBit(0); i < numChunks; i = done.nextClearBit(i + 1)) {
      if (inFlight.get(i) || !has.get(i) || hasFailed(i, peer)) continue;
      if (inOrder) {
        best = i;
        break;
      }
      int a = availability[i];
      if (a < bestAvail) {
        best = i;
        bestAvail = a;
        ties = 1;
      } else if (a == bestAvail && random.nextInt(++ties) == 0) {
        best = i; // reservoir sampling: each tied chunk equally likely
      }
    }
    if (best < 0) return OptionalInt.empty();
    start(best, peer);
    return OptionalInt.of(best);
  }

  /**
   * End game: when nothing is left to {@link #pick}, an in-flight chunk that {@code peer} has and
   * has not been asked for yet, the one with the fewest requests out.
   */
  public OptionalInt pickDuplicate(PeerAddress peer, int maxRequestsPerChunk) {
    BitSet has = peers.get(peer);
    if (has == null) return OptionalInt.empty();
    int best = -1;
    int bestCount = Integer.MAX_VALUE;
    for (int i = inFlight.nextSetBit(0); i >= 0; i = inFlight.nextSetBit(i + 1)) {
      Set<PeerAddress> from = requestedFrom.getOrDefault(i, Set.of());
      if (!has.get(i) || from.contains(peer) || hasFailed(i, peer)) continue;
      if (from.size() < bestCount && from.size() < maxRequestsPerChunk) {
        best = i;
        bestCount = from.size();
      }
    }
    if (best < 0) return OptionalInt.empty();
    start(best, peer);
    return OptionalInt.of(best);
  }

  private void start(int index, PeerAddress peer) {
    inFlight.set(index);
    requestedFrom.computeIfAbsent(index, k -> new HashSet<>()).add(peer);
  }

  /** True when a request for {@code index} to {@code peer} failed before. */
  public boolean hasFailed(int index, PeerAddress peer) {
    Set<PeerAddress> f = failedOn.get(index);
    return f != null && f.contains(peer);
  }

  /** A request for {@code index} to {@code peer} ended without the chunk. */
  public void failed(int index, PeerAddress peer) {
    failedOn.computeIfAbsent(index, k -> new HashSet<>()).add(peer);
    abandoned(index, peer);
  }

  /** The request to {@code peer} ended without data, through no fault of the peer's. */
  public void abandoned(int index, PeerAddress peer) {
    Set<PeerAddress> from = requestedFrom.get(index);
    if (from != null) {
      from.remove(peer);
      if (from.isEmpty()) {
        requestedFrom.remove(index);
        inFlight.clear(index);
      }
    }
  }

  /** The chunk is verified and written. Returns false if it already was (a duplicate). */
  public boolean completed(int index) {
    boolean fresh = !done.get(index);
    done.set(index);
    inFlight.clear(index);
    requestedFrom.remove(index);
    failedOn.remove(index);
    return fresh;
  }

  /** Forgets that {@code index} failed on every peer (for a chunk retried after new peers came). */
  public void forgiveFailures(int index) {
    failedOn.remove(index);
  }

  public boolean isDone(int index) {
    return done.get(index);
  }

  public int doneCount() {
    return done.cardinality();
  }

  public boolean complete() {
    return done.cardinality() == numChunks;
  }

  /** True when some known peer has a chunk that is not here yet. */
  public boolean anyMissingHeld() {
    for (int i = done.nextClearBit(0); i < numChunks; i = done.nextClearBit(i + 1)) {
      if (availability[i] > 0) return true;
    }
    return false;
  }

  public int inFlightCount() {
    return inFlight.cardinality();
  }
}
