package dev.p2p.gui.main;

import static dev.p2p.gui.UiCalls.call;
import static dev.p2p.gui.UiCalls.onUi;

import dev.p2p.app.NodeFacade;
import dev.p2p.app.NotRegisteredYet;
import dev.p2p.app.ShareOptions;
import dev.p2p.storage.Manifest;
import dev.p2p.text.UserText;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Starts the window's shares and downloads and takes each one's outcome from the stage the
 * facade returned. A row remembers how it was started (the file and its options; the link and
 * folder), so that its Retry starts the very same again in the same row. A share the node serves
 * but could not register (the tracker did not answer) is told as such, never as shared nor as
 * failed. Call on the UI thread; completions hop to {@code uiExecutor}.
 */
final class TransferStarter {
  private final NodeFacade node;
  private final TransferTable table;
  private final Consumer<String> log;
  private final Consumer<String> error;
  private final Executor uiExecutor;
  private final Runnable downloadEnded;

  /**
   * @param error where a failure goes (logged and shown in the banner)
   * @param downloadEnded told each time a download the window started ends, however
   */
  TransferStarter(NodeFacade node, TransferTable table, Consumer<String> log, Consumer<String> error,
      Executor uiExecutor, Runnable downloadEnded) {
    this.node = node;
    this.table = table;
    this.log = log;
    this.error = error;
    this.uiExecutor = uiExecutor;
    this.downloadEnded = downloadEnded;
  }

  /** Shares {@code file}, privately (a link with a key) with {@code options}. */
  void share(Path file, Optional<ShareOptions> options) {
    table.startShare(file).ifPresent(row -> share(row, file, options));
  }

  private void share(TransferRow row, Path file, Optional<ShareOptions> options) {
    row.setRetry(() -> {
      table.restartShare(row);
      share(row, file, options);
    });
    if (options.isPresent()) {
      onUi(call(() -> node.share(file, options.get())), uiExecutor, (link, failure) -> {
        if (failure != null) {
          shareFailed(row, failure);
          return;
        }
        row.setLink(link.format());
        table.shared(row, link.id(), link.name().orElse(row.nameProperty().get()), link.size().orElse(0));
        log.accept("It is private: only whoever gets its link (Copy link) can download it");
      });
      return;
    }
    onUi(call(() -> node.share(file)), uiExecutor, (manifest, failure) -> {
      if (failure != null) shareFailed(row, failure);
      else table.shared(row, manifest.id(), manifest.name(), manifest.size());
    });
  }

  private void shareFailed(TransferRow row, Throwable failure) {
    Optional<NotRegisteredYet> pending = NotRegisteredYet.in(failure);
    if (pending.isPresent()) {
      Manifest m = pending.get().manifest();
      table.pending(row, m.id(), m.name(), m.size());
      return;
    }
    fail(row, "Could not share " + row.nameProperty().get(), failure);
  }

  /** Downloads what {@code request} names into its folder, in a row of its own. */
  void download(DownloadBarViewModel.Request request) {
    table.startDownload(request.id()).ifPresent(row -> {
      // A private file is re-shared as privately: its row offers the same link to pass on.
      if (request.link().isPrivate()) row.setLink(request.link().format());
      download(row, request);
    });
  }

  private void download(TransferRow row, DownloadBarViewModel.Request request) {
    row.setRetry(() -> {
      table.restartDownload(row);
      download(row, request);
    });
    log.accept("Downloading " + request.id().shortHex() + "… into " + request.folder());
    onUi(call(() -> node.download(request.link(), request.folder())), uiExecutor, (result, failure) -> {
      if (failure == null) table.completed(row, result);
      // A cancel the user confirmed ends the download too: that is no failure to report.
      else if (row.cancelRequested()) table.cancelled(row);
      else fail(row, "Download of " + row.nameProperty().get() + " failed", failure);
      downloadEnded.run();
    });
  }

  private void fail(TransferRow row, String what, Throwable failure) {
    String reason = UserText.firstLine(failure);
    table.failed(row, reason);
    error.accept(what + ": " + reason);
  }
}
