package dev.p2p.gui.search;

import dev.p2p.app.NodeFacade.SearchHit;
import dev.p2p.storage.FileId;
import dev.p2p.text.Units;
import java.util.Optional;

/**
 * One file a search found, formatted for the results table. {@code id} is the whole ID as the
 * tracker gave it, never shortened: 64 hex characters for a file of this program, 16 for a file
 * only the original Python program's peers registered. Only a full ID can be downloaded from the
 * window ({@link #downloadable}); {@code note} says what to do otherwise.
 *
 * @param size "?" when the tracker does not know it (the original registers no size)
 * @param availability "High" (at least {@value #HIGH_SEEDERS} seeders), "Medium" (some) or "None",
 *     as the original program shows it
 */
public record SearchResultRow(String id, String name, String size, int seeders, int peers,
    String availability, boolean downloadable, String note) {
  /** Seeders from which the original program calls a file's availability "High". */
  public static final int HIGH_SEEDERS = 3;

  /** The row of {@code hit}; an ID that is neither kind is shown but offers no download. */
  public static SearchResultRow of(SearchHit hit) {
    String id = hit.id() == null ? "" : hit.id();
    boolean full = FileId.problem(id).isEmpty();
    String note = full ? ""
        : FileId.isLegacyId(id) ? "A file of the original program: get it with  p2p get " + id
        : "Not a valid file ID";
    String size = hit.size() < 0 ? "?" : Units.bytes(hit.size());
    return new SearchResultRow(id, String.valueOf(hit.name()), size, hit.seeders(), hit.peers(),
        availability(hit.seeders()), full, note);
  }

  /** The file ID to download, for a row that offers it. */
  public Optional<FileId> fileId() {
    return downloadable ? Optional.of(new FileId(id)) : Optional.empty();
  }

  /** A 16-hex ID: a file of the original program, fetched with {@code p2p get ID}. */
  public boolean original() {
    return FileId.isLegacyId(id);
  }

  static String availability(int seeders) {
    if (seeders >= HIGH_SEEDERS) return "High";
    return seeders > 0 ? "Medium" : "None";
  }
}
