package dev.p2p.state;

import java.util.List;

/**
 * The schema of {@code state.db}, as the migrations that build it: migration {@code i} (from 0)
 * takes the file from version {@code i} to {@code i + 1} ({@code PRAGMA user_version}). A
 * migration, once released, is never edited: a change is a new one at the end.
 */
final class Schema {
  private Schema() {}

  /** Version 1: what the node shares, its downloads in progress, the verified manifests. */
  private static final List<String> V1 = List.of(
      // One row per shared file ID (the node serves an ID from one path). A private share keeps
      // its key, so that its links keep working after a restart (the file is mode 0600, as the
      // node's identity beside it is).
      """
      CREATE TABLE shares (
        id TEXT PRIMARY KEY, path TEXT NOT NULL, name TEXT NOT NULL, size INTEGER NOT NULL,
        private INTEGER NOT NULL, share_key TEXT, expires_at INTEGER, max_downloads INTEGER,
        added INTEGER NOT NULL)""",
      """
      CREATE TABLE downloads (
        id TEXT PRIMARY KEY, out_dir TEXT NOT NULL, name TEXT NOT NULL,
        share_key TEXT, expires_at INTEGER, started INTEGER NOT NULL)""",
      """
      CREATE TABLE manifests (
        path TEXT PRIMARY KEY, entry BLOB NOT NULL, written INTEGER NOT NULL)""",
      "CREATE INDEX manifests_written ON manifests (written)");

  /** Version 2: ended downloads and the byte totals. */
  private static final List<String> V2 = List.of(
      """
      CREATE TABLE history (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL, name TEXT NOT NULL,
        size INTEGER NOT NULL, ended INTEGER NOT NULL, completed INTEGER NOT NULL,
        reason TEXT NOT NULL, bytes_per_second REAL NOT NULL, peers INTEGER NOT NULL)""",
      "CREATE TABLE totals (name TEXT PRIMARY KEY, bytes INTEGER NOT NULL)",
      "INSERT INTO totals (name, bytes) VALUES ('uploaded', 0), ('downloaded', 0)");

  /** Every migration, in order; {@code MIGRATIONS.size()} is the version this code writes. */
  static final List<List<String>> MIGRATIONS = List.of(V1, V2);
}
