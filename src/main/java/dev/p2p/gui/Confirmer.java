package dev.p2p.gui;

/**
 * Asks the user a yes/no question before something that cannot be undone (e.g. deleting a
 * download's {@code .part}). The window shows a modal dialog ({@link FxConfirmer}); tests answer
 * with a lambda, so view models stay free of {@code javafx.scene} and tests need no dialog.
 * Called on the UI thread; returns only once the user has answered.
 */
@FunctionalInterface
public interface Confirmer {
  /** True if the user agreed to {@code question}; {@code detail} says what will happen. */
  boolean confirm(String question, String detail);
}
