/**
 * The History tab (finished, failed and cancelled downloads as the node keeps them, with a filter
 * box) and the window's totals line (bytes uploaded and downloaded over all runs). Views bind;
 * {@code HistoryViewModel} and {@code TotalsViewModel} hold the state, ask the node's facade and
 * are tested without the toolkit.
 */
package dev.p2p.gui.history;
