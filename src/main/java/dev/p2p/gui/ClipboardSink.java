package dev.p2p.gui;

/**
 * Where "Copy ID" puts text. The window uses the system clipboard ({@link FxClipboard}); tests
 * record the text, so view models stay free of {@code javafx.scene}.
 */
@FunctionalInterface
public interface ClipboardSink {
  void putText(String text);
}
