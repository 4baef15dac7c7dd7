/**
 * The node's persistent state: one embedded SQLite file, {@code state.db} in the state folder
 * ({@code p2p.state-dir}), holding what the node shares, its downloads in progress, the history of
 * ended downloads, the byte totals, and the verified-manifest cache. Opened in WAL mode; every
 * write is its own transaction, so a killed process loses nothing committed. The schema is
 * versioned ({@code PRAGMA user_version}) and migrated forward at open; a file of a newer schema,
 * or one that is damaged, is refused and never rewritten. Plain JDBC: callers keep it off actor
 * threads. What is read back is disk input and is validated as such.
 */
package dev.p2p.state;
