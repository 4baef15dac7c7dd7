package dev.p2p.gui;

import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;

/** The system clipboard. Must be used on the JavaFX application thread. */
public final class FxClipboard implements ClipboardSink {
  @Override
  public void putText(String text) {
    ClipboardContent content = new ClipboardContent();
    content.putString(text);
    Clipboard.getSystemClipboard().setContent(content);
  }
}
