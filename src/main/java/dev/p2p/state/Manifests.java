package dev.p2p.state;

import dev.p2p.storage.ManifestCache;
import java.util.List;
import java.util.Optional;

/**
 * The verified-manifest cache's entries in table {@code manifests} of {@code state.db}: one row
 * per file path; the most recently written {@link ManifestCache#MAX_ENTRIES} are kept.
 */
final class Manifests implements ManifestCache.Entries {
  private final StateStore store;

  Manifests(StateStore store) {
    this.store = store;
  }

  @Override
  public Optional<byte[]> read(String path) {
    // The length is checked by SQLite, before the blob is read into memory.
    List<byte[]> rows = store.query("SELECT entry FROM manifests WHERE path = ? AND length(entry) <= ?",
        r -> r.getBytes(1), path, ManifestCache.MAX_ENTRY_BYTES);
    return rows.stream().findFirst();
  }

  @Override
  public void write(String path, byte[] entry) {
    store.transaction(() -> {
      // REPLACE deletes and inserts: the row gets the newest rowid, which orders the pruning.
      store.update("INSERT OR REPLACE INTO manifests (path, entry, written) VALUES (?, ?, ?)",
          path, entry, System.currentTimeMillis());
      store.update("DELETE FROM manifests WHERE rowid IN (SELECT rowid FROM manifests"
          + " ORDER BY rowid DESC LIMIT -1 OFFSET ?)", ManifestCache.MAX_ENTRIES);
    });
  }

  @Override
  public void remove(String path) {
    store.update("DELETE FROM manifests WHERE path = ?", path);
  }
}
