package dev.p2p.transfer.policy;

import java.time.Duration;

/**
 * Every number of the download policies, in one place. None is configurable: each was chosen for
 * the reason given beside it, and the policy classes of this package are its only readers.
 */
public final class DownloadTuning {
  /** A peer is dropped after this many failed requests in a row (time-outs, lost connections). */
  public static final int MAX_CONSECUTIVE_FAILURES = 3;
  /** A peer that sent this many chunks failing their SHA-256 is banned for the download. */
  public static final int BAN_AFTER_BAD_CHUNKS = 2;

  /** How often rates, progress and the stall check are updated. */
  public static final Duration TICK = Duration.ofMillis(250);
  /** How often peers that lack chunks are asked again what they have. */
  public static final Duration HAVE_REFRESH = Duration.ofMillis(500);

  /**
   * Tracker queries tried before a download gives up on an unreachable or silent tracker, waiting
   * {@link #LOCATE_FIRST_WAIT} and then twice as long each time (1, 2, 4 s): many peers starting
   * at once (or a busy tracker) overflow its accept queue for a moment, and a dropped SYN is
   * retransmitted only after 1 s, 3 s, ...
   */
  public static final int LOCATE_ATTEMPTS = 4;
  public static final Duration LOCATE_FIRST_WAIT = Duration.ofSeconds(1);

  /**
   * The tracker is asked again for peers {@link #REQUERY_FAST} after the start (other downloaders
   * that started with us matter most early on), then twice as long after each answer with nobody
   * new, up to {@link #REQUERY_MAX}; every {@link #REQUERY_SLOW} once all the peers it knows (or
   * {@link #ENOUGH_PEERS}) are connected: late joiners find us through the tracker and say HELLO.
   */
  public static final Duration REQUERY_FAST = Duration.ofSeconds(1);
  public static final Duration REQUERY_MAX = Duration.ofSeconds(8);
  public static final int ENOUGH_PEERS = 16;
  public static final Duration REQUERY_SLOW = Duration.ofSeconds(30);

  /**
   * A peer gets about this many seconds of its measured rate in outstanding requests: enough to
   * cover the round trip of a request through both nodes, while a slow peer does not sit on
   * chunks others could send (design 5.4 item 6).
   */
  public static final double QUEUE_SECONDS = 0.5;
  /** ...but never fewer than this many, so that a slow peer still gets pipelined... */
  public static final int MIN_WINDOW = 2;
  /** ...and this many while its rate is unknown: a new peer may well be fast. */
  public static final int INITIAL_WINDOW = 4;
  /**
   * ...and never more than this many bytes (nor the pipeline depth): a fast peer on loopback
   * gets 32 chunks of 256 KiB, which keeps its link busy while the receiver's actors catch up.
   */
  public static final long MAX_WINDOW_BYTES = 8L << 20;
  /** End game: an in-flight chunk is asked of at most this many peers at once. */
  public static final int END_GAME_REQUESTS_PER_CHUNK = 2;

  /** Weight of the newest sample in the download's smoothed rate (0.7 for the history). */
  public static final double DOWNLOAD_RATE_WEIGHT = 0.3;
  /** Weight of the newest sample in a peer's smoothed rate: reacts faster than the total. */
  public static final double PEER_RATE_WEIGHT = 0.4;

  /**
   * A download without progress gives up after this many request time-outs, but never sooner than
   * {@link #MIN_STALL}: a peer may be slow to answer the first request of a large chunk.
   */
  public static final int STALL_TIMEOUTS = 3;
  public static final Duration MIN_STALL = Duration.ofSeconds(30);

  private DownloadTuning() {}
}
