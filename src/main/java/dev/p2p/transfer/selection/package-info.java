/**
 * Which chunk to ask of which peer: {@code ChunkPicker} (rarest first with random ties, in order
 * once every peer is complete, duplicates in the end game). Pure and table-tested.
 */
package dev.p2p.transfer.selection;
