/**
 * The settings dialog (tracker address, peer port, download folder) and the file it is saved
 * to; the view model validates and formats, the view only binds.
 */
package dev.p2p.gui.settings;
