/**
 * Downloading in the original Python program's protocol: a file known by its 16-hex short ID is
 * located through an original tracker (or ours, which speaks it too) and fetched one connection
 * per 256 KiB chunk from the peers listed, original ones and ours alike. Its chunks carry no
 * hashes, so nothing is checked before the end; the whole file's SHA-256 must then start with the
 * short ID (64 bits: "weakly verified") before it gets its name. Also the client side of the
 * original tracker's REGISTER / ANNOUNCE / UNREGISTER, for a node that seeds to original peers.
 */
package dev.p2p.transfer.legacy;
