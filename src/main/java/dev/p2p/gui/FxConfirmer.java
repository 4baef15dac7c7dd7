package dev.p2p.gui;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.stage.Window;

/** A modal OK/Cancel dialog over {@code owner}. Must be used on the JavaFX application thread. */
public final class FxConfirmer implements Confirmer {
  private final Window owner;

  public FxConfirmer(Window owner) {
    this.owner = owner;
  }

  @Override
  public boolean confirm(String question, String detail) {
    Alert alert = new Alert(Alert.AlertType.CONFIRMATION, detail, ButtonType.OK, ButtonType.CANCEL);
    alert.initOwner(owner);
    alert.setHeaderText(question);
    return alert.showAndWait().filter(ButtonType.OK::equals).isPresent();
  }
}
