/**
 * What a process counts about itself, for Prometheus: the tracker's registrations and queries,
 * every server's connections, refusals and bytes, a node's chunks, bytes and bans
 * ({@code Meters}). Plain Java on Micrometer: the engine and the transport call one increment
 * per event (a chunk, a connection), never per byte buffer; the endpoint that serves the text
 * lives in {@code app.ops}.
 */
package dev.p2p.metrics;
