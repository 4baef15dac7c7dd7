package dev.p2p.app;

import dev.p2p.app.NodeFacade.DownloadResult;
import dev.p2p.storage.FileId;
import dev.p2p.transfer.TransferEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Downloads of one file by many peers of a {@link LocalSwarm}, started together and watched:
 * a {@link Snapshot} of how far they are at any time, and once every one has ended (finished or
 * failed) a {@link Report} of all of them. What {@code simulate} and the swarm test run.
 */
public final class SwarmRun {
  /** How one downloader ended: its result, or why it failed; seconds from the common start. */
  public record Outcome(int peer, double seconds, Optional<DownloadResult> result, Optional<Throwable> failure) {}

  /** How far the run is: downloads ended either way, bytes received by all, seconds since the start. */
  public record Snapshot(int total, int finished, int failed, long bytes, long totalBytes, double seconds) {}

  /**
   * Every downloader's outcome, in peer order, after {@code seconds}; chunks received from the
   * seeder (the peer whose "host:port" is {@code seederKey}) and from the other downloaders.
   */
  public record Report(List<Outcome> outcomes, double seconds, long chunksFromSeeder, long chunksFromPeers) {
    public List<Outcome> finished() {
      return outcomes.stream().filter(o -> o.result().isPresent()).toList();
    }

    public List<Outcome> failed() {
      return outcomes.stream().filter(o -> o.failure().isPresent()).toList();
    }

    /** The finished downloads' times, fastest first. */
    public double[] times() {
      return finished().stream().mapToDouble(Outcome::seconds).sorted().toArray();
    }
  }

  private final long started = System.nanoTime();
  private final long size;
  private final AtomicLongArray bytes;
  private final AtomicInteger finished = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final CompletableFuture<Report> report;

  private SwarmRun(List<LocalPeer> peers, List<Path> dirs, FileId id, long size, String seederKey) {
    this.size = size;
    this.bytes = new AtomicLongArray(peers.size());
    List<CompletableFuture<Outcome>> all = new ArrayList<>();
    for (int i = 0; i < peers.size(); i++) {
      int peer = i;
      AutoCloseable sub = peers.get(i).subscribe(e -> {
        if (e instanceof TransferEvent.Progress p && p.fileId().equals(id)) bytes.set(peer, p.bytesDone());
      });
      all.add(peers.get(i).download(id, dirs.get(i)).toCompletableFuture()
          .handle((r, t) -> {
            close(sub);
            double s = (System.nanoTime() - started) / 1e9;
            if (t != null) {
              failed.incrementAndGet();
              return new Outcome(peer, s, Optional.empty(), Optional.of(t));
            }
            bytes.set(peer, size);
            finished.incrementAndGet();
            return new Outcome(peer, r.seconds(), Optional.of(r), Optional.empty());
          }));
    }
    report = CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(v -> {
      List<Outcome> outcomes = all.stream().map(CompletableFuture::join).toList();
      long fromSeeder = 0;
      long fromPeers = 0;
      for (Outcome o : outcomes) {
        for (TransferEvent.PeerStat p : o.result().map(DownloadResult::peers).orElse(List.of())) {
          if (p.peer().equals(seederKey)) fromSeeder += p.chunks();
          else fromPeers += p.chunks();
        }
      }
      return new Report(outcomes, (System.nanoTime() - started) / 1e9, fromSeeder, fromPeers);
    });
  }

  /**
   * Starts the download of {@code id} ({@code size} bytes) by each of {@code peers} into the
   * folder of the same index in {@code dirs}, all at once.
   */
  public static SwarmRun start(List<LocalPeer> peers, List<Path> dirs, FileId id, long size, String seederKey) {
    if (peers.size() != dirs.size()) throw new IllegalArgumentException("one folder per peer");
    return new SwarmRun(peers, dirs, id, size, seederKey);
  }

  public Snapshot snapshot() {
    long sum = 0;
    for (int i = 0; i < bytes.length(); i++) sum += bytes.get(i);
    return new Snapshot(bytes.length(), finished.get(), failed.get(), sum, size * bytes.length(),
        (System.nanoTime() - started) / 1e9);
  }

  /** Completes once every download has ended, finished or failed (it never fails itself). */
  public CompletableFuture<Report> report() {
    return report;
  }

  private static void close(AutoCloseable sub) {
    try {
      sub.close();
    } catch (Exception e) {
      // a subscription's end cannot fail in a way that matters here
    }
  }
}
