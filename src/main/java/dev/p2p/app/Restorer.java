package dev.p2p.app;

import dev.p2p.peer.Library;
import dev.p2p.state.StateStore;
import dev.p2p.storage.Manifest;
import dev.p2p.storage.ManifestCache;
import dev.p2p.text.UserText;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Brings a node back to where its state says it was: shares again each recorded file (from the
 * verified-manifest cache when the file is unchanged: one stat, no hashing; a changed one is
 * hashed, and shared under its new ID if it was public), forgets the files that are gone and the
 * private shares that have expired, and resumes each unfinished download (from its {@code .part},
 * re-verifying the chunks its bitmap records). Blocking: runs on the blocking dispatcher.
 */
public final class Restorer {
  /**
   * What a restore did: {@code shared} files shared again, of which {@code hashed} had to be
   * hashed; {@code resumed} downloads started again; {@code notes}, one line each, for what was
   * skipped or went wrong.
   */
  public record Restored(int shared, int hashed, int resumed, List<String> notes) {
    /** One line for the user. */
    public String summary() {
      return "restored from the saved state: " + shared + " file(s) shared again (" + hashed
          + " hashed), " + resumed + " download(s) resumed";
    }

    /** What to tell the user: the summary if anything was taken up, then a note per file skipped. */
    public List<String> lines() {
      List<String> lines = new ArrayList<>();
      if (shared + resumed > 0) lines.add(summary());
      notes.forEach(n -> lines.add("note: " + n));
      return lines;
    }
  }

  private Restorer() {}

  static CompletionStage<Restored> restore(LocalPeer peer, Recording rec, Executor blocking) {
    rec.keep();
    return rec.state().store().thenApplyAsync(store -> store.map(s -> run(peer, rec.cache(), s))
        .orElseGet(() -> new Restored(0, 0, 0, rec.state().problem().isEmpty() ? List.of()
            : List.of(rec.state().problem()))), blocking);
  }

  private static Restored run(LocalPeer peer, ManifestCache cache, StateStore store) {
    List<String> notes = new ArrayList<>();
    int shared = 0;
    int hashed = 0;
    long now = System.currentTimeMillis();
    for (StateStore.Share s : store.shares()) {
      Optional<Library.Privacy> privacy = Recording.privacy(s.secret());
      if (privacy.isPresent() && privacy.get().expired(now)) {
        store.removeShare(s.id());
        notes.add("the private share of " + s.path() + " has expired: no longer shared");
        continue;
      }
      if (!Files.isRegularFile(s.path())) {
        store.removeShare(s.id());
        notes.add(s.path() + " is gone: no longer shared (" + s.id().shortHex() + ")");
        continue;
      }
      boolean cached = cache.lookup(s.path()).filter(h -> h.manifest().id().equals(s.id())).isPresent();
      try {
        Manifest m = peer.share(s.path(), cache, Optional.empty(), privacy).toCompletableFuture().join();
        if (!cached) hashed++;
        if (!m.id().equals(s.id())) {
          store.removeShare(s.id());
          if (privacy.isPresent()) {
            // Its links name the old content: they could only ever fail.
            peer.unshare(m.id()).toCompletableFuture().join();
            notes.add(s.path() + " changed since it was shared privately: no longer shared");
            continue;
          }
          notes.add(s.path() + " changed since it was shared: shared again as " + m.id().hex());
        }
        shared++;
      } catch (RuntimeException e) {
        // The tracker did not answer: served all the same, and registered when it does.
        boolean waits = NotRegisteredYet.in(e).isPresent();
        if (waits) shared++;
        notes.add(waits ? s.path() + " is shared again but not registered yet (" + UserText.oneLine(e)
            + "): it is registered when the tracker is back" : "cannot share " + s.path() + " again: " + UserText.oneLine(e));
      }
    }
    int resumed = 0;
    for (StateStore.Download d : store.downloads()) {
      Optional<Library.Privacy> privacy = Recording.privacy(d.secret());
      if (privacy.isPresent() && privacy.get().expired(now)) {
        store.removeDownload(d.id());
        notes.add("the link of download " + d.id().shortHex() + " has expired: not resumed");
        continue;
      }
      // Its end is recorded by the node like any download's; nobody waits for it here.
      CompletableFuture<?> ignored = peer.download(d.id(), d.outDir(), privacy).toCompletableFuture();
      resumed++;
    }
    return new Restored(shared, hashed, resumed, notes);
  }
}
