/**
 * The tracker: the {@code Registry} actor (file ID to manifest and peers, with a TTL per peer),
 * the immutable view it publishes for fast QUERY answers (and, beside it, the index of names
 * SEARCH reads and the files by the original program's 16-hex IDs), the {@code TrackerServer}
 * that speaks the protocol over {@code net}, the {@code LegacyTracker} that answers the original
 * program's peers on the same port, and the {@code TrackerClient} peers use to register and query.
 */
package dev.p2p.tracker;
