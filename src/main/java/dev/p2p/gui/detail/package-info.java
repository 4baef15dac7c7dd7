/**
 * Detail of the selected transfer under the transfers table: its piece map and its speed graph.
 * {@code TransferDetailViewModel} keeps, per transfer, what the node's events say
 * ({@code ChunkStates}, one byte per chunk, shown as {@link dev.p2p.gui.detail.PieceMap} snapshots,
 * and {@link dev.p2p.gui.detail.SpeedHistory}: plain classes);
 * {@code TransferDetailPane} draws them.
 */
package dev.p2p.gui.detail;
