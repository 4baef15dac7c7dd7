package dev.p2p.gui.settings;

import static dev.p2p.gui.UiCalls.call;
import static dev.p2p.gui.UiCalls.onUi;

import dev.p2p.app.NodeFacade;
import dev.p2p.text.UserText;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The window's speed limits bar: an upload and a download limit ({@link RateText}: "unlimited",
 * "500K", "2M"), applied to the running node at once ({@link NodeFacade#setLimits}) and saved in
 * the GUI's settings file for the next start. The Settings dialog changes them through
 * {@link #change}, so the bar always shows the limits in force.
 */
public final class LimitsViewModel {
  private final NodeFacade node;
  private final GuiSettingsFile file;
  private final GuiSettingsFile.Values defaults;
  private final Executor uiExecutor;
  private final StringProperty upload = new SimpleStringProperty(this, "upload", "");
  private final StringProperty download = new SimpleStringProperty(this, "download", "");
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
  private final StringBinding problem;
  private final BooleanBinding canApply;
  private long upNow;
  private long downNow;

  /**
   * @param defaults the settings the node started with: its limits are those in force, and the
   *     other values are what the settings file gets for keys it lacks when the limits are saved
   */
  public LimitsViewModel(NodeFacade node, GuiSettingsFile file, GuiSettingsFile.Values defaults,
      Executor uiExecutor) {
    this.node = node;
    this.file = file;
    this.defaults = defaults;
    this.uiExecutor = uiExecutor;
    upNow = defaults.uploadLimit();
    downNow = defaults.downloadLimit();
    show(upNow, downNow);
    problem = Bindings.createStringBinding(this::findProblem, upload, download);
    // Apply is for a change: unchanged fields (however written) have nothing to apply.
    canApply = Bindings.createBooleanBinding(() -> problem.get().isEmpty()
        && (RateText.parse(upload.get(), "") != upNow || RateText.parse(download.get(), "") != downNow),
        problem);
  }

  /** The upload limit as typed. */
  public StringProperty uploadProperty() {
    return upload;
  }

  /** The download limit as typed. */
  public StringProperty downloadProperty() {
    return download;
  }

  /** What is wrong with the fields, or empty. */
  public StringBinding problemProperty() {
    return problem;
  }

  public BooleanBinding canApplyProperty() {
    return canApply;
  }

  /** The limits in force, or why a change failed. */
  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  public long uploadLimit() {
    return upNow;
  }

  public long downloadLimit() {
    return downNow;
  }

  /** Applies the fields to the node and, once it has them, saves them; nothing if invalid. */
  public void apply() {
    if (!problem.get().isEmpty()) return;
    long up = RateText.parse(upload.get(), "");
    long down = RateText.parse(download.get(), "");
    change(up, down).thenAccept(v -> {
      try {
        file.write(file.read(defaults).withLimits(up, down));
      } catch (RuntimeException e) {
        status.set(status.get() + "; not saved for the next start: " + UserText.firstLine(e));
      }
    });
  }

  /**
   * Sets the node's limits to {@code up} and {@code down} bytes per second (0: none); the stage
   * completes on the UI executor with the bar showing them, or fails with the bar's status saying
   * why (the limits in force stay). The caller saves them if it should.
   */
  public CompletionStage<Void> change(long up, long down) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    onUi(call(() -> node.setLimits(up, down)), uiExecutor, (v, failure) -> {
      if (failure != null) {
        status.set("Limits not changed: " + UserText.firstLine(failure));
        done.completeExceptionally(failure);
        return;
      }
      upNow = up;
      downNow = down;
      show(up, down);
      status.set(text(up, down));
      done.complete(null);
    });
    return done;
  }

  /** "Limits now ↑ 2M/s, ↓ unlimited." */
  static String text(long up, long down) {
    return "Limits now ↑ " + RateText.perSecond(up) + ", ↓ " + RateText.perSecond(down) + ".";
  }

  private void show(long up, long down) {
    upload.set(RateText.format(up));
    download.set(RateText.format(down));
    // The fields changed without the bindings' dependency on them changing shape: recompute.
    if (canApply != null) canApply.invalidate();
  }

  private String findProblem() {
    try {
      RateText.parse(upload.get(), "Upload limit");
      RateText.parse(download.get(), "Download limit");
      return "";
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }
}
