package dev.p2p.gui.detail;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What the window knows of one download's chunks, as an immutable snapshot (made by {@link
 * ChunkStates}): each chunk at its real index is missing, in flight, or here, and a chunk here is
 * coded by the peer that delivered it (the first {@link #MAX_PEER_COLOURS} peers get a code of
 * their own, later ones share {@link #HERE_OTHER}). A second lane marks the chunks that failed on
 * a peer and were asked again.
 *
 * <p>The per-chunk states come from {@code ChunkRequested} and {@code ChunkVerified} events, which
 * may be lost on the way to the window; so the counts ({@code verified}, {@code inFlight}) are
 * those of the latest {@code Progress}, which stay true, and a {@code Completed} marks every chunk
 * here. Chunks an earlier run left (a resume) are counted but, their indices being unreported,
 * not drawn until the end.
 *
 * <p>Binned: with more chunks than pixels, each pixel column (bin) stands for a run of chunks and
 * takes the state most of them have. Memory: one byte per chunk, no object per chunk.
 */
public final class PieceMap {
  /** Peers given a colour of their own; chunks from any further peer are {@link #HERE_OTHER}. */
  public static final int MAX_PEER_COLOURS = 8;
  /** Retried indices kept per download: beyond it, later ones are not marked (memory bound). */
  public static final int MAX_RETRIED = 10_000;
  /** A chunk not here and not asked for. */
  public static final int MISSING = 0;
  /** A chunk asked of a peer and not verified yet. */
  public static final int IN_FLIGHT = 1;
  /** A chunk here from a peer past the legend's {@link #MAX_PEER_COLOURS} (or marked by the end). */
  public static final int HERE_OTHER = 2;
  /** Code of a chunk here from the legend's first peer; peer {@code k} has {@code HERE_PEER + k}. */
  public static final int HERE_PEER = 3;

  /** Nothing known yet. */
  public static final PieceMap EMPTY = new PieceMap(0, 0, 0, new TreeSet<>(), false, new byte[0], List.of());

  private final int numChunks;
  private final int verified;
  private final int inFlight;
  private final SortedSet<Integer> retried;
  private final boolean complete;
  private final byte[] codes;
  private final List<String> peers;

  /** {@code codes} and {@code retried} are the caller's to keep: both are copied. */
  PieceMap(int numChunks, int verified, int inFlight, SortedSet<Integer> retried, boolean complete, byte[] codes,
      List<String> peers) {
    this.numChunks = Math.max(0, numChunks);
    this.verified = clamp(verified, this.numChunks);
    this.inFlight = clamp(inFlight, this.numChunks - this.verified);
    this.retried = Collections.unmodifiableSortedSet(new TreeSet<>(retried));
    this.complete = complete;
    this.codes = codes.clone();
    this.peers = List.copyOf(peers);
  }

  /** Chunks in the file; 0 when unknown (a share: then {@link #complete}). */
  public int numChunks() {
    return numChunks;
  }

  /** Chunks verified, as the latest progress report counts them (or all, once complete). */
  public int verified() {
    return verified;
  }

  /** Chunks being fetched now, as the latest progress report counts them. */
  public int inFlight() {
    return inFlight;
  }

  /** Indices of chunks that failed and were retried, at most {@link #MAX_RETRIED}. */
  public SortedSet<Integer> retried() {
    return retried;
  }

  /** Every chunk is here (a finished download or a share). */
  public boolean complete() {
    return complete;
  }

  /** The legend: peer {@code k} (host:port) delivered the chunks coded {@code HERE_PEER + k}. */
  public List<String> peers() {
    return peers;
  }

  /** The code of chunk {@code index} ({@link #MISSING} outside the file). */
  public int state(int index) {
    if (index < 0 || index >= numChunks) return MISSING;
    if (index >= codes.length) return complete ? HERE_OTHER : MISSING;
    int code = codes[index];
    return complete && code < HERE_OTHER ? HERE_OTHER : code;
  }

  /** How many bins a strip {@code widthPx} wide shows: one per chunk, or one per pixel if fewer. */
  public int binCount(int widthPx) {
    if (widthPx <= 0) return 0;
    return complete && numChunks == 0 ? widthPx : Math.min(numChunks, widthPx);
  }

  /** The chunk lane in {@code bins} bins: each bin the code most of its chunks have (ties: the lower). */
  public int[] lane(int bins) {
    int[] lane = new int[Math.max(0, bins)];
    if (numChunks == 0) {
      if (complete) Arrays.fill(lane, HERE_OTHER);
      return lane;
    }
    int[] tally = new int[HERE_PEER + MAX_PEER_COLOURS];
    for (int b = 0; b < lane.length; b++) {
      int from = (int) ((long) b * numChunks / lane.length);
      int to = Math.max(from + 1, (int) ((long) (b + 1) * numChunks / lane.length));
      Arrays.fill(tally, 0);
      for (int i = from; i < to; i++) tally[state(i)]++;
      int best = 0;
      for (int code = 1; code < tally.length; code++) if (tally[code] > tally[best]) best = code;
      lane[b] = best;
    }
    return lane;
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
