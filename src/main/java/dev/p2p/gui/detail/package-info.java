/**
 * Detail of the selected transfer under the transfers table: its piece map and its speed graph.
 * {@code TransferDetailViewModel} keeps, per transfer, what the node's events say
 * ({@link dev.p2p.gui.detail.PieceMap}, {@link dev.p2p.gui.detail.SpeedHistory}: plain classes);
 * {@code TransferDetailPane} draws them.
 */
package dev.p2p.gui.detail;
