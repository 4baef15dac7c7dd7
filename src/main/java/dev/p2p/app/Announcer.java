package dev.p2p.app;

import dev.p2p.peer.Library;
import dev.p2p.protocol.Message;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import dev.p2p.text.UserText;
import dev.p2p.tracker.TrackerClient;
import dev.p2p.transfer.Download;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;

/**
 * How one node speaks to its tracker about what it serves: REGISTER (private shares with their
 * lookup hash and terms, taken from the {@link Library}), UNREGISTER and REVOKE, and the tracker
 * as its downloads ask it (with a private share's lookup). Also says once when registrations
 * start failing and when they work again. Used by the {@link PeerGuardian} on its own thread.
 */
final class Announcer {
  private final TrackerClient tracker;
  private final Library library;
  private final Download.Settings settings;
  private final Logger log;
  private boolean warned;

  Announcer(TrackerClient tracker, Library library, Download.Settings settings, Logger log) {
    this.tracker = tracker;
    this.library = library;
    this.settings = settings;
    this.log = log;
  }

  /** The file's REGISTER; a private share's carries its lookup hash and, from its owner, its terms. */
  CompletionStage<Integer> register(Manifest m) {
    Message.Register r = Message.Register.of(m, settings.nodeId(), settings.selfHost(), settings.selfPort());
    Optional<Library.Privacy> p = library.get(m.id()).flatMap(Library.Entry::privacy);
    if (p.isPresent()) {
      r = r.withTerms(p.get().key().lookupHash(m.id()), p.get().expiresAt(), p.get().maxDownloads());
    }
    return tracker.register(r);
  }

  CompletionStage<Integer> unregister(FileId id) {
    return tracker.unregister(id, settings.nodeId(), settings.selfPort());
  }

  /**
   * Unregisters {@code id}, which this node served as {@code removed} (or not at all, as when
   * another process of the node shared it), and revokes it unless it was public.
   */
  CompletionStage<Integer> unshare(FileId id, Optional<Library.Entry> removed) {
    CompletionStage<Integer> unregistered = unregister(id);
    if (removed.isPresent() && removed.get().privacy().isEmpty()) return unregistered;
    return unregistered.exceptionally(t -> 0).thenCompose(n -> tracker.revoke(id));
  }

  /** Whether a registration failed because its private share ended (revoked or expired). */
  static boolean ended(Throwable err) {
    return UserText.unwrap(err) instanceof TrackerClient.Ended;
  }

  /**
   * The tracker as a download asks it: QUERY first (excluding variants found wrong), then the
   * cheaper QUERY_PEERS for its variant; with the share's lookup if private.
   */
  Download.Locator locator(Optional<Library.Privacy> privacy) {
    return new Download.Locator() {
      @Override
      public CompletionStage<TrackerClient.Located> query(FileId id, List<String> exclude) {
        return tracker.query(id, exclude, lookup(id));
      }

      @Override
      public CompletionStage<TrackerClient.PeersFound> peers(FileId id, String variant) {
        return tracker.peers(id, variant, lookup(id));
      }

      private String lookup(FileId id) {
        return privacy.map(p -> p.key().lookup(id)).orElse(null);
      }
    };
  }

  /** Warns once when the tracker stops answering, and says when it answers again. */
  void answered(Manifest m, Optional<String> error) {
    if (error.isPresent()) {
      if (!warned) log.warn("registration of {} failed: {}", m.id().shortHex(), error.get());
      warned = true;
    } else {
      if (warned) log.info("tracker reachable again");
      warned = false;
    }
  }
}
