package dev.p2p.transfer;

import dev.p2p.text.UserText;
import dev.p2p.transfer.Download.Failed;
import dev.p2p.transfer.Download.Requery;
import dev.p2p.transfer.Download.Requeried;
import dev.p2p.transfer.policy.RequeryPolicy;
import java.time.Duration;

/**
 * The re-queries of one {@link Downloading} phase: it asks the tracker for the peers of its
 * manifest's variant on a timer, with {@link RequeryPolicy}'s backoff, and connects the new ones.
 * While the download waits for a peer ({@link PeerWait}), it asks soon and never settles to the
 * slow pace. Used on the actor's thread.
 */
final class Requerier {
  private final DownloadContext c;
  private final PeerSet peers;
  private final Connector connector;
  private final PeerWait wait;
  private final String variant;
  private Duration next = RequeryPolicy.DEFAULT.first();

  Requerier(DownloadContext c, PeerSet peers, Connector connector, PeerWait wait, String variant) {
    this.c = c;
    this.peers = peers;
    this.connector = connector;
    this.wait = wait;
    this.variant = variant;
  }

  /** The first re-query, {@link RequeryPolicy#first} from now. */
  void start() {
    c.timers().startSingleTimer(Requery.INSTANCE, next);
  }

  /** The wait before the re-query that is timed now. */
  Duration next() {
    return next;
  }

  /** Asks again after the policy's first wait, instead of a slower one that was timed. */
  void soon() {
    next = RequeryPolicy.DEFAULT.first();
    c.timers().startSingleTimer(Requery.INSTANCE, next);
  }

  /** Asks the tracker now; the next one is timed when this one is answered ({@link #answered}, {@link #failed}). */
  void ask() {
    c.actor().pipeToSelf(c.deps().tracker().peers(c.id(), variant), (found, err) ->
        err != null ? new Failed(UserText.oneLine(err)) : new Requeried(found));
  }

  /** The tracker answered: connects the peers it named that may join, and times the next one. */
  void answered(Requeried r) {
    int before = peers.size();
    connector.connect(r.found().peers());
    // At its most peers a download needs no more: asked again only at the slow pace.
    boolean metAll = connector.full() || r.found().peers().size() >= r.found().total()
        && r.found().peers().stream().filter(peers::isOther).allMatch(p -> peers.contains(p.address()));
    later(peers.size() > before, metAll);
  }

  /** The tracker did not answer: the download goes on with the peers it has. */
  void failed() {
    later(false, false);
  }

  private void later(boolean foundNew, boolean metAll) {
    // While waiting for a peer, "every peer it knows is connected" or "enough are" is no reason
    // to ask less often: none of them has what is missing.
    boolean waiting = wait.waiting();
    next = RequeryPolicy.DEFAULT.next(next, foundNew, metAll && !waiting, waiting ? 0 : peers.size());
    c.timers().startSingleTimer(Requery.INSTANCE, next);
  }
}
