package dev.p2p.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.protocol.Message.PeerInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The original's registrations: kept until withdrawn, bounded per host and in all, oldest dropped. */
class LegacyFilesTest {
  static final String A = "aaaaaaaaaaaaaaaa";
  static final String B = "bbbbbbbbbbbbbbbb";
  static final String C = "cccccccccccccccc";

  static PeerInfo peer(String id, String host, int port) {
    return new PeerInfo(id, host, port);
  }

  @Test
  void aSecondRegistrationOfTheSamePeerAtTheSameHostMovesItToItsNewPort() {
    LegacyFiles files = new LegacyFiles(10, 10);
    files.register(A, "a.txt", 1, peer("p1", "10.0.0.1", 6001));
    files.register(A, "renamed.txt", 5, peer("p1", "10.0.0.1", 6002));
    assertEquals(new LegacyFiles.Listed(A, "a.txt", 1, List.of(peer("p1", "10.0.0.1", 6002))),
        files.get(A).orElseThrow());
    assertEquals(1, files.size());
  }

  @Test
  void theSamePeerIdFromAnotherHostIsAnotherRegistrantAndCannotWithdrawTheFirst() {
    LegacyFiles files = new LegacyFiles(10, 10);
    files.register(A, "a.txt", 1, peer("p1", "10.0.0.1", 6001));
    files.register(A, "a.txt", 1, peer("p1", "6.6.6.6", 6001));
    assertFalse(files.unregister(A, "6.6.6.7", "p1"));
    assertTrue(files.unregister(A, "6.6.6.6", "p1"));
    assertEquals(List.of(peer("p1", "10.0.0.1", 6001)), files.get(A).orElseThrow().peers());
    assertTrue(files.unregister(A, "10.0.0.1", "p1"));
    assertEquals(Optional.empty(), files.get(A));
  }

  @Test
  void aHostAtItsCapIsRefusedUntilItWithdrawsOne() {
    LegacyFiles files = new LegacyFiles(10, 2);
    assertEquals(Optional.empty(), files.register(A, "a", 1, peer("p1", "10.0.0.1", 6001)));
    assertEquals(Optional.empty(), files.register(B, "b", 1, peer("p1", "10.0.0.1", 6001)));
    assertEquals(Optional.of("too many registrations from 10.0.0.1 (limit 2)"),
        files.register(C, "c", 1, peer("p1", "10.0.0.1", 6001)));
    // A refresh of an entry it holds is no new one; another host is not affected.
    assertEquals(Optional.empty(), files.register(A, "a", 1, peer("p1", "10.0.0.1", 6009)));
    assertEquals(Optional.empty(), files.register(C, "c", 1, peer("p1", "10.0.0.2", 6001)));
    files.unregister(B, "10.0.0.1", "p1");
    assertEquals(Optional.empty(), files.register(C, "c", 1, peer("p1", "10.0.0.1", 6001)));
  }

  @Test
  void beyondTheTotalCapTheRegistrationMadeLongestAgoIsDropped() {
    LegacyFiles files = new LegacyFiles(2, 10);
    files.register(A, "a", 1, peer("p1", "10.0.0.1", 6001));
    files.register(B, "b", 1, peer("p2", "10.0.0.2", 6001));
    files.register(A, "a", 1, peer("p1", "10.0.0.1", 6001));   // refreshed: now the newest
    files.register(C, "c", 1, peer("p3", "10.0.0.3", 6001));
    assertEquals(2, files.size());
    assertEquals(Optional.empty(), files.get(B));
    assertTrue(files.get(A).isPresent());
    assertTrue(files.get(C).isPresent());
  }

  @Test
  void searchMatchesNamesIgnoringCase() {
    LegacyFiles files = new LegacyFiles(10, 10);
    files.register(A, "Holiday PHOTOS.zip", 3, peer("p1", "10.0.0.1", 6001));
    files.register(B, "notes.txt", 1, peer("p1", "10.0.0.1", 6001));
    List<String> found = new ArrayList<>();
    files.forEachMatching(NameSearch.term(" photos "), l -> found.add(l.shortId()));
    assertEquals(List.of(A), found);
  }
}
