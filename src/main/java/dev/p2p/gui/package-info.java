/**
 * The JavaFX window's composition root ({@code AppWindow}, {@code P2pApp}, {@code Launcher}) and
 * the small platform adapters it needs (clipboard). Each screen lives in its own sub-package as a
 * thin view plus a view model that never touches {@code javafx.scene}.
 */
package dev.p2p.gui;
