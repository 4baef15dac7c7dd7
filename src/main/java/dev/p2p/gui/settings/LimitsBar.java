package dev.p2p.gui.settings;

import javafx.beans.binding.Bindings;
import javafx.beans.property.StringProperty;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;

/**
 * The speed limits in the window's status line: "↑ limit" and "↓ limit" fields bound to
 * {@link LimitsViewModel}, applied with Enter or "Apply"; the label beside them says what is in
 * force, or what is wrong with a field.
 */
public final class LimitsBar {
  private LimitsBar() {}

  public static Node create(LimitsViewModel vm) {
    TextField up = field("uploadLimitField", vm.uploadProperty(), vm);
    TextField down = field("downloadLimitField", vm.downloadProperty(), vm);
    Button apply = new Button("Apply");
    apply.setId("applyLimitsButton");
    apply.disableProperty().bind(vm.canApplyProperty().not());
    apply.setOnAction(e -> vm.apply());
    Label status = new Label();
    status.setId("limitsStatus");
    // A problem with a field first; otherwise what the last change did.
    status.textProperty().bind(Bindings.when(vm.problemProperty().isEmpty())
        .then(vm.statusProperty()).otherwise(vm.problemProperty()));
    HBox bar = new HBox(6, new Label("↑ limit"), up, new Label("↓ limit"), down, apply, status);
    bar.setAlignment(Pos.CENTER_LEFT);
    bar.setId("limitsBar");
    return bar;
  }

  private static TextField field(String id, StringProperty text, LimitsViewModel vm) {
    TextField f = new TextField();
    f.setId(id);
    f.setPrefColumnCount(7);
    f.setPromptText(RateText.UNLIMITED);
    f.setTooltip(new Tooltip("Bytes per second: 500K, 2M, or unlimited; applies at once"));
    f.textProperty().bindBidirectional(text);
    f.setOnAction(e -> {
      if (vm.canApplyProperty().get()) vm.apply();
    });
    return f;
  }
}
