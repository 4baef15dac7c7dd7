package dev.p2p.gui.history;

import static dev.p2p.gui.UiCalls.call;
import static dev.p2p.gui.UiCalls.onUi;

import dev.p2p.app.NodeFacade;
import dev.p2p.app.NodeFacade.Totals;
import dev.p2p.text.Units;
import dev.p2p.text.UserText;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The window's totals line: bytes this node uploaded and downloaded over all its runs ({@link
 * NodeFacade#totals}), e.g. {@code Uploaded 1.5 GiB · Downloaded 300.0 MiB}, or why they could
 * not be read. {@link #refresh} is called periodically and when a download ends; while one read
 * is under way another is not started, so a slow node is not asked again and again.
 */
public final class TotalsViewModel {
  private final NodeFacade node;
  private final Executor uiExecutor;
  private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper(this, "text", "");
  private boolean reading;

  public TotalsViewModel(NodeFacade node, Executor uiExecutor) {
    this.node = node;
    this.uiExecutor = uiExecutor;
  }

  public ReadOnlyStringProperty textProperty() {
    return text.getReadOnlyProperty();
  }

  /** Reads the totals again, unless a read is under way. */
  public void refresh() {
    if (reading) return;
    reading = true;
    onUi(call(node::totals), uiExecutor, (totals, failure) -> {
      reading = false;
      text.set(failure != null ? "Totals unavailable: " + UserText.firstLine(failure) : format(totals));
    });
  }

  static String format(Totals t) {
    return "Uploaded " + Units.bytes(Math.max(0, t.uploaded())) + " \u00b7 Downloaded "
        + Units.bytes(Math.max(0, t.downloaded()));
  }
}
