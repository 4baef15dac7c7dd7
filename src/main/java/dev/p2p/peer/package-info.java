/**
 * A node's side of peer-to-peer links: the chunk server ({@code PeerServer}) serving chunks and
 * HAVE bitfields from the node's {@code Library}, the rate limiter, and the outgoing
 * {@code PeerConnection} actor (one TCP connection per remote peer, pipelined requests) that a
 * download uses.
 */
package dev.p2p.peer;
