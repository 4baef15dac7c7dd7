/**
 * The wire protocol as values: every message as a validated record ({@code Message}), the strict
 * JSON and binary codec and the length-prefixed framing ({@code Codec}), and the exception for
 * bad input. No actors and no sockets: tested by feeding bytes, split at every offset. The byte
 * layout is documented in docs/protocol.md.
 */
package dev.p2p.protocol;
