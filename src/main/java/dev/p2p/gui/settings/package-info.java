/**
 * The settings dialog (tracker address, peer port, download folder, speed limits,
 * notifications), the speed limits bar, and the file both save to; saving applies each change to
 * the running node and window. The view models validate and format, the views only bind.
 */
package dev.p2p.gui.settings;
