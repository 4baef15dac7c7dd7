package dev.p2p.transfer;

import dev.p2p.metrics.Meters;
import dev.p2p.protocol.Message;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import dev.p2p.storage.PeerAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The manifests (tracker "variants", named by {@link Manifest#variant}) one download found wrong,
 * over all its attempts, and the peers it banned for having registered them. A file ID is just
 * the file's SHA-256, so anyone may register a wrong manifest for it first; a download that
 * finds its manifest wrong asks the tracker again with the wrong ones excluded, and gives up only
 * when no other is left. Plain Java, used on the download actor's thread only.
 */
final class WrongVariants {
  /**
   * Chunk hash failures that make a manifest, not its peers, the suspect: at least {@link
   * #NEARLY_EVERY} of the chunks received failed, and either this many distinct peers sent
   * failing chunks, at least {@link #SUSPECT_AFTER_CHUNKS} of them (or the whole file's worth, if
   * it has fewer chunks), or no peer of the manifest is left to try. One corrupt peer among
   * honest ones never trips it, and since a peer is banned after two bad chunks, a few fast
   * corrupt peers cannot either while honest peers remain.
   */
  static final int SUSPECT_AFTER_PEERS = 2;

  static final int SUSPECT_AFTER_CHUNKS = 16;

  static final double NEARLY_EVERY = 0.9;

  private static final String[] ORDINALS =
      {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"};

  private final List<String> excluded = new ArrayList<>();
  private final Set<PeerAddress> banned = new HashSet<>();
  /** How many variants the tracker said it held, at the last QUERY. */
  private int held = 1;

  /** The variants to exclude from the next QUERY. */
  List<String> excluded() {
    return List.copyOf(excluded);
  }

  boolean any() {
    return !excluded.isEmpty();
  }

  /** True when {@code a} registered a variant found wrong: it is not used again by this download. */
  boolean isBanned(PeerAddress a) {
    return banned.contains(a);
  }

  /** The tracker answered a QUERY and holds {@code variants} variants in all. */
  void located(int variants) {
    held = variants;
  }

  /** True when the chunk failures seen so far point at the manifest rather than at its peers. */
  static boolean chunksSayWrong(int good, int bad, int badPeers, int numChunks, boolean peersLeft) {
    if (bad == 0 || bad < NEARLY_EVERY * (good + bad)) return false;
    // With nobody left, the download would only stall on this manifest: another is worth a try.
    if (!peersLeft) return true;
    return badPeers >= SUSPECT_AFTER_PEERS && bad >= Math.min(SUSPECT_AFTER_CHUNKS, numChunks);
  }

  /** True when the tracker holds a variant besides the one in use and those excluded. */
  boolean anotherHeld() {
    return held > excluded.size() + 1;
  }

  /**
   * Records {@code m} as wrong and bans {@code registrants}, the peers this download saw for it.
   * Returns the line that tells the user, e.g. "file 9e3ee0bd: the tracker's first manifest was
   * wrong (from 1 peer), trying the next of 2".
   */
  String reject(Manifest m, Collection<PeerAddress> registrants) {
    excluded.add(m.variant());
    for (PeerAddress p : registrants) if (banned.add(p)) Meters.process().peerBanned();
    int n = excluded.size();
    String which = n <= ORDINALS.length ? ORDINALS[n - 1] : "#" + n;
    int from = registrants.size();
    return prefix(m.id()) + "the tracker's " + which + " manifest was wrong (from " + from
        + (from == 1 ? " peer)" : " peers)")
        + (held > n ? ", trying the next of " + held : ", asking the tracker for another");
  }

  /** True when no more can be excluded: the tracker keeps no more variants than that. */
  boolean exhausted() {
    return excluded.size() >= Message.MAX_EXCLUDE;
  }

  /** The one-line reason a download gives up with once no manifest is left. */
  String noneLeft(FileId id) {
    int n = excluded.size();
    return prefix(id) + "no manifest left to try: the " + (n == 1 ? "only one" : n)
        + " the tracker had " + (n == 1 ? "was" : "were") + " wrong";
  }

  private static String prefix(FileId id) {
    return "file " + id.shortHex() + ": ";
  }
}
