package dev.p2p.gui;

import dev.p2p.app.NodeFacade;
import dev.p2p.app.ShareOptions;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import dev.p2p.storage.ShareLink;
import dev.p2p.text.HostPort;
import dev.p2p.transfer.TransferEvent;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A hand-written {@link NodeFacade} for GUI tests: records calls, hands out futures the test
 * completes, and lets the test push events to subscribers.
 */
public final class FakeNode implements NodeFacade {
  public static final String PEER_ID = "fake-node";

  public record ShareCall(Path file, CompletableFuture<Manifest> result) {}

  public record DownloadCall(FileId id, Path outDir, CompletableFuture<DownloadResult> result) {}

  /** A share with options (the window's Private box); the test completes it with a link. */
  public record LinkShareCall(Path file, ShareOptions options, CompletableFuture<ShareLink> result) {}

  public record UnshareCall(FileId id, CompletableFuture<Void> result) {}

  public record SearchCall(String words, CompletableFuture<List<SearchHit>> result) {}

  /** A pause, resume or cancel: {@code action} is "pause", "resume" or "cancel". */
  public record ControlCall(String action, FileId id, CompletableFuture<Void> result) {}

  public final List<SearchCall> searches = new CopyOnWriteArrayList<>();
  public final List<ControlCall> controls = new CopyOnWriteArrayList<>();
  public final List<CompletableFuture<List<HistoryEntry>>> historyCalls = new CopyOnWriteArrayList<>();
  public final List<CompletableFuture<Totals>> totalsCalls = new CopyOnWriteArrayList<>();
  public final List<ShareCall> shares = new CopyOnWriteArrayList<>();
  public final List<DownloadCall> downloads = new CopyOnWriteArrayList<>();
  public final List<LinkShareCall> linkShares = new CopyOnWriteArrayList<>();
  public final List<UnshareCall> unshares = new CopyOnWriteArrayList<>();
  /** The links download(ShareLink, Path) was given, in order. */
  public final List<ShareLink> downloadLinks = new CopyOnWriteArrayList<>();
  public final List<Consumer<TransferEvent>> listeners = new CopyOnWriteArrayList<>();
  /** resumeSaved calls, each with the number of subscribers it found; the test completes them. */
  public final List<CompletableFuture<List<String>>> resumeSavedCalls = new CopyOnWriteArrayList<>();
  public final List<Integer> listenersAtResumeSaved = new CopyOnWriteArrayList<>();
  public final CompletableFuture<Void> stopResult = new CompletableFuture<>();
  public volatile int stopCalls;
  public volatile int unsubscribes;
  /** If set, share and download throw it instead of returning a future. */
  public volatile RuntimeException throwOnCall;

  @Override
  public String peerId() {
    return PEER_ID;
  }

  /** The port {@link #address()} reports: 6000 until a {@link #movePort} call completes. */
  public volatile int port = 6000;

  @Override
  public InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", port);
  }

  @Override
  public String tracker() {
    return "127.0.0.1:5000";
  }

  @Override
  public CompletionStage<Manifest> share(Path file) {
    if (throwOnCall != null) throw throwOnCall;
    ShareCall call = new ShareCall(file, new CompletableFuture<>());
    shares.add(call);
    return call.result();
  }

  @Override
  public CompletionStage<ShareLink> share(Path file, ShareOptions options) {
    if (throwOnCall != null) throw throwOnCall;
    LinkShareCall call = new LinkShareCall(file, options, new CompletableFuture<>());
    linkShares.add(call);
    return call.result();
  }

  @Override
  public CompletionStage<Void> unshare(FileId id) {
    UnshareCall call = new UnshareCall(id, new CompletableFuture<>());
    unshares.add(call);
    return call.result();
  }

  @Override
  public CompletionStage<DownloadResult> download(ShareLink link, Path outDir) {
    downloadLinks.add(link);
    return download(link.id(), outDir);
  }

  @Override
  public CompletionStage<DownloadResult> download(FileId id, Path outDir) {
    if (throwOnCall != null) throw throwOnCall;
    DownloadCall call = new DownloadCall(id, outDir, new CompletableFuture<>());
    downloads.add(call);
    return call.result();
  }

  @Override
  public AutoCloseable subscribe(Consumer<TransferEvent> listener) {
    listeners.add(listener);
    return () -> {
      if (listeners.remove(listener)) unsubscribes++;
    };
  }

  @Override
  public CompletionStage<List<String>> resumeSaved() {
    listenersAtResumeSaved.add(listeners.size());
    CompletableFuture<List<String>> f = new CompletableFuture<>();
    resumeSavedCalls.add(f);
    return f;
  }

  @Override
  public CompletionStage<Void> stop() {
    stopCalls++;
    stopResult.complete(null);
    return stopResult;
  }

  @Override
  public CompletionStage<List<SearchHit>> search(String words) {
    SearchCall call = new SearchCall(words, new CompletableFuture<>());
    searches.add(call);
    return call.result();
  }

  @Override
  public CompletionStage<Void> pause(FileId id) {
    return control("pause", id);
  }

  @Override
  public CompletionStage<Void> resume(FileId id) {
    return control("resume", id);
  }

  @Override
  public CompletionStage<Void> cancel(FileId id) {
    return control("cancel", id);
  }

  @Override
  public CompletionStage<List<HistoryEntry>> history() {
    CompletableFuture<List<HistoryEntry>> f = new CompletableFuture<>();
    historyCalls.add(f);
    return f;
  }

  @Override
  public CompletionStage<Totals> totals() {
    CompletableFuture<Totals> f = new CompletableFuture<>();
    totalsCalls.add(f);
    return f;
  }

  private CompletionStage<Void> control(String action, FileId id) {
    ControlCall call = new ControlCall(action, id, new CompletableFuture<>());
    controls.add(call);
    return call.result();
  }

  /** The pause/resume/cancel calls asked so far, as "action id-prefix" (e.g. "pause 01234567"). */
  public List<String> controlLog() {
    return controls.stream().map(c -> c.action() + " " + c.id().shortHex()).toList();
  }

  /** A useTracker call; the test completes it (with the new tracker) or fails it. */
  public record TrackerCall(HostPort to, CompletableFuture<String> result) {}

  /** setLimits calls as "upload download" (bytes per second), in order; each completes at once (or throws {@link #throwOnCall}). */
  public final List<String> limitCalls = new CopyOnWriteArrayList<>();
  public final List<TrackerCall> trackerCalls = new CopyOnWriteArrayList<>();

  @Override
  public CompletionStage<Void> setLimits(long upload, long download) {
    if (throwOnCall != null) throw throwOnCall;
    limitCalls.add(upload + " " + download);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<String> useTracker(HostPort to) {
    TrackerCall call = new TrackerCall(to, new CompletableFuture<>());
    trackerCalls.add(call);
    return call.result();
  }

  /** A movePort call; the test completes it (then {@link #address()} has the port) or fails it. */
  public record PortCall(int to, CompletableFuture<InetSocketAddress> result) {}

  public final List<PortCall> portCalls = new CopyOnWriteArrayList<>();

  @Override
  public CompletionStage<InetSocketAddress> movePort(int to) {
    PortCall call = new PortCall(to, new CompletableFuture<>());
    portCalls.add(call);
    return call.result().thenApply(a -> {
      port = a.getPort();
      return a;
    });
  }

  /** Delivers {@code event} to every subscriber on the calling thread, as the node's threads would. */
  public void push(TransferEvent event) {
    for (Consumer<TransferEvent> l : listeners) l.accept(event);
  }
}
