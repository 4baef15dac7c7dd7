package dev.p2p.protocol;

import dev.p2p.storage.FileId;
import java.util.List;
import java.util.Locale;

/**
 * The tracker's answer to SEARCH: at most {@link #MAX_FILES} files, most seeders first, and how
 * many matched in all ({@code total}, at least the files listed). Private shares never appear.
 */
public record SearchResult(List<Found> files, int total) implements Message {
  /** Most files one answer lists: enough to pick from, small enough for one frame. */
  public static final int MAX_FILES = 100;

  public SearchResult {
    files = List.copyOf(files);
    Checks.range("files", files.size(), 0, MAX_FILES);
    Checks.range("total", total, files.size(), Integer.MAX_VALUE);
  }

  /**
   * One file found. {@code fileId}: the full 64-hex ID, or only the 16-hex ID of the original
   * program for a file its peers registered (their registrations carry no size and no hashes:
   * {@code fileSize} is then -1 and {@code numChunks} what they said). {@code seeders}: how many
   * registrants hold all of it; {@code peers}: how many in all.
   */
  public record Found(String fileId, String filename, long fileSize, int numChunks, int seeders,
      int peers) {
    public Found {
      if (!FileId.isValid(fileId) && !legacyId(fileId)) {
        throw new IllegalArgumentException("file_id must be 64 or 16 lowercase hex characters");
      }
      Checks.text("filename", filename, 255);
      Checks.range("file_size", fileSize, -1, Long.MAX_VALUE);
      Checks.range("num_chunks", numChunks, 0, Integer.MAX_VALUE);
      Checks.range("peers", peers, 0, Integer.MAX_VALUE);
      Checks.range("seeders", seeders, 0, peers);
    }

    private static boolean legacyId(String id) {
      return FileId.isLegacyId(id) && id.equals(id.toLowerCase(Locale.ROOT));
    }
  }
}
