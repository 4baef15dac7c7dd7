/**
 * The original Python program's wire format (Nadim-2003/P2P-File-Sharing), as values and bytes:
 * its 8-byte length framing, its JSON written as Python's {@code json.dumps} writes it, and a
 * strict reader for what its nodes send. Everything it receives is untrusted (the original has no
 * limits of its own). docs/protocol.md, section "The original's protocol", gives the byte layout.
 */
package dev.p2p.protocol.legacy;
