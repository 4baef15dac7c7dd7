package dev.p2p.app;

import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.slf4j.Logger;

/**
 * The re-registration bookkeeping of a {@link PeerGuardian}, used only from inside it: which files
 * are registered with the tracker, and when to try again after a registration failed. A failure
 * (unreachable, timed out, refused: a flooded tracker may answer any of these) is retried after
 * {@link #retryDelay}: 1 s doubling up to the re-announce interval, jittered, so that the file is
 * registered again long before the tracker's TTL (3 intervals by default) forgets it, rather than
 * at the next periodic round. Warns once when the tracker stops answering and says when it
 * answers again.
 */
final class Reannouncer {
  /**
   * The first retry: soon, since the TTL is running, yet not at once, so that a tracker that
   * refuses for load is not hammered.
   */
  static final Duration FIRST_RETRY = Duration.ofSeconds(1);

  /** A retry timer's key: one per file, apart from the guardian's own timers. */
  private record RetryKey(FileId id) {}

  private final TimerScheduler<PeerGuardian.Command> timers;
  private final Duration interval;
  private final Function<Manifest, PeerGuardian.Command> retry;
  private final Logger log;
  /** Files registered with the tracker; one no longer served is unregistered on the next round. */
  private final Set<FileId> announced = new HashSet<>();
  /** Failed registrations in a row, per file with a retry pending. */
  private final Map<FileId, Integer> failures = new HashMap<>();
  private boolean warned;

  /** {@code retry} makes the message the guardian gets when a file's retry is due. */
  Reannouncer(TimerScheduler<PeerGuardian.Command> timers, Duration interval,
      Function<Manifest, PeerGuardian.Command> retry, Logger log) {
    this.timers = timers;
    this.interval = interval;
    this.retry = retry;
    this.log = log;
  }

  /**
   * How long to wait after the {@code failures}-th failure in a row: {@link #FIRST_RETRY} ×
   * 2^(failures-1), at most {@code interval}, of which the second half is spread by {@code
   * jitter} (0 ≤ jitter < 1), so that sharers that failed together do not retry together.
   */
  static Duration retryDelay(int failures, Duration interval, double jitter) {
    long ceiling = Math.min(interval.toMillis(), FIRST_RETRY.toMillis() << Math.min(failures - 1, 20));
    return Duration.ofMillis(ceiling / 2 + (long) (ceiling / 2.0 * jitter));
  }

  /** {@code m} is being registered. */
  void registering(Manifest m) {
    announced.add(m.id());
  }

  /** Whether a retry of {@code id} is due before the next periodic round (which then skips it). */
  boolean retrying(FileId id) {
    return failures.containsKey(id);
  }

  /**
   * The tracker's answer to a registration of {@code m}: on a failure, a retry is scheduled.
   * True if it is registered after failures (for the first time, if a new share's failed).
   */
  boolean answered(Manifest m, Optional<String> error) {
    FileId id = m.id();
    if (error.isEmpty()) {
      boolean late = failures.remove(id) != null;
      if (late) timers.cancel(new RetryKey(id));
      if (warned) log.info("tracker reachable again");
      warned = false;
      return late;
    }
    if (!announced.contains(id)) return false; // withdrawn meanwhile
    int n = failures.merge(id, 1, Integer::sum);
    Duration wait = retryDelay(n, interval, ThreadLocalRandom.current().nextDouble());
    timers.startSingleTimer(new RetryKey(id), retry.apply(m), wait);
    if (!warned) log.warn("registration of {} failed: {} (retrying in {} ms)", id.shortHex(), error.get(), wait.toMillis());
    warned = true;
    return false;
  }

  /** {@code id} is no longer served (a share removed or ended): no retry, nothing to withdraw. */
  void forget(FileId id) {
    announced.remove(id);
    if (failures.remove(id) != null) timers.cancel(new RetryKey(id));
  }

  /** Whether a due retry of {@code id} should still be made (the file was not withdrawn). */
  boolean stillAnnounced(FileId id) {
    return announced.contains(id);
  }

  /**
   * Forgets every announced file not in {@code served} (a file that changed on disk, an aborted
   * download) and returns them, for the guardian to unregister at once rather than leave listed
   * until the tracker's TTL expires.
   */
  List<FileId> withdrawAllBut(Set<FileId> served) {
    List<FileId> gone = new ArrayList<>();
    for (Iterator<FileId> it = announced.iterator(); it.hasNext(); ) {
      FileId id = it.next();
      if (served.contains(id)) continue;
      it.remove();
      if (failures.remove(id) != null) timers.cancel(new RetryKey(id));
      gone.add(id);
    }
    return gone;
  }
}
