package dev.p2p.transfer;

import dev.p2p.peer.PeerConnection;
import dev.p2p.protocol.Message;
import dev.p2p.protocol.Message.PeerInfo;
import dev.p2p.storage.FileId;
import dev.p2p.storage.PeerAddress;
import dev.p2p.transfer.policy.DownloadTuning;
import dev.p2p.transfer.policy.FailureKind;
import dev.p2p.transfer.policy.PeerScoreboard;
import dev.p2p.transfer.policy.SelfFilter;
import dev.p2p.transfer.selection.ChunkPicker;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The peers of one download, by address: each one's connection and what it said it has, joined
 * with the {@link ChunkPicker} (which chunk next) and the {@link PeerScoreboard} (how each peer
 * did). It decides which peer gets which request; the {@link Downloading} actor that owns it
 * spawns the fetchers. Plain Java, used on that actor's thread only.
 */
final class PeerSet {
  /** A request to start: chunk {@code index} of {@code peer}. */
  record Assignment(PeerAddress peer, int index) {}

  private static final class Peer {
    ActorRef<PeerConnection.Command> conn;
    final int order;
    boolean haveKnown;
    /** Connected without HELLO: the peer predates it (it refused our HELLO). */
    boolean legacy;
    /** It took our HELLO, so it takes HAVE_CHUNK and CANCEL too. */
    boolean notifiable;
    /** Its own HELLO reached us: it pushes what it gains, so asking it is no longer needed. */
    boolean pushes;

    Peer(ActorRef<PeerConnection.Command> conn, int order) {
      this.conn = conn;
      this.order = order;
    }
  }

  private final Map<PeerAddress, String> nodeIds = new HashMap<>();
  private final int numChunks;
  private final int chunkSize;
  private final int pipelineDepth;
  private final ChunkPicker picker;
  private final PeerScoreboard scores;
  private final SelfFilter self;
  private final WrongVariants wrong;
  private final Map<PeerAddress, Peer> peers = new LinkedHashMap<>();
  /**
   * Chunks that matched their hash (those resumed from disk included: they matched this
   * manifest once), those that did not, and who sent the latter.
   */
  private int goodChunks;
  private int badChunks;
  private final Set<PeerAddress> badSenders = new HashSet<>();
  private int joins;

  PeerSet(int numChunks, int chunkSize, int pipelineDepth, ChunkPicker picker,
      PeerScoreboard scores, SelfFilter self, WrongVariants wrong) {
    this.numChunks = numChunks;
    this.chunkSize = chunkSize;
    this.pipelineDepth = pipelineDepth;
    this.picker = picker;
    this.scores = scores;
    this.self = self;
    this.wrong = wrong;
    this.goodChunks = picker.doneCount();
  }

  /**
   * True when the tracker's {@code info} names a peer to connect to now: not this node, not one
   * that registered a manifest this download found wrong, and not dropped or banned here.
   */
  boolean mayJoin(PeerInfo info, long nowNanos) {
    return isOther(info) && !wrong.isBanned(info.address())
        && scores.mayJoin(info.address(), nowNanos);
  }

  /** A chunk matched its hash. */
  void verified() {
    goodChunks++;
  }

  /** A request to {@code a} failed; counted before the peer's fate is decided. */
  void failedWith(PeerAddress a, FailureKind kind) {
    if (kind != FailureKind.BAD_DATA) return;
    badChunks++;
    badSenders.add(a);
  }

  /**
   * True when nearly every chunk failed its hash, from several peers or from every peer left
   * ({@link WrongVariants#chunksSayWrong}): the manifest is the suspect, not the peers.
   */
  boolean chunksSayManifestIsWrong() {
    return WrongVariants.chunksSayWrong(goodChunks, badChunks, badSenders.size(), numChunks,
        !peers.isEmpty());
  }

  /**
   * True when no chunk of this manifest has matched its hash, here or in an earlier run, and the
   * tracker holds another: at the stall time, a manifest whose peers are silent or gone may be a
   * decoy.
   */
  boolean mayBeADecoy() {
    return goodChunks == 0 && wrong.anotherHeld();
  }

  /** Every peer this download used, still connected or gone. */
  List<PeerAddress> seen() {
    return scores.scores().stream().map(PeerScoreboard.Score::peer).toList();
  }

  /** True unless {@code info} names this node itself. */
  boolean isOther(PeerInfo info) {
    return !self.isSelf(info.peerId(), info.address());
  }

  void joined(PeerAddress a, ActorRef<PeerConnection.Command> conn) {
    peers.put(a, new Peer(conn, joins++));
    scores.joined(a);
  }

  /** The peer refused our HELLO and closed: {@code conn} is its new connection, without HELLO. */
  void rejoinedLegacy(PeerAddress a, ActorRef<PeerConnection.Command> conn) {
    Peer p = peers.get(a);
    p.conn = conn;
    p.legacy = true;
  }

  boolean isLegacy(PeerAddress a) {
    return peers.get(a).legacy;
  }

  /** Whether the peer's HELLO reached us (true) or its connection to us ended (false). */
  void pushes(PeerAddress a, boolean pushes) {
    Peer p = peers.get(a);
    if (p != null) p.pushes = pushes;
  }

  boolean isConnection(PeerAddress a, ActorRef<PeerConnection.Command> conn) {
    Peer p = peers.get(a);
    return p != null && p.conn == conn;
  }

  boolean contains(PeerAddress a) {
    return peers.containsKey(a);
  }

  boolean isEmpty() {
    return peers.isEmpty();
  }

  int size() {
    return peers.size();
  }

  ActorRef<PeerConnection.Command> connection(PeerAddress a) {
    return peers.get(a).conn;
  }

  /**
   * The peer sent what it has (a HAVE answer or its HELLO): it can be asked for chunks from now
   * on. Added to what was known, since the answers to our HAVE_REQUEST and its pushes travel on
   * different connections and a stale bitfield may come after a newer HAVE_CHUNK.
   */
  void has(PeerAddress a, BitSet bits) {
    Peer p = peers.get(a);
    if (!p.haveKnown) {
      picker.peerHas(a, bits);
    } else {
      picker.peerAlsoHas(a, bits);
    }
    p.haveKnown = true;
  }

  /** Our HELLO went through (its HAVE answer came after it): notifications are understood. */
  void tookHello(PeerAddress a) {
    Peer p = peers.get(a);
    if (!p.legacy) p.notifiable = true;
  }

  /** The peer pushed HAVE_CHUNK {@code index} (after its HELLO, so its bitfield is known). */
  void gained(PeerAddress a, int index) {
    Peer p = peers.get(a);
    if (!p.haveKnown || index >= numChunks) return;
    picker.peerGained(a, index);
    p.pushes = true; // only a connection after the one that ended can push now
  }

  /** Connections of peers that may still gain chunks and do not push them: worth asking again. */
  List<ActorRef<PeerConnection.Command>> toPoll() {
    // Completeness is asked of the picker each time: a refusal (peerLacks) can revoke it.
    return peers.entrySet().stream()
        .filter(e -> !e.getValue().pushes && !picker.peerIsComplete(e.getKey()))
        .map(e -> e.getValue().conn).toList();
  }

  /** Connections of peers that take notifications and lack chunk {@code index}: told we have it. */
  List<ActorRef<PeerConnection.Command>> toNotify(int index) {
    List<ActorRef<PeerConnection.Command>> out = new ArrayList<>();
    peers.forEach((a, p) -> {
      if (p.notifiable && !picker.peerHasChunk(a, index)) out.add(p.conn);
    });
    return out;
  }

  /** The connection of {@code a} if it takes notifications (CANCEL). */
  Optional<ActorRef<PeerConnection.Command>> notifiable(PeerAddress a) {
    Peer p = peers.get(a);
    return p != null && p.notifiable ? Optional.of(p.conn) : Optional.empty();
  }

  /** Takes {@code a} out; returns its connection for the caller to stop. */
  ActorRef<PeerConnection.Command> drop(PeerAddress a, long nowNanos) {
    Peer p = peers.remove(a);
    scores.drop(a, nowNanos);
    picker.removePeer(a);
    return p.conn;
  }

  /** Takes every peer out with its figures (the download is over); returns their connections. */
  Collection<ActorRef<PeerConnection.Command>> dropAll() {
    List<ActorRef<PeerConnection.Command>> conns = peers.values().stream().map(p -> p.conn).toList();
    peers.clear();
    scores.dropAll();
    return conns;
  }

  /**
   * Chooses up to {@code slots} requests, each offered to the least busy peer with room in its
   * window first, and counts them in flight. A peer with nothing to offer has nothing later in
   * the same call either (each request only takes chunks away), except once the end game begins.
   */
  List<Assignment> assign(int slots) {
    List<Assignment> out = new ArrayList<>();
    boolean endGame = endGame();
    List<PeerAddress> ready = readyByLoad();
    while (out.size() < slots && !ready.isEmpty()) {
      if (!endGame && endGame()) {
        endGame = true;
        ready = readyByLoad(); // duplicates are now on offer, even from peers that had nothing new
        continue;
      }
      PeerAddress a = ready.get(0);
      OptionalInt chunk = endGame
          ? picker.pickDuplicate(a, DownloadTuning.END_GAME_REQUESTS_PER_CHUNK) : picker.pick(a);
      if (chunk.isEmpty()) {
        ready.remove(0);
        continue;
      }
      out.add(new Assignment(a, chunk.getAsInt()));
      scores.requested(a, chunk.getAsInt());
      if (!hasRoom(a)) ready.remove(0);
      ready.sort(byLoad());
    }
    return out;
  }

  private boolean endGame() {
    return picker.doneCount() + picker.inFlightCount() >= numChunks;
  }

  private List<PeerAddress> readyByLoad() {
    List<PeerAddress> ready = new ArrayList<>();
    peers.forEach((a, p) -> {
      if (p.haveKnown && hasRoom(a)) ready.add(a);
    });
    ready.sort(byLoad());
    return ready;
  }

  private Comparator<PeerAddress> byLoad() {
    return Comparator.<PeerAddress>comparingInt(scores::inFlight)
        .thenComparingInt(a -> peers.get(a).order);
  }

  private boolean hasRoom(PeerAddress a) {
    return scores.inFlight(a) < scores.window(a, chunkSize, pipelineDepth);
  }

  /**
   * After chunk {@code index} failed: if every connected peer that has it failed it too, forget
   * those failures so they may try again (each attempt still counts) rather than stall.
   */
  void forgiveIfNoneLeft(int index) {
    if (peers.keySet().stream().noneMatch(q -> picker.peerHasChunk(q, index)
        && !picker.hasFailed(index, q))) {
      picker.forgiveFailures(index);
    }
  }

  /** Every peer seen, as the events show them: the address as {@code host:port} text. */
  List<TransferEvent.PeerStat> stats() {
    return asStats(scores.scores());
  }

  /** Peers that left, as the events show them. */
  List<TransferEvent.PeerStat> goneStats() {
    return asStats(scores.gone());
  }

  /**
   * Tells every peer that takes notifications and lacks chunks that chunk {@code i} of file
   * {@code id} is here now, and cancels it at the peers in {@code alsoAsked} (the end game's
   * other requests for it).
   */
  void gained(FileId id, int i, List<PeerAddress> alsoAsked) {
    Message.HaveChunk have = new Message.HaveChunk(id, i);
    toNotify(i).forEach(conn -> conn.tell(new PeerConnection.Notify(have)));
    Message.Cancel cancel = new Message.Cancel(id, i);
    for (PeerAddress p : alsoAsked) {
      notifiable(p).ifPresent(conn -> conn.tell(new PeerConnection.Notify(cancel)));
    }
  }

  /**
   * True while a peer may still deliver a missing chunk: one has one, or one has not said yet
   * what it has (its connection is opening).
   */
  boolean mayDeliver() {
    return peers.values().stream().anyMatch(p -> !p.haveKnown) || holdsMissing();
  }

  /** True when a peer is known to have a chunk that is not here yet. */
  boolean holdsMissing() {
    return picker.anyMissingHeld();
  }

  /** How many peers said what they have. */
  int answered() {
    return (int) peers.values().stream().filter(p -> p.haveKnown).count();
  }

  /** True when a peer other than {@code a} has chunk {@code index}: a retry can go elsewhere. */
  boolean anotherHas(PeerAddress a, int index) {
    return peers.keySet().stream().anyMatch(q -> !q.equals(a) && picker.peerHasChunk(q, index));
  }

  /** Why a download whose peers all stalled gives up, in words for the user. */
  String whyNoProgress() {
    List<String> gone = scores.gone().stream().map(s -> s.peer().toString()).toList();
    return isEmpty() && gone.isEmpty() ? "no peer is reachable for this file"
        : "every peer failed or has gone (" + String.join(", ", gone) + ")";
  }

  /** Notes the node ID the tracker listed for {@code info}'s address (TLS connections pin it). */
  void listed(PeerInfo info) {
    nodeIds.put(info.address(), info.peerId());
  }

  /** The node ID listed for {@code a}, or "" if none was. */
  String nodeId(PeerAddress a) {
    return nodeIds.getOrDefault(a, "");
  }

  private static List<TransferEvent.PeerStat> asStats(List<PeerScoreboard.Score> scores) {
    return scores.stream().map(s -> new TransferEvent.PeerStat(s.peer().toString(), s.bytes(),
        s.chunks(), s.inFlight(), s.failures(), s.banned())).toList();
  }
}
