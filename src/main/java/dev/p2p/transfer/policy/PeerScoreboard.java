package dev.p2p.transfer.policy;

import dev.p2p.metrics.Meters;
import dev.p2p.storage.PeerAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The peer policy of one download and the figures it is based on. A peer is dropped after
 * {@value DownloadTuning#MAX_CONSECUTIVE_FAILURES} failures in a row (time-outs, lost
 * connections) and may join again one request timeout later, when the tracker lists it again; a
 * peer that sent {@value DownloadTuning#BAN_AFTER_BAD_CHUNKS} chunks failing their hash is banned
 * for the rest of the download. A peer that refuses a chunk it does not have is not penalised.
 * A peer's figures survive its being dropped and rejoining. Plain Java; one actor owns it.
 */
public final class PeerScoreboard {
  /** What to do with a peer after a failure. */
  public enum Verdict { KEEP, DROP, BAN }

  /**
   * Hears which chunk went to which peer and which one came back verified: the per-chunk view of
   * a user interface's piece map. Called on the owning actor's thread; must not block.
   */
  public interface ChunkWatcher {
    /** Nobody listens (plain tests). */
    ChunkWatcher NONE = new ChunkWatcher() {
      @Override public void requested(int index, PeerAddress peer) {}
      @Override public void verified(int index, PeerAddress peer) {}
    };

    void requested(int index, PeerAddress peer);

    void verified(int index, PeerAddress peer);
  }

  /** One peer's figures; {@code bytes}, {@code chunks} and {@code failures} over all its stays. */
  public record Score(PeerAddress peer, long bytes, int chunks, int inFlight, int failures,
      boolean banned) {}

  private static final class Live {
    final ThroughputMeter rate = new ThroughputMeter(DownloadTuning.PEER_RATE_WEIGHT, 0);
    long bytes;
    int chunks;
    int inFlight;
    int failures;
    int consecutiveFailures;
    int badChunks;
  }

  private final long retryDelayNanos;
  private final ChunkWatcher watcher;
  private final Map<PeerAddress, Live> live = new LinkedHashMap<>();
  private final Map<PeerAddress, Score> gone = new LinkedHashMap<>();
  private final Set<PeerAddress> banned = new HashSet<>();
  /** Dropped peers and when (nanoTime) they may join again. */
  private final Map<PeerAddress, Long> retryAfter = new HashMap<>();

  /** @param retryDelay how long a dropped peer stays out: one request timeout */
  public PeerScoreboard(Duration retryDelay) {
    this(retryDelay, ChunkWatcher.NONE);
  }

  /** As {@link #PeerScoreboard(Duration)}, telling {@code watcher} of each request and delivery. */
  public PeerScoreboard(Duration retryDelay, ChunkWatcher watcher) {
    this.retryDelayNanos = retryDelay.toNanos();
    this.watcher = watcher;
  }

  /** True when {@code peer} is not in the download, not banned, and not dropped recently. */
  public boolean mayJoin(PeerAddress peer, long nowNanos) {
    if (live.containsKey(peer) || banned.contains(peer)) return false;
    Long after = retryAfter.get(peer);
    return after == null || nowNanos - after >= 0;
  }

  public void joined(PeerAddress peer) {
    live.put(peer, new Live());
  }

  public boolean isLive(PeerAddress peer) {
    return live.containsKey(peer);
  }

  public int size() {
    return live.size();
  }

  /** Chunk {@code index} is asked of {@code peer}. */
  public void requested(PeerAddress peer, int index) {
    Live l = live.get(peer);
    if (l == null) return;
    l.inFlight++;
    watcher.requested(index, peer);
  }

  public int inFlight(PeerAddress peer) {
    Live l = live.get(peer);
    return l == null ? 0 : l.inFlight;
  }

  /** A request to {@code peer} ended, whatever its result. */
  public void answered(PeerAddress peer) {
    Live l = live.get(peer);
    if (l != null) l.inFlight--;
  }

  /** {@code peer} delivered chunk {@code index}, {@code bytes} long, which was new to the download. */
  public void delivered(PeerAddress peer, int index, int bytes) {
    Meters.process().chunkVerified(bytes);
    watcher.verified(index, peer);
    Live l = live.get(peer);
    if (l == null) return;
    l.bytes += bytes;
    l.chunks++;
    l.consecutiveFailures = 0;
  }

  /** Counts a failed request of {@code peer} and says whether to keep, drop or ban it. */
  public Verdict failed(PeerAddress peer, FailureKind kind) {
    Live l = live.get(peer);
    if (l == null || kind == FailureKind.REFUSED) return Verdict.KEEP;
    Meters.process().chunkFailed();
    l.failures++;
    l.consecutiveFailures++;
    if (kind == FailureKind.BAD_DATA && ++l.badChunks >= DownloadTuning.BAN_AFTER_BAD_CHUNKS) {
      if (banned.add(peer)) Meters.process().peerBanned();
      return Verdict.BAN;
    }
    return l.consecutiveFailures >= DownloadTuning.MAX_CONSECUTIVE_FAILURES ? Verdict.DROP : Verdict.KEEP;
  }

  public int consecutiveFailures(PeerAddress peer) {
    Live l = live.get(peer);
    return l == null ? 0 : l.consecutiveFailures;
  }

  public int badChunks(PeerAddress peer) {
    Live l = live.get(peer);
    return l == null ? 0 : l.badChunks;
  }

  /** Takes {@code peer} out of the download; it may join again one retry delay after {@code nowNanos}. */
  public void drop(PeerAddress peer, long nowNanos) {
    if (!live.containsKey(peer)) return;
    gone.put(peer, score(peer));
    live.remove(peer);
    retryAfter.put(peer, nowNanos + retryDelayNanos);
  }

  /** The download is over: every peer leaves with its figures. */
  public void dropAll() {
    for (PeerAddress p : List.copyOf(live.keySet())) gone.put(p, score(p));
    live.clear();
  }

  /** Samples every peer's rate, {@code seconds} after the previous tick. */
  public void tick(double seconds) {
    for (Live l : live.values()) l.rate.sample(l.bytes, seconds);
  }

  /** Requests {@code peer} may have outstanding, from its measured rate. */
  public int window(PeerAddress peer, int chunkSize, int pipelineDepth) {
    Live l = live.get(peer);
    return l == null ? 0 : RequestWindow.forRate(l.rate.rate(), l.chunks, chunkSize, pipelineDepth);
  }

  /** The figures of {@code peer}, adding those of its earlier stays. */
  public Score score(PeerAddress peer) {
    Live l = live.get(peer);
    Score old = gone.get(peer);
    long bytes = (l == null ? 0 : l.bytes) + (old == null ? 0 : old.bytes());
    int chunks = (l == null ? 0 : l.chunks) + (old == null ? 0 : old.chunks());
    int failures = (l == null ? 0 : l.failures) + (old == null ? 0 : old.failures());
    return new Score(peer, bytes, chunks, l == null ? 0 : l.inFlight, failures, banned.contains(peer));
  }

  /** Every peer seen: those in the download first, then those that left. */
  public List<Score> scores() {
    List<Score> out = new ArrayList<>();
    for (PeerAddress p : live.keySet()) out.add(score(p));
    for (Score g : gone.values()) {
      if (!live.containsKey(g.peer())) out.add(g);
    }
    return out;
  }

  /** Peers that left (dropped, banned or at the end), in the order they first left. */
  public List<Score> gone() {
    return List.copyOf(gone.values());
  }
}
