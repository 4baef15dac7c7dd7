package dev.p2p.app;

import dev.p2p.app.NodeFacade.DownloadResult;
import dev.p2p.storage.FileId;
import dev.p2p.text.P2pException;
import dev.p2p.transfer.Download;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.pekko.Done;

/**
 * Downloads waiting for their end, completed from the node's reports (on a stream's thread)
 * once the end is in the node's history.
 */
final class DownloadOutcomes {
  final ConcurrentMap<FileId, CompletableFuture<DownloadResult>> waiting = new ConcurrentHashMap<>();
  final Recording state;
  volatile boolean nodeEnded;

  DownloadOutcomes(Recording state) {
    this.state = state;
  }

  /** The handling of the reports so far: each one's after the one before (its end recorded first). */
  private CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);

  void onReport(PeerGuardian.Report r) {
    if (r instanceof PeerGuardian.DownloadEnded e) {
      CompletableFuture<Done> recorded = state.ended(e.id(), e.outcome()).toCompletableFuture();
      chain = chain.thenCombine(recorded, (a, b) -> b).thenRun(() -> complete(e));
    } else {
      chain = chain.thenRun(() -> {
        nodeEnded = true;
        waiting.keySet().forEach(id -> fail(id, ended()));
      });
    }
  }

  private void complete(PeerGuardian.DownloadEnded e) {
    CompletableFuture<DownloadResult> f = waiting.remove(e.id());
    if (f == null) return;
    if (e.outcome() instanceof Download.Finished d) {
      f.complete(new DownloadResult(d.path(), d.manifest(), d.seconds(), d.peers()));
    } else {
      Download.Aborted a = (Download.Aborted) e.outcome();
      f.completeExceptionally(new P2pException(a.kind(), a.reason()));
    }
  }

  void fail(FileId id, Throwable t) {
    CompletableFuture<DownloadResult> f = waiting.remove(id);
    if (f != null) f.completeExceptionally(t);
  }

  static P2pException ended() {
    return new P2pException("the node has stopped");
  }
}
