/**
 * The Search tab: words typed in a box go to the tracker through the node's facade; each file
 * found is listed with its full ID beside its name, its size, seeders and peers and an
 * availability hint, and one click downloads it. {@code SearchPane} binds and forwards; {@code
 * SearchViewModel} holds the state and is tested without the toolkit.
 */
package dev.p2p.gui.search;
