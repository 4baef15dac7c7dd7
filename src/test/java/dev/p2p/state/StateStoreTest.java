package dev.p2p.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.storage.FileId;
import dev.p2p.storage.Hashing;
import dev.p2p.storage.Manifest;
import dev.p2p.storage.ManifestCache;
import dev.p2p.storage.ShareKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {
  @TempDir Path dir;

  static final FileId A = new FileId("a".repeat(64));
  static final FileId B = new FileId("b".repeat(64));

  private Path db() {
    return dir.resolve(StateStore.FILE);
  }

  /** Runs raw SQL on the file, as another program (or a person with sqlite3) would. */
  private void sql(String... statements) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db()); Statement s = c.createStatement()) {
      for (String q : statements) s.execute(q);
    }
  }

  private static StateStore.Ended ended(FileId id, String name, int i) {
    return new StateStore.Ended(id, name, 1000 + i, Instant.ofEpochMilli(1_700_000_000_000L + i), i % 2 == 0,
        i % 2 == 0 ? "" : "no peers", 12.5 * i, i % 4);
  }

  @Test
  void aNewFileIsPrivateToItsOwnerAndAtThisCodesVersion() throws Exception {
    try (StateStore s = StateStore.open(dir.resolve("fresh"))) {
      assertEquals(Schema.MIGRATIONS.size(), s.version());
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(s.file())));
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("fresh"))));
    }
  }

  @Test
  void anOlderFileIsMigratedInOrderAndKeepsItsRows() throws Exception {
    Path file = dir.resolve("music.mp3");
    try (StateStore v1 = StateStore.open(dir, Schema.MIGRATIONS.subList(0, 1))) {
      assertEquals(1, v1.version());
      v1.putShare(new StateStore.Share(A, file, "music.mp3", 42, Optional.empty()));
      assertThrows(StateStore.Unusable.class, v1::totals, "version 1 has no totals yet");
    }
    try (StateStore now = StateStore.open(dir)) {
      assertEquals(2, now.version());
      assertEquals(List.of(new StateStore.Share(A, file, "music.mp3", 42, Optional.empty())), now.shares());
      now.addTotals(5, 7);
      assertEquals(new StateStore.Totals(5, 7), now.totals());
    }
  }

  @Test
  void aNewerSchemaIsRefusedInOneLineAndLeftUntouched() throws Exception {
    StateStore.open(dir).close();
    sql("PRAGMA user_version = 99");
    byte[] before = Files.readAllBytes(db());
    StateStore.Unusable e = assertThrows(StateStore.Unusable.class, () -> StateStore.open(dir));
    assertTrue(e.getMessage().contains(db().toString()) && e.getMessage().contains("schema version 99, newer"),
        e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
    assertArrayEquals(before, Files.readAllBytes(db()));
  }

  @Test
  void aFileThatIsNotADatabaseIsRefusedInOneLineNamingItAndLeftAsItIs() throws Exception {
    byte[] junk = "this is not a database, but it is someone's file\n".repeat(100).getBytes();
    Files.write(db(), junk);
    StateStore.Unusable e = assertThrows(StateStore.Unusable.class, () -> StateStore.open(dir));
    assertEquals("cannot use " + db() + ": file is not a database", e.getMessage());
    assertArrayEquals(junk, Files.readAllBytes(db()));
  }

  @Test
  void aFileLockedByAnotherProcessIsRefusedInOneLineOnceTheWaitIsOver() throws Exception {
    StateStore.open(dir).close();
    try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db()); Statement s = other.createStatement()) {
      s.execute("BEGIN EXCLUSIVE"); // holds the lock until closed, as a stuck process would
      long t0 = System.nanoTime();
      StateStore.Unusable e = assertThrows(StateStore.Unusable.class,
          () -> StateStore.open(dir, Schema.MIGRATIONS, 200));
      assertTrue((System.nanoTime() - t0) / 1_000_000 >= 200, "it waited for the lock first");
      assertEquals("cannot use " + db() + ": database is locked", e.getMessage());
    }
    try (StateStore s = StateStore.open(dir)) {
      assertEquals(new StateStore.Totals(0, 0), s.totals(), "usable again once the lock is gone");
    }
  }

  @Test
  void sharesAreKeptByIdWithAPrivateSharesKeyAndLimits() {
    ShareKey key = ShareKey.generate();
    StateStore.Share pub = new StateStore.Share(A, dir.resolve("a.bin"), "a.bin", 10, Optional.empty());
    StateStore.Share priv = new StateStore.Share(B, dir.resolve("b.bin"), "b.bin", 20,
        Optional.of(new StateStore.Secret(key, 1_900_000_000L, 3)));
    try (StateStore s = StateStore.open(dir)) {
      s.putShare(pub);
      s.putShare(priv);
      assertEquals(List.of(pub, priv), s.shares());
      StateStore.Share moved = new StateStore.Share(A, dir.resolve("c.bin"), "a.bin", 10, Optional.empty());
      s.putShare(moved); // one ID is served from one path
      s.removeShare(B);
      assertEquals(List.of(moved), s.shares());
    }
  }

  @Test
  void downloadsInProgressAreKeptUntilRemovedAndNamedWhenKnown() {
    Instant t = Instant.ofEpochMilli(1_700_000_000_123L);
    ShareKey key = ShareKey.generate();
    try (StateStore s = StateStore.open(dir)) {
      s.putDownload(new StateStore.Download(A, dir.resolve("out"), "", Optional.empty(), t));
      s.putDownload(new StateStore.Download(B, dir.resolve("out"), "", Optional.of(
          new StateStore.Secret(key, null, null)), t.plusMillis(1)));
      s.nameDownload(A, "film.mkv");
      assertEquals(List.of(new StateStore.Download(A, dir.resolve("out"), "film.mkv", Optional.empty(), t),
          new StateStore.Download(B, dir.resolve("out"), "", Optional.of(new StateStore.Secret(key, null, null)),
              t.plusMillis(1))), s.downloads());
      s.removeDownload(A);
      assertEquals(List.of(B), s.downloads().stream().map(StateStore.Download::id).toList());
    }
  }

  @Test
  void historyIsNewestFirstAndKeepsTheLastThousand() {
    try (StateStore s = StateStore.open(dir)) {
      for (int i = 0; i < StateStore.MAX_HISTORY + 5; i++) s.addHistory(ended(i % 2 == 0 ? A : B, "f" + i, i));
      List<StateStore.Ended> all = s.history(5000);
      assertEquals(StateStore.MAX_HISTORY, all.size());
      assertEquals("f5", all.get(all.size() - 1).name(), "the five oldest were dropped");
      assertEquals(List.of(ended(A, "f1004", 1004), ended(B, "f1003", 1003)), s.history(2));
    }
  }

  @Test
  void totalsAddUpAcrossReopensAndIgnoreNegativeAmounts() {
    try (StateStore s = StateStore.open(dir)) {
      assertEquals(new StateStore.Totals(0, 0), s.totals());
      s.addTotals(100, 1);
      s.addTotals(-50, 2);
    }
    try (StateStore s = StateStore.open(dir)) {
      assertEquals(new StateStore.Totals(100, 3), s.totals());
    }
  }

  @Test
  void rowsDamagedOutsideTheProgramAreSkipped() throws Exception {
    try (StateStore s = StateStore.open(dir)) {
      s.putShare(new StateStore.Share(A, dir.resolve("a.bin"), "a.bin", 10, Optional.empty()));
      s.putShare(new StateStore.Share(B, dir.resolve("b.bin"), "b.bin", 10, Optional.empty()));
      sql("UPDATE shares SET id = '../../etc' WHERE name = 'a.bin'", "UPDATE shares SET path = 'relative' WHERE name = 'b.bin'",
          "INSERT INTO shares VALUES ('" + "c".repeat(64) + "', '/x', 'x', -5, 0, NULL, NULL, NULL, 0)",
          "INSERT INTO shares VALUES ('" + "d".repeat(64) + "', '/y', 'y', 1, 1, 'not a key', NULL, NULL, 0)");
      assertEquals(List.of(), s.shares());
    }
  }

  @Test
  void theManifestCacheLivesInTheFileKeepsTheNewestEntriesAndSurvivesAReopen() throws Exception {
    Path f = Files.write(dir.resolve("f.bin"), new byte[3000]);
    Manifest m = Hashing.manifest(f, "f.bin", 1024, n -> {});
    try (StateStore s = StateStore.open(dir)) {
      ManifestCache cache = s.manifests();
      for (int i = 0; i <= ManifestCache.MAX_ENTRIES; i++) cache.record(dir.resolve("f" + i + ".bin"), m, FileTime.fromMillis(i));
      cache.record(f, m, Files.getLastModifiedTime(f));
    }
    try (StateStore s = StateStore.open(dir)) {
      assertEquals(m, s.manifests().lookup(f).orElseThrow().manifest());
      assertFalse(s.manifestEntries().read(dir.resolve("f0.bin").toString()).isPresent(), "the oldest went first");
      assertTrue(s.manifestEntries().read(dir.resolve("f2.bin").toString()).isPresent());
      sql("UPDATE manifests SET entry = zeroblob(" + (ManifestCache.MAX_ENTRY_BYTES + 1) + ") WHERE path = '" + f + "'");
      assertFalse(s.manifests().lookup(f).isPresent(), "an entry over the cap is not read");
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db()); Statement st = c.createStatement()) {
      var r = st.executeQuery("SELECT count(*) FROM manifests");
      r.next();
      assertEquals(ManifestCache.MAX_ENTRIES, r.getInt(1));
    }
  }
}
