package dev.p2p.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.protocol.Message.PeerInfo;
import dev.p2p.protocol.SearchResult;
import dev.p2p.protocol.SearchResult.Found;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SEARCH over our public files and the original's registrations: one index, most seeders first. */
class NameSearchTest {
  final PublishedFiles published = new PublishedFiles(50, new LegacyFiles(100, 100));

  static Manifest file(char c, String name) {
    return new Manifest(new FileId(String.valueOf(c).repeat(64)), name, 0, 1024, List.of());
  }

  /** Publishes {@code m} with {@code seeders} whole and {@code partial} partial holders. */
  void share(Manifest m, int seeders, int partial) {
    FileVariants f = new FileVariants(m.id());
    for (int i = 0; i < seeders + partial; i++) {
      f.register(m, new PeerInfo("n" + i, "10.0.0." + (i + 1), 7000), "", i < seeders);
    }
    f.publishTo(published);
  }

  @Test
  void matchesCaseInsensitiveSubstringsOfTrimmedWords() {
    assertTrue(NameSearch.matches("Holiday-PHOTOS.zip", NameSearch.term("  photos ")));
    assertTrue(NameSearch.matches("abc", ""));
    assertFalse(NameSearch.matches("ph", "photos"));
    assertFalse(NameSearch.matches("Holiday.zip", "photos"));
  }

  @Test
  void listsOursByFullIdAndTheOriginalsByShortIdMostSeedersFirst() {
    share(file('a', "report-2024.pdf"), 1, 2);
    share(file('b', "Report-2025.pdf"), 2, 0);
    share(file('c', "unrelated.txt"), 5, 0);
    published.legacy().register("0123456789abcdef", "old REPORT.doc", 4,
        new PeerInfo("-MT0001-0123456789ab", "10.9.9.9", 6001));

    SearchResult r = NameSearch.search(published, " report", 100);
    assertEquals(List.of(
        new Found("b".repeat(64), "Report-2025.pdf", 0, 0, 2, 2),
        new Found("a".repeat(64), "report-2024.pdf", 0, 0, 1, 3),
        new Found("0123456789abcdef", "old REPORT.doc", -1, 4, 1, 1)), r.files());
    assertEquals(3, r.total());
  }

  @Test
  void atMostTheGivenNumberIsListedAndTheTotalCountsEveryMatch() {
    for (char c : "abcdef".toCharArray()) share(file(c, "song-" + c + ".mp3"), c - 'a' + 1, 0);
    SearchResult r = NameSearch.search(published, "SONG", 2);
    assertEquals(List.of("f".repeat(64), "e".repeat(64)), r.files().stream().map(Found::fileId).toList());
    assertEquals(6, r.total());
  }

  @Test
  void aFileGoneFromTheRegistryIsNoLongerFound() {
    Manifest m = file('a', "song.mp3");
    FileVariants f = new FileVariants(m.id());
    f.register(m, new PeerInfo("n", "10.0.0.1", 7000), "");
    f.publishTo(published);
    f.remove(new PeerInfo("n", "10.0.0.1", 7000).address());
    f.publishTo(published);
    assertEquals(0, NameSearch.search(published, "song", 10).total());
    assertTrue(published.byLegacyId("aaaaaaaaaaaaaaaa").isEmpty());
  }
}
