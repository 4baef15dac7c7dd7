package dev.p2p.net;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnownTrackersTest {
  static final String A = "a".repeat(64);
  static final String B = "b".repeat(64);

  @TempDir Path dir;

  @Test
  void theFirstNodeIdSeenOnAnAddressIsKeptAndAnotherIsRefusedLater() throws Exception {
    KnownTrackers.in(dir).pinFor("10.0.0.1:5000").check(A);
    assertEquals(List.of("10.0.0.1:5000 " + A), Files.readAllLines(dir.resolve(KnownTrackers.FILE)));
    KnownTrackers later = KnownTrackers.in(dir);
    assertDoesNotThrow(() -> later.pinFor("10.0.0.1:5000").check(A));
    Transport.WrongPeer e = assertThrows(Transport.WrongPeer.class,
        () -> later.pinFor("10.0.0.1:5000").check(B));
    assertTrue(e.getMessage().startsWith("tracker 10.0.0.1:5000 presented node ID bbbbbbbbbbbbbbbb…, but it was aaaaaaaaaaaaaaaa…"),
        e.getMessage());
    assertTrue(e.getMessage().contains(dir.resolve(KnownTrackers.FILE).toString()), e.getMessage());
    // Another address is another tracker.
    assertDoesNotThrow(() -> later.pinFor("10.0.0.1:5001").check(B));
  }

  @Test
  void linesThatAreNotOursAreIgnored() throws Exception {
    Files.writeString(dir.resolve(KnownTrackers.FILE), "# comment\nx:1 nothex\n10.0.0.1:5000 " + A + "\n");
    assertThrows(Transport.WrongPeer.class, () -> KnownTrackers.in(dir).pinFor("10.0.0.1:5000").check(B));
    assertDoesNotThrow(() -> KnownTrackers.in(dir).pinFor("x:1").check(B));
  }

  @Test
  void withoutAStateFolderEveryTrackerIsAccepted() {
    KnownTrackers none = KnownTrackers.none();
    none.pinFor("h:1").check(A);
    assertDoesNotThrow(() -> none.pinFor("h:1").check(B));
  }
}
