package dev.p2p.app;

import dev.p2p.app.NodeFacade.SearchHit;
import dev.p2p.protocol.SearchResult;
import dev.p2p.tracker.TrackerClient;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Search by name at the tracker: for a running node ({@link LocalPeer#search}) and for the {@code
 * search} command, which needs no node, only a tracker client (nothing is bound, nothing is
 * registered). The tracker's answer is taken as it is bounded and validated by its codec: at
 * most {@link SearchResult#MAX_FILES} files, each ID 64 or 16 hex characters.
 */
public final class TrackerSearch {
  /** What a search found: {@code hits} (best first) of {@code total} matching files in all. */
  public record Found(List<SearchHit> hits, int total) {}

  private TrackerSearch() {}

  /** Asks the trackers of {@code settings} (in order, as a node would) for {@code words}. */
  public static CompletionStage<Found> run(ActorSystem<?> system, AppSettings settings, String words) {
    return run(LiveSettings.trackerClient(system, settings, settings.transport()), words);
  }

  static CompletionStage<Found> run(TrackerClient tracker, String words) {
    return tracker.search(words).thenApply(r -> new Found(r.files().stream()
        .map(f -> new SearchHit(f.fileId(), f.filename(), f.fileSize(), f.seeders(), f.peers()))
        .toList(), r.total()));
  }
}
