package dev.p2p.app;

import dev.p2p.peer.Library;
import dev.p2p.protocol.Message;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import dev.p2p.storage.PartialFile;
import dev.p2p.storage.SharedFile;
import dev.p2p.text.P2pException;
import dev.p2p.text.UserText;
import dev.p2p.tracker.TrackerClient;
import dev.p2p.transfer.Download;
import dev.p2p.transfer.TransferEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;

/**
 * How one node speaks to its tracker about what it serves: REGISTER (private shares with their
 * lookup hash and terms, taken from the {@link Library}), UNREGISTER and REVOKE, and the tracker
 * as its downloads ask it (with a private share's lookup). The retries of failed registrations
 * are the {@link Reannouncer}'s. Used by the {@link PeerGuardian} on its own thread.
 */
final class Announcer {
  private final TrackerClient tracker;
  private final Library library;
  private final Download.Settings settings;

  Announcer(TrackerClient tracker, Library library, Download.Settings settings) {
    this.tracker = tracker;
    this.library = library;
    this.settings = settings;
  }

  /** This announcer for a node whose settings changed (its chunk server's port). */
  Announcer with(Download.Settings changed) {
    return new Announcer(tracker, library, changed);
  }

  /**
   * The file's REGISTER; a private share's carries its lookup hash and, from its owner, its terms.
   * A file still downloading (served from its partial file) is registered as partial, so that the
   * tracker counts it as a peer and not a seeder; the download's end, verified, replaces the
   * partial file in the library and asks for a registration at once, which is then complete.
   */
  CompletionStage<Integer> register(Manifest m) {
    Message.Register r = Message.Register.of(m, settings.nodeId(), settings.selfHost(), settings.selfPort());
    Optional<Library.Entry> entry = library.get(m.id());
    if (entry.isPresent() && entry.get().source() instanceof PartialFile) r = r.withPartial(true);
    Optional<Library.Privacy> p = entry.flatMap(Library.Entry::privacy);
    if (p.isPresent()) {
      r = r.withTerms(p.get().key().lookupHash(m.id()), p.get().expiresAt(), p.get().maxDownloads());
    }
    return tracker.register(r);
  }

  /**
   * After a move of the chunk server: registers every served file at this announcer's port, then
   * unregisters it at {@code old}'s (the tracker keys entries by address, so the old one would be
   * listed until its TTL, sending downloaders to a closed port). Completes when all have been
   * answered, failed or not: a file whose registration failed is registered on the next round.
   */
  CompletionStage<Void> moved(Announcer old, Collection<Library.Entry> served) {
    List<CompletableFuture<Integer>> all = new ArrayList<>();
    for (Library.Entry e : served) {
      Manifest m = e.source().manifest();
      all.add(register(m).exceptionally(t -> 0).thenCompose(n -> old.unregister(m.id()))
          .toCompletableFuture().exceptionally(t -> 0));
    }
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
  }

  CompletionStage<Integer> unregister(FileId id) {
    return tracker.unregister(id, settings.nodeId(), settings.selfPort());
  }

  /**
   * Unregisters {@code id}, which this node served as {@code removed} (or not at all, as when
   * another process of the node shared it), revokes it unless it was public, and tells {@code
   * replyTo} how that went: a revocation refused is an error, unless this node only re-shared
   * the file (it served it but is not its owner); a public file's unregistration that failed is not.
   */
  void unshare(FileId id, Optional<Library.Entry> removed, ActorRef<StatusReply<Done>> replyTo) {
    CompletionStage<Integer> done = unregister(id);
    if (removed.isEmpty()) {
      done = done.exceptionally(t -> 0).thenCompose(n -> tracker.revoke(id));
    } else if (removed.get().privacy().isPresent()) {
      // A re-sharer (it downloaded the file) is not the owner: it only stops serving.
      done = done.exceptionally(t -> 0).thenCompose(n -> tracker.revoke(id))
          .exceptionally(t -> {
            if (UserText.unwrap(t) instanceof TrackerClient.NotOwned) return 0;
            throw new CompletionException(t);
          });
    } else {
      // No longer served either way: a tracker that did not hear it (or never had it, a share
      // still waiting for it) forgets it within its TTL.
      done = done.exceptionally(t -> 0);
    }
    done.whenComplete((n, err) -> replyTo.tell(err == null ? StatusReply.ack()
        : StatusReply.error(UserText.oneLine(UserText.unwrap(err)))));
  }

  /**
   * Why a new share's registration failed, for the one who asked: {@link NotRegisteredYet} if the
   * tracker did not answer (the node keeps serving it and registers it when the tracker is back);
   * otherwise a refusal, and the node drops the file. A private share is dropped either way: its
   * key lives only in the link the failed call did not return.
   */
  P2pException shareFailed(Manifest m, Throwable err) {
    Throwable cause = UserText.unwrap(err);
    boolean isPrivate = library.get(m.id()).flatMap(Library.Entry::privacy).isPresent();
    if (cause instanceof TrackerClient.Unavailable && !isPrivate) return new NotRegisteredYet(m, UserText.oneLine(cause));
    return cause instanceof P2pException p ? p : new P2pException(UserText.oneLine(cause), cause);
  }

  /** The event saying {@code m} is shared and registered, if it is a shared file (not a download's). */
  Optional<TransferEvent.Shared> shared(Manifest m) {
    return library.get(m.id()).map(Library.Entry::source).filter(SharedFile.class::isInstance).map(sf ->
        new TransferEvent.Shared(settings.nodeId(), m.id(), m.name(), m.size(), ((SharedFile) sf).path()));
  }

  /** A registration's failure as one line, or empty if it succeeded. */
  static Optional<String> error(Throwable err) {
    return Optional.ofNullable(err).map(UserText::oneLine);
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
}
