/**
 * The clustered tracker: the registry sharded over a Pekko cluster of tracker nodes, one {@code
 * FileEntry} entity per file ID (shard = the ID's first two hex digits), each node's {@code
 * TrackerServer} in front of it through a {@code ClusterBackend}, which also remembers what its own
 * clients registered and sends it again when the membership changes (the registry is soft state:
 * an entity on a lost node comes back empty on another). Depends on {@code tracker} (the per-file
 * rules, the server) and the layers below; nothing in {@code tracker} depends on it.
 */
package dev.p2p.tracker.cluster;
