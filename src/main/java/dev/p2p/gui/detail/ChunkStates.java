package dev.p2p.gui.detail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The chunk states of one download as its events tell them, kept by the window on the UI thread
 * and shown as {@link PieceMap} snapshots. Events can be lost (the window's event buffer is
 * lossy), so nothing here trusts them to come in pairs: an in-flight mark whose verification was
 * lost is cleared, oldest first, when a progress report counts fewer chunks in flight than are
 * marked; the counts shown are the report's; a completion marks every chunk here.
 *
 * <p>Bounded: one byte per chunk up to {@link #MAX_MAPPED_CHUNKS}, in-flight marks up to that
 * many, at most {@link PieceMap#MAX_PEER_COLOURS} peer names.
 */
final class ChunkStates {
  /** Chunks mapped per download (1 TiB of 256 KiB chunks): later ones count but are not drawn. */
  static final int MAX_MAPPED_CHUNKS = 1 << 22;

  private int numChunks;
  private byte[] codes = new byte[0];
  private int verified;
  private int inFlight;
  private boolean complete;
  private final TreeSet<Integer> retried = new TreeSet<>();
  /** Indices marked in flight, the oldest request first. */
  private final LinkedHashSet<Integer> flying = new LinkedHashSet<>();
  private final List<String> peers = new ArrayList<>();
  private final Map<String, Integer> peerCodes = new HashMap<>();

  /** The file has {@code chunks} chunks; a different count than known starts the map afresh. */
  void layout(int chunks) {
    if (chunks == numChunks) return;
    reset();
    numChunks = Math.max(0, chunks);
    codes = new byte[Math.min(numChunks, MAX_MAPPED_CHUNKS)];
  }

  /** Forgets every mark (a rejected manifest: its chunks are another layout's). */
  void reset() {
    numChunks = 0;
    codes = new byte[0];
    verified = 0;
    inFlight = 0;
    complete = false;
    retried.clear();
    flying.clear();
    peers.clear();
    peerCodes.clear();
  }

  /** A progress report: its counts, and no more in-flight marks than it counts in flight. */
  void counts(int chunks, int verifiedNow, int inFlightNow) {
    layout(chunks);
    if (complete) return; // a late report of a finished download
    verified = verifiedNow;
    inFlight = Math.max(0, inFlightNow);
    for (Iterator<Integer> it = flying.iterator(); flying.size() > inFlight && it.hasNext(); ) {
      int index = it.next();
      it.remove();
      if (codes[index] == PieceMap.IN_FLIGHT) codes[index] = PieceMap.MISSING;
    }
  }

  /** Chunk {@code index} was asked of a peer: in flight, unless it is here already. */
  void requested(int index) {
    if (!mapped(index) || codes[index] >= PieceMap.HERE_OTHER) return;
    codes[index] = PieceMap.IN_FLIGHT;
    flying.remove(index); // re-asked: it is the newest request now
    flying.add(index);
  }

  /** Chunk {@code index} arrived verified from {@code peer}. */
  void verified(int index, String peer) {
    if (!mapped(index)) return;
    codes[index] = (byte) codeOf(peer);
    flying.remove(index);
  }

  /** Chunk {@code index} failed on a peer and is asked again: marked, and no longer in flight. */
  void retried(int index) {
    if (index < 0 || index >= numChunks) return;
    if (retried.size() < PieceMap.MAX_RETRIED) retried.add(index);
    if (mapped(index) && codes[index] == PieceMap.IN_FLIGHT) codes[index] = PieceMap.MISSING;
    flying.remove(index);
  }

  /** Every chunk is here (a share, or a verified download); who sent what stays. */
  void completed() {
    complete = true;
    verified = numChunks;
    inFlight = 0;
    flying.clear();
  }

  PieceMap snapshot() {
    return new PieceMap(numChunks, verified, inFlight, retried, complete, codes, peers);
  }

  private boolean mapped(int index) {
    return index >= 0 && index < codes.length;
  }

  private int codeOf(String peer) {
    Integer known = peerCodes.get(peer);
    if (known != null) return known;
    if (peers.size() >= PieceMap.MAX_PEER_COLOURS) return PieceMap.HERE_OTHER;
    int code = PieceMap.HERE_PEER + peers.size();
    peers.add(peer);
    peerCodes.put(peer, code);
    return code;
  }
}
