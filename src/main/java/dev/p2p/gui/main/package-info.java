/**
 * The main window: the share and download bar, the transfers table, per-peer detail and the
 * status log. {@code MainView} binds and forwards; the view models hold the state, fed by the
 * node's events on the UI thread, and are tested without the toolkit.
 */
package dev.p2p.gui.main;
