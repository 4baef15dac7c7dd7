package dev.p2p.gui;

import java.nio.file.Path;

/**
 * Opens a file or a folder with the desktop's default application ("Open file", "Open folder").
 * The window uses JavaFX's host services; tests record the paths. A failure throws an unchecked
 * exception whose message is one line for the user.
 */
@FunctionalInterface
public interface PathOpener {
  void open(Path path);
}
