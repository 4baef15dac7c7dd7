package dev.p2p.state;

import dev.p2p.storage.FileId;
import dev.p2p.storage.ManifestCache;
import dev.p2p.storage.ShareKey;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The node's state in {@code state.db} (one SQLite file in the state folder). Opening it creates
 * the file (mode 0600, as the identity beside it) or migrates it to this code's schema version
 * ({@link Schema}); a newer version, a damaged or a locked file is {@link Unusable}, left as it
 * is. WAL journal with {@code synchronous=NORMAL}: a commit survives the process being killed
 * (WAL's contract); only a power loss may take the last commits back, never the file's
 * integrity, and each commit costs no fsync.
 *
 * <p>Each method is one transaction and is safe from any thread (one connection, serialised);
 * every one blocks on the disk: call them on a blocking dispatcher. A failure is {@link Unusable},
 * whose message is one line naming the file. Rows read back are checked; a malformed one is
 * skipped.
 */
public final class StateStore implements AutoCloseable {
  /** The file's name in the state folder. */
  public static final String FILE = "state.db";

  /** Ended downloads kept; adding one more removes the oldest. */
  public static final int MAX_HISTORY = 1000;

  /**
   * How long a statement waits for another process's write lock (a window and a {@code get} of
   * the same user share the file); a write takes milliseconds, so 5 s only runs out against a
   * process that holds the lock for ever.
   */
  static final int BUSY_TIMEOUT_MS = 5000;

  /** Longest text (path, name, reason) read back; a longer one marks its row as damaged. */
  static final int MAX_TEXT = 8192;

  /** The state cannot be used: the message is one line and names the file. */
  public static final class Unusable extends RuntimeException {
    Unusable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** A private share's secret and limits: {@code expiresAt} epoch seconds, either may be null (none). */
  public record Secret(ShareKey key, Long expiresAt, Integer maxDownloads) {}

  /** A file the node shares, from {@code path}; {@code secret} present for a private share. */
  public record Share(FileId id, Path path, String name, long size, Optional<Secret> secret) {}

  /** A download in progress into {@code outDir} ({@code name} "" until the tracker said it). */
  public record Download(FileId id, Path outDir, String name, Optional<Secret> secret, Instant started) {}

  /** An ended download, as the history keeps it. */
  public record Ended(FileId id, String name, long size, Instant ended, boolean completed,
      String reason, double bytesPerSecond, int peers) {}

  /** Bytes uploaded and downloaded over all runs. */
  public record Totals(long uploaded, long downloaded) {}

  private final Path file;
  private final Connection db;
  private final int version;

  private StateStore(Path file, Connection db, int version) {
    this.file = file;
    this.db = db;
    this.version = version;
  }

  /** Opens (creating or migrating) {@code dir/state.db}. */
  public static StateStore open(Path dir) {
    return open(dir, Schema.MIGRATIONS);
  }

  static StateStore open(Path dir, List<List<String>> migrations) {
    return open(dir, migrations, BUSY_TIMEOUT_MS);
  }

  static StateStore open(Path dir, List<List<String>> migrations, int busyTimeoutMs) {
    Path file = dir.toAbsolutePath().normalize().resolve(FILE);
    Connection db = null;
    try {
      create(file);
      db = DriverManager.getConnection("jdbc:sqlite:" + file);
      try (Statement s = db.createStatement()) {
        s.execute("PRAGMA busy_timeout = " + busyTimeoutMs);
        try (ResultSet r = s.executeQuery("PRAGMA journal_mode = WAL")) {
          if (!r.next() || !"wal".equalsIgnoreCase(r.getString(1))) throw new SQLException("WAL journal refused");
        }
        s.execute("PRAGMA synchronous = NORMAL");
      }
      int v = migrate(db, file, migrations);
      return new StateStore(file, db, v);
    } catch (IOException | SQLException | RuntimeException e) {
      closeQuietly(db);
      if (e instanceof Unusable u) throw u;
      throw new Unusable("cannot use " + file + ": " + why(e), e);
    } catch (LinkageError e) {
      // SQLite's native library is unpacked to java.io.tmpdir and loaded from there: a noexec
      // /tmp or another platform ends here.
      throw new Unusable("cannot use " + file + ": SQLite's native library did not load (" + e.getMessage()
          + "); set -Dorg.sqlite.tmpdir=DIR to a folder it may run from", e);
    }
  }

  /** Creates the file, mode 0600, and its folder (0700) when they do not exist yet. */
  private static void create(Path file) throws IOException {
    if (Files.exists(file)) return;
    Path dir = file.getParent();
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir);
      try {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      } catch (UnsupportedOperationException notPosix) {
        // Windows: the user profile's ACL keeps others out already
      }
    }
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException notPosix) {
      Files.createFile(file);
    } catch (FileAlreadyExistsException raced) {
      // another process made it first: fine
    }
  }

  /**
   * Applies the migrations the file lacks, in order, in one transaction that holds the write
   * lock from the start (BEGIN IMMEDIATE): two processes opening a new file do not both migrate.
   */
  private static int migrate(Connection db, Path file, List<List<String>> migrations) throws SQLException {
    try (Statement s = db.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      try {
        int at;
        try (ResultSet r = s.executeQuery("PRAGMA user_version")) {
          at = r.next() ? r.getInt(1) : 0;
        }
        if (at > migrations.size() || at < 0) {
          throw new Unusable(file + " has schema version " + at + ", newer than this p2p knows ("
              + migrations.size() + "): it is left untouched; run a newer p2p, or move the file away", null);
        }
        for (int i = at; i < migrations.size(); i++) {
          for (String sql : migrations.get(i)) s.execute(sql);
        }
        s.execute("PRAGMA user_version = " + migrations.size());
        s.execute("COMMIT");
        return migrations.size();
      } catch (SQLException | RuntimeException e) {
        s.execute("ROLLBACK");
        throw e;
      }
    }
  }

  /** The state file. */
  public Path file() {
    return file;
  }

  /** The schema version of the file (this code's, once opened). */
  public int version() {
    return version;
  }

  public synchronized void putShare(Share s) {
    update("INSERT OR REPLACE INTO shares (id, path, name, size, private, share_key, expires_at,"
        + " max_downloads, added) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", s.id().hex(), s.path().toString(),
        s.name(), s.size(), s.secret().isPresent() ? 1 : 0,
        s.secret().map(k -> k.key().encoded()).orElse(null), s.secret().map(Secret::expiresAt).orElse(null),
        s.secret().map(Secret::maxDownloads).orElse(null), System.currentTimeMillis());
  }

  public synchronized void removeShare(FileId id) {
    update("DELETE FROM shares WHERE id = ?", id.hex());
  }

  /** The recorded shares, oldest first. */
  public synchronized List<Share> shares() {
    return query("SELECT id, path, name, size, private, share_key, expires_at, max_downloads FROM shares"
        + " ORDER BY added, rowid", r -> new Share(new FileId(r.getString(1)), absolute(r.getString(2)),
        text(r.getString(3)), nonNegative(r.getLong(4)), secret(r.getInt(5) != 0, r, 6)));
  }

  public synchronized void putDownload(Download d) {
    update("INSERT OR REPLACE INTO downloads (id, out_dir, name, share_key, expires_at, started)"
        + " VALUES (?, ?, ?, ?, ?, ?)", d.id().hex(), d.outDir().toString(), d.name(),
        d.secret().map(k -> k.key().encoded()).orElse(null), d.secret().map(Secret::expiresAt).orElse(null),
        d.started().toEpochMilli());
  }

  /** Names download {@code id} (once the tracker has said its name). */
  public synchronized void nameDownload(FileId id, String name) {
    update("UPDATE downloads SET name = ? WHERE id = ?", name, id.hex());
  }

  public synchronized void removeDownload(FileId id) {
    update("DELETE FROM downloads WHERE id = ?", id.hex());
  }

  /** The downloads in progress, oldest first. */
  public synchronized List<Download> downloads() {
    return query("SELECT id, out_dir, name, share_key IS NOT NULL, share_key, expires_at, NULL, started"
        + " FROM downloads ORDER BY started, rowid", r -> new Download(new FileId(r.getString(1)),
        absolute(r.getString(2)), text(r.getString(3)), secret(r.getInt(4) != 0, r, 5),
        Instant.ofEpochMilli(r.getLong(8))));
  }

  /** Adds {@code e} to the history and drops the oldest beyond {@link #MAX_HISTORY}, at once. */
  public synchronized void addHistory(Ended e) {
    transaction(() -> {
      update("INSERT INTO history (id, name, size, ended, completed, reason, bytes_per_second, peers)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", e.id().hex(), e.name(), e.size(), e.ended().toEpochMilli(),
          e.completed() ? 1 : 0, e.reason(), e.bytesPerSecond(), e.peers());
      update("DELETE FROM history WHERE seq <= (SELECT MAX(seq) FROM history) - ?", MAX_HISTORY);
    });
  }

  /** At most {@code limit} ended downloads, newest first. */
  public synchronized List<Ended> history(int limit) {
    return query("SELECT id, name, size, ended, completed, reason, bytes_per_second, peers FROM history"
        + " ORDER BY seq DESC LIMIT " + Math.max(0, limit), r -> new Ended(new FileId(r.getString(1)),
        text(r.getString(2)), Math.max(-1, r.getLong(3)), Instant.ofEpochMilli(r.getLong(4)), r.getInt(5) != 0,
        text(r.getString(6)), Math.max(0, r.getDouble(7)), Math.max(0, r.getInt(8))));
  }

  /** Adds to the totals (a negative amount is ignored). */
  public synchronized void addTotals(long uploaded, long downloaded) {
    transaction(() -> {
      update("UPDATE totals SET bytes = bytes + ? WHERE name = 'uploaded'", Math.max(0, uploaded));
      update("UPDATE totals SET bytes = bytes + ? WHERE name = 'downloaded'", Math.max(0, downloaded));
    });
  }

  public synchronized Totals totals() {
    List<long[]> rows = query("SELECT name = 'uploaded', bytes FROM totals",
        r -> new long[] {r.getInt(1), Math.max(0, r.getLong(2))});
    long up = 0;
    long down = 0;
    for (long[] row : rows) {
      if (row[0] == 1) up = row[1];
      else down = row[1];
    }
    return new Totals(up, down);
  }

  /** The verified-manifest cache kept in this file (table {@code manifests}). */
  public ManifestCache manifests() {
    return ManifestCache.over(manifestEntries());
  }

  /** The cache's entries in this file, for a cache built elsewhere. */
  public ManifestCache.Entries manifestEntries() {
    return new Manifests(this);
  }

  @Override
  public synchronized void close() {
    closeQuietly(db);
  }

  // ---- JDBC plumbing, used by this class and by Manifests, under the store's lock ----

  interface RowReader<T> {
    T read(ResultSet r) throws SQLException;
  }

  interface Work {
    void run();
  }

  synchronized void update(String sql, Object... args) {
    try (PreparedStatement p = db.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) p.setObject(i + 1, args[i]);
      p.executeUpdate();
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  /** Rows of {@code sql}; a row {@code reader} rejects (a RuntimeException) is skipped. */
  synchronized <T> List<T> query(String sql, RowReader<T> reader, Object... args) {
    List<T> out = new ArrayList<>();
    try (PreparedStatement p = db.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) p.setObject(i + 1, args[i]);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          try {
            out.add(reader.read(r));
          } catch (RuntimeException damaged) {
            // a row changed outside this program: not ours to trust, nor to crash on
          }
        }
      }
    } catch (SQLException e) {
      throw failed(e);
    }
    return out;
  }

  /** Runs {@code work} as one transaction: all of it is committed, or none. */
  synchronized void transaction(Work work) {
    update("BEGIN IMMEDIATE");
    try {
      work.run();
      update("COMMIT");
    } catch (RuntimeException e) {
      try {
        update("ROLLBACK");
      } catch (Unusable alsoFailed) {
        // the first failure is the one to report
      }
      throw e;
    }
  }

  private Unusable failed(SQLException e) {
    return new Unusable("cannot use " + file + ": " + why(e), e);
  }

  /** SQLite's own words, without the driver's "[SQLITE_NOTADB]" prefix, its gloss and its second line. */
  private static String why(Exception e) {
    String m = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    int bracket = m.indexOf("] ");
    if (m.startsWith("[") && bracket > 0) m = m.substring(bracket + 2);
    // "File opened that is not a database file (file is not a database)": SQLite's own is inside.
    int open = m.lastIndexOf('(');
    if (open >= 0 && m.endsWith(")")) m = m.substring(open + 1, m.length() - 1);
    return m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  private static Optional<Secret> secret(boolean isPrivate, ResultSet r, int column) throws SQLException {
    if (!isPrivate) return Optional.empty();
    long expires = r.getLong(column + 1);
    Long expiresAt = r.wasNull() ? null : expires;
    int max = r.getInt(column + 2);
    Integer maxDownloads = r.wasNull() || max <= 0 ? null : max;
    return Optional.of(new Secret(ShareKey.parse(r.getString(column)), expiresAt, maxDownloads));
  }

  private static Path absolute(String text) {
    Path p = Path.of(text(text));
    if (!p.isAbsolute()) throw new IllegalArgumentException("not an absolute path: " + text);
    return p;
  }

  private static String text(String s) {
    if (s == null || s.length() > MAX_TEXT) throw new IllegalArgumentException("damaged text");
    return s;
  }

  private static long nonNegative(long n) {
    if (n < 0) throw new IllegalArgumentException("negative size");
    return n;
  }

  private static void closeQuietly(Connection c) {
    try {
      if (c != null) c.close();
    } catch (SQLException e) {
      // closing: nothing left to save
    }
  }
}
