package dev.p2p.gui.detail;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What the window knows of one download's chunks, as an immutable snapshot.
 *
 * <p>The node's events carry counts, not a bitmap: {@code Progress} says how many chunks are
 * verified and how many each peer has in flight, but not which ones (chunks are picked rarest
 * first, so not in file order). The map therefore has two lanes: the <em>count lane</em> shows
 * the verified, in-flight and missing shares of the file as proportions, and the <em>retry
 * lane</em> marks, at their real places in the file, the chunks that failed on a peer and were
 * asked again ({@code ChunkRetried} names the index).
 *
 * <p>Binned: with more chunks than pixels, each pixel column (bin) stands for a run of chunks.
 *
 * @param numChunks chunks in the file; 0 when unknown (a share: then {@code complete})
 * @param verified chunks verified so far
 * @param inFlight chunks being fetched from peers now
 * @param retried indices of chunks that failed and were retried, at most {@link #MAX_RETRIED}
 * @param complete every chunk is here (a finished download or a share)
 */
public record PieceMap(int numChunks, int verified, int inFlight, SortedSet<Integer> retried, boolean complete) {
  /** Retried indices kept per download: beyond it, later ones are not marked (memory bound). */
  public static final int MAX_RETRIED = 10_000;

  /** The colour a bin of the count lane gets. */
  public enum Piece { VERIFIED, IN_FLIGHT, MISSING }

  /** Nothing known yet. */
  public static final PieceMap EMPTY = new PieceMap(0, 0, 0, new TreeSet<>(), false);

  public PieceMap {
    numChunks = Math.max(0, numChunks);
    verified = clamp(verified, numChunks);
    inFlight = clamp(inFlight, numChunks - verified);
    retried = Collections.unmodifiableSortedSet(new TreeSet<>(retried));
  }

  /** Every chunk here, e.g. a shared file or a verified download (retries kept). */
  public PieceMap completed() {
    return new PieceMap(numChunks, numChunks, 0, retried, true);
  }

  /** The counts of a progress report; {@code inFlight} summed over peers. */
  public PieceMap withCounts(int numChunks, int verified, int inFlight) {
    return new PieceMap(numChunks, verified, inFlight, retried, complete);
  }

  /** Marks chunk {@code index} as retried; out-of-range indices and those past the bound are dropped. */
  public PieceMap withRetried(int index) {
    if (index < 0 || index >= numChunks || retried.size() >= MAX_RETRIED || retried.contains(index)) return this;
    TreeSet<Integer> more = new TreeSet<>(retried);
    more.add(index);
    return new PieceMap(numChunks, verified, inFlight, more, complete);
  }

  /** How many bins a strip {@code widthPx} wide shows: one per chunk, or one per pixel if fewer. */
  public int binCount(int widthPx) {
    if (widthPx <= 0) return 0;
    return complete && numChunks == 0 ? widthPx : Math.min(numChunks, widthPx);
  }

  /**
   * The count lane in {@code bins} bins: verified first, then in flight, then missing, each in
   * proportion to its count (a bin takes the state of the chunk at its middle).
   */
  public List<Piece> countLane(int bins) {
    Piece[] lane = new Piece[Math.max(0, bins)];
    if (complete) {
      Arrays.fill(lane, Piece.VERIFIED);
      return List.of(lane);
    }
    for (int b = 0; b < lane.length; b++) {
      long middle = ((2L * b + 1) * numChunks) / (2L * lane.length);
      lane[b] = middle < verified ? Piece.VERIFIED : middle < verified + inFlight ? Piece.IN_FLIGHT : Piece.MISSING;
    }
    return List.of(lane);
  }

  /** The retry lane in {@code bins} bins: true where a bin holds at least one retried chunk. */
  public boolean[] retryLane(int bins) {
    boolean[] lane = new boolean[Math.max(0, bins)];
    if (numChunks == 0) return lane;
    for (int index : retried) lane[(int) ((long) index * lane.length / numChunks)] = true;
    return lane;
  }

  private static int clamp(int value, int max) {
    return Math.max(0, Math.min(value, Math.max(0, max)));
  }
}
