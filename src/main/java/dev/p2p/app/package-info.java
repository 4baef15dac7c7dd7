/**
 * The composition of a process: the root guardian, one {@code PeerGuardian} per peer node (the
 * supervisor that owns the node's library, downloads and registrations), the tracker, and the
 * {@code NodeFacade} that the CLI and the window use ({@code LocalPeer} implements it). Nothing
 * above this package addresses an actor; nothing below it knows that a user interface exists.
 */
package dev.p2p.app;
