/**
 * The tracker: the {@code Registry} actor (file ID to manifest and peers, with a TTL per peer),
 * the immutable view it publishes for fast QUERY answers, the {@code TrackerServer} that speaks
 * the protocol over {@code net}, and the {@code TrackerClient} peers use to register and query.
 */
package dev.p2p.tracker;
