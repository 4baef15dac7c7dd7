package dev.p2p.app;

import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import dev.p2p.storage.ShareLink;
import dev.p2p.text.HostPort;
import dev.p2p.transfer.TransferEvent;
import java.net.InetSocketAddress;
import dev.p2p.text.P2pException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * What the CLI and the GUI may ask of a peer node. They never address its actors; every call
 * returns at once and completes later. Failures complete exceptionally with an exception whose
 * message is one line meant for the user (e.g. "tracker 127.0.0.1:5000 is unreachable").
 */
public interface NodeFacade {
  /** This node's peer ID (also the {@code node} field of its events). */
  String peerId();

  /** Where this node's chunk server listens. */
  InetSocketAddress address();

  /** The tracker (host:port) this node uses now: the first it was given, until it moves on. */
  default String tracker() {
    return "";
  }

  /** Hashes {@code file} (progress as {@link TransferEvent.Hashing}), registers and serves it. */
  CompletionStage<Manifest> share(Path file);

  /**
   * As {@link #share(Path)}, publicly or privately as {@code options} say; completes with the
   * link to give to whoever should download it (for a private share the only place its key is).
   */
  CompletionStage<ShareLink> share(Path file, ShareOptions options);

  /**
   * Stops serving file {@code id} and unregisters it; a private share is also revoked at the
   * tracker: nobody new can find it, and its other sharers stop at their next re-registration.
   * Those who downloaded it keep their copy.
   */
  CompletionStage<Void> unshare(FileId id);

  /**
   * Downloads file {@code id} into {@code outDir}, verifies it, then shares it. The returned stage
   * is the one report of the download's end (its {@link TransferEvent.Completed} or
   * {@link TransferEvent.Failed} event is for other observers, such as logs), and it always
   * completes: a node that is stopping or has stopped refuses at once.
   */
  CompletionStage<DownloadResult> download(FileId id, Path outDir);

  /** As {@link #download(FileId, Path)} for what {@code link} names, with its key if private. */
  CompletionStage<DownloadResult> download(ShareLink link, Path outDir);

  /** Delivers this node's events to {@code listener} until the returned handle is closed. */
  AutoCloseable subscribe(Consumer<TransferEvent> listener);

  /** Stops the node: unregisters its files, closes its connections. Idempotent. */
  CompletionStage<Void> stop();

  /**
   * Files the tracker lists whose name contains {@code words} (case-insensitive substring), at
   * most the tracker's bound, best first (most seeders). Private shares never appear.
   */
  default CompletionStage<List<SearchHit>> search(String words) {
    return unsupported("search");
  }

  /** Pauses download {@code id}: no more requests, the {@code .part} and its chunks are kept. */
  default CompletionStage<Void> pause(FileId id) {
    return unsupported("pause");
  }

  /** Resumes paused download {@code id} where it stopped. */
  default CompletionStage<Void> resume(FileId id) {
    return unsupported("resume");
  }

  /** Stops download {@code id} and deletes its {@code .part} (the window asks first). */
  default CompletionStage<Void> cancel(FileId id) {
    return unsupported("cancel");
  }

  /** Finished and failed downloads, newest first, as kept in the node's state (survives restarts). */
  default CompletionStage<List<HistoryEntry>> history() {
    return unsupported("history");
  }

  /** Bytes this node has uploaded and downloaded, over all its runs. */
  default CompletionStage<Totals> totals() {
    return unsupported("totals");
  }

  /**
   * Makes this the machine's long-running node (the window): its shares and unfinished downloads
   * are kept in its saved state from now on, and those its last run kept are shared and resumed
   * now. Completes with lines for the user saying what was done (none when nothing was kept).
   * Subscribe first: the shares and downloads it takes up are reported as events.
   */
  default CompletionStage<List<String>> resumeSaved() {
    return CompletableFuture.completedStage(List.of());
  }

  /**
   * Sets this node's upload and download limits in bytes per second (0: unlimited), at once for
   * the transfers running now as for those to come.
   */
  default CompletionStage<Void> setLimits(long upload, long download) {
    return unsupported("changing the speed limits");
  }

  /**
   * Moves this node to the tracker {@code tracker}: it asks that one from now on and registers
   * everything it shares there (what it registered at the old one expires there). Completes with
   * the tracker in use, as {@link #tracker()} says it.
   */
  default CompletionStage<String> useTracker(HostPort tracker) {
    return unsupported("changing the tracker");
  }

  /**
   * Moves this node's chunk server to {@code port} (0: any free one) while it runs: it listens
   * there first (a busy port fails, the node unchanged), registers its files there and withdraws
   * them from the old port, whose open connections may finish for a short grace. Completes with
   * the new address, as {@link #address()} says it from then on.
   */
  default CompletionStage<InetSocketAddress> movePort(int port) {
    return unsupported("changing the peer port");
  }

  private static <T> CompletionStage<T> unsupported(String what) {
    return CompletableFuture.failedStage(new P2pException(what + " is not available on this node"));
  }

  /** The outcome of a successful download. */
  record DownloadResult(Path path, Manifest manifest, double seconds, List<TransferEvent.PeerStat> peers) {}

  /**
   * One file a search found: its ID (always shown beside the name): the full 64 hex characters,
   * or the original program's 16 for a file only its peers registered (then {@code size} is -1,
   * unknown); name; how many registrants hold all of it ({@code seeders}) and how many in all
   * ({@code peers}).
   */
  record SearchHit(String id, String name, long size, int seeders, int peers) {}

  /**
   * One ended download: {@code completed} false for a failed or cancelled one ({@code reason}
   * says why, "" when completed); {@code bytesPerSecond} the average over its duration; {@code
   * peers} how many peers delivered chunks.
   */
  record HistoryEntry(FileId id, String name, long size, Instant ended, boolean completed,
      String reason, double bytesPerSecond, int peers) {}

  /** Bytes uploaded and downloaded (verified chunks), over all of this node's runs. */
  record Totals(long uploaded, long downloaded) {}

}
