package dev.p2p.transfer.legacy;

import dev.p2p.protocol.ProtocolException;
import dev.p2p.protocol.legacy.LegacyChunkRequest;
import dev.p2p.protocol.legacy.LegacyChunkResponse;
import dev.p2p.protocol.legacy.LegacyPeerMessages;
import dev.p2p.protocol.legacy.LegacyPeerReplyReader;
import dev.p2p.protocol.legacy.LegacyWire;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Hashing;
import dev.p2p.storage.Manifest;
import dev.p2p.storage.SafeNames;
import dev.p2p.text.P2pException;
import dev.p2p.text.UserText;
import dev.p2p.transfer.TransferEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * One download of a file by its original-style short ID. The tracker's QUERY answer gives a
 * name, a number of 256 KiB chunks and peers; each chunk is one connection to one peer, at most
 * {@code parallelism} at once, and a chunk that fails (refused, timed out, not_found, a wrong
 * size) is asked of the next peer, up to {@code attempts} times; a peer that failed
 * {@link #DROP_AFTER} times in a row is no longer asked. Every chunk but the last must be exactly
 * 256 KiB, the last 1..256 KiB; nothing more is ever read or held.
 *
 * <p>The data goes to {@code .<short ID>.legacy.part} in the download folder. Once complete, its
 * SHA-256 must start with the short ID; only then is it linked to its final name (the tracker's
 * name made safe, never replacing a file); otherwise it is deleted. Progress is told as
 * {@link TransferEvent}s whose file ID is null: the full ID is known only at the end.
 */
public final class LegacyDownload {
  /** Consecutive failures after which a peer is no longer asked (as our downloads drop a peer). */
  static final int DROP_AFTER = 3;

  /** The most chunks a file may have: our largest file ({@link Manifest#MAX_FILE_SIZE}) in 256 KiB. */
  static final long MAX_CHUNKS = Manifest.MAX_FILE_SIZE / LegacyWire.CHUNK_SIZE;

  /** Progress events at most this often (a terminal line, not a log). */
  private static final long PROGRESS_NANOS = 250_000_000L;

  /** How a download runs: where, with which bounds, and the node name its events carry. */
  public record Settings(Path dir, LegacyExchange.Timeouts timeouts, int parallelism, int attempts, String node) {}

  /** A finished, checked download: {@code id} is the file's full SHA-256. */
  public record Result(Path path, FileId id, String name, long size, double seconds,
      List<TransferEvent.PeerStat> peers) {}

  private static final class PeerState {
    final LegacyPeerMessages.Peer peer;
    final String key;
    final AtomicLong bytes = new AtomicLong();
    final AtomicInteger chunks = new AtomicInteger();
    final AtomicInteger failures = new AtomicInteger();
    final AtomicInteger inRow = new AtomicInteger();
    final AtomicInteger inFlight = new AtomicInteger();

    PeerState(LegacyPeerMessages.Peer peer) {
      this.peer = peer;
      this.key = peer.host() + ":" + peer.port();
    }

    boolean dropped() {
      return inRow.get() >= DROP_AFTER;
    }

    TransferEvent.PeerStat stat() {
      return new TransferEvent.PeerStat(key, bytes.get(), chunks.get(), inFlight.get(), failures.get(), false);
    }
  }

  private final ActorSystem<?> system;
  private final Settings s;
  private final Consumer<TransferEvent> events;
  private final String shortId;
  private final Executor blocking;
  private final long started = System.nanoTime();
  private final AtomicLong bytesDone = new AtomicLong();
  private final AtomicInteger chunksDone = new AtomicInteger();
  private final AtomicLong lastProgress = new AtomicLong();
  private volatile int lastChunkSize;
  // Set once by open, before any chunk is asked: the stage chain orders these writes before
  // every read on whichever thread.
  private List<PeerState> peers;
  private LegacyPeerMessages.Located file;
  private Path part;
  private FileChannel channel;

  private LegacyDownload(ActorSystem<?> system, Settings s, Consumer<TransferEvent> events, String shortId) {
    this.system = system;
    this.s = s;
    this.events = events;
    this.shortId = shortId;
    this.blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
  }

  /** Downloads the file {@code shortId} (16 hex, either case) that {@code tracker} lists. */
  public static CompletionStage<Result> run(ActorSystem<?> system, LegacyTrackerLink tracker,
      String shortId, Settings s, Consumer<TransferEvent> events) {
    if (!FileId.isLegacyId(shortId)) throw new IllegalArgumentException("not a 16-hex short ID: " + shortId);
    LegacyDownload d = new LegacyDownload(system, s, events, shortId.toLowerCase(Locale.ROOT));
    return tracker.query(d.shortId)
        .thenAcceptAsync(located -> d.open(located, tracker.name()), d.blocking)
        .thenCompose(v -> d.fetchAll())
        .thenApplyAsync(v -> d.finish(), d.blocking)
        .whenComplete((r, failure) -> {
          if (failure != null) d.discard();
        });
  }

  /** Takes the tracker's answer and creates the partial file (on the blocking dispatcher). */
  private void open(LegacyPeerMessages.Located located, String trackerName) {
    if (located.numChunks() > MAX_CHUNKS) {
      throw new P2pException("tracker " + trackerName + " says the file has " + located.numChunks()
          + " chunks, more than the " + MAX_CHUNKS + " of a 1 TiB file");
    }
    if (located.numChunks() == 0) {
      // The original's tracker lists a file announced without num_chunks as 0 chunks.
      throw new P2pException("tracker " + trackerName + " does not know the size of " + shortId
          + " (0 chunks): nothing to download");
    }
    if (located.peers().isEmpty()) {
      throw new P2pException(P2pException.Kind.NO_PEERS, "no peers have file " + shortId + " (tracker " + trackerName + ")");
    }
    file = located;
    peers = located.peers().stream().map(PeerState::new).toList();
    events.accept(new TransferEvent.Located(s.node(), null, located.filename(),
        (long) located.numChunks() * LegacyWire.CHUNK_SIZE, located.numChunks(), peers.size(), 0));
    try {
      Files.createDirectories(s.dir());
      part = SafeNames.resolveInside(s.dir(), "." + shortId + ".legacy.part");
      Files.deleteIfExists(part); // a leftover of an earlier run, or a link someone put there
      channel = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
          StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write in " + s.dir() + ": " + e.getMessage(), e);
    }
  }

  private CompletionStage<Void> fetchAll() {
    int n = file.numChunks();
    return Source.range(0, n - 1)
        .mapAsyncUnordered(s.parallelism(), i -> fetch(i, 0, null)
            .thenAcceptAsync(data -> write(i, data), blocking))
        .runWith(Sink.ignore(), system)
        .thenApply(done -> null);
  }

  /** Chunk {@code i}, from the next peer still asked; {@code attempt} attempts failed so far. */
  private CompletionStage<ByteString> fetch(int i, int attempt, String lastReason) {
    List<PeerState> live = peers.stream().filter(p -> !p.dropped()).toList();
    if (live.isEmpty()) {
      return CompletableFuture.failedFuture(new P2pException(P2pException.Kind.NO_PEERS, "every peer failed; last: " + lastReason));
    }
    if (attempt >= s.attempts()) {
      return CompletableFuture.failedFuture(new P2pException(P2pException.Kind.NO_PEERS, "chunk " + i + " failed " + attempt
          + " times; last: " + lastReason));
    }
    // Chunks start on different peers, and each retry moves on to the next one.
    PeerState p = live.get((i + attempt) % live.size());
    p.inFlight.incrementAndGet();
    int expected = i < file.numChunks() - 1 ? LegacyWire.CHUNK_SIZE : -1;
    LegacyChunkRequest request = new LegacyChunkRequest(shortId, i);
    LegacyPeerReplyReader reader = new LegacyPeerReplyReader(LegacyChunkResponse.MAX_HEADER,
        json -> checkHeader(LegacyChunkResponse.from(json), i, expected));
    return LegacyExchange.run(system, new InetSocketAddress(p.peer.host(), p.peer.port()), request.json(),
            reader, s.timeouts())
        .handle((reply, failure) -> {
          p.inFlight.decrementAndGet();
          if (failure == null) {
            p.inRow.set(0);
            p.chunks.incrementAndGet();
            p.bytes.addAndGet(reply.payload().size());
            return CompletableFuture.completedFuture(reply.payload());
          }
          String reason = UserText.oneLine(failure);
          p.failures.incrementAndGet();
          if (p.inRow.incrementAndGet() == DROP_AFTER) {
            events.accept(new TransferEvent.PeerLost(s.node(), null, p.key, reason));
          }
          events.accept(new TransferEvent.ChunkRetried(s.node(), null, i, p.key, reason));
          return fetch(i, attempt + 1, p.key + ": " + reason);
        })
        .thenCompose(stage -> stage);
  }

  /** The bytes the header announces, if it is the answer wanted: chunk i, found, of the right size. */
  private int checkHeader(LegacyChunkResponse r, int i, int expected) {
    if (!r.fileId().equalsIgnoreCase(shortId) || r.chunkIndex() != i) {
      throw new ProtocolException("answered for another chunk (" + r.fileId() + " #" + r.chunkIndex() + ")");
    }
    if (!r.found()) throw new ProtocolException("does not have chunk " + i + " (not_found)");
    if (expected > 0 ? r.chunkSize() != expected : r.chunkSize() == 0) {
      throw new ProtocolException("chunk " + i + " of " + r.chunkSize() + " bytes, expected "
          + (expected > 0 ? expected : "1.." + LegacyWire.CHUNK_SIZE));
    }
    return r.chunkSize();
  }

  private void write(int i, ByteString data) {
    try {
      ByteBuffer b = data.asByteBuffer();
      long pos = (long) i * LegacyWire.CHUNK_SIZE;
      while (b.hasRemaining()) pos += channel.write(b, pos);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + part + ": " + e.getMessage(), e);
    }
    if (i == file.numChunks() - 1) lastChunkSize = data.size();
    long bytes = bytesDone.addAndGet(data.size());
    int done = chunksDone.incrementAndGet();
    long now = System.nanoTime();
    long last = lastProgress.get();
    if (done == file.numChunks() || now - last >= PROGRESS_NANOS && lastProgress.compareAndSet(last, now)) {
      double seconds = Math.max(1e-3, (now - started) / 1e9);
      events.accept(new TransferEvent.Progress(s.node(), null, bytes, size(), done, file.numChunks(),
          bytes / seconds, stats()));
    }
  }

  /** The size so far known: the last chunk's own size once it came, 256 KiB until then. */
  private long size() {
    int n = file.numChunks();
    if (n == 0) return 0;
    return (long) (n - 1) * LegacyWire.CHUNK_SIZE + (lastChunkSize > 0 ? lastChunkSize : LegacyWire.CHUNK_SIZE);
  }

  private List<TransferEvent.PeerStat> stats() {
    List<TransferEvent.PeerStat> out = new ArrayList<>();
    for (PeerState p : peers) out.add(p.stat());
    return out;
  }

  /** Checks the whole file against the short ID and gives it its name (on the blocking dispatcher). */
  private Result finish() {
    events.accept(new TransferEvent.Verifying(s.node(), null));
    FileId id;
    try {
      channel.force(false);
      channel.close();
      id = Hashing.fileId(part, x -> {});
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read back " + part + ": " + e.getMessage(), e);
    }
    if (!id.hex().startsWith(shortId)) {
      throw new P2pException(P2pException.Kind.INTEGRITY, "the downloaded data's SHA-256 " + id.hex() + " does not start with the ID "
          + shortId + ": a peer sent wrong data (the original's chunks carry no hashes, so not which one);"
          + " nothing was saved");
    }
    Path target = place(SafeNames.sanitize(file.filename(), shortId));
    double seconds = (System.nanoTime() - started) / 1e9;
    events.accept(new TransferEvent.Completed(s.node(), id, target, size(), seconds, stats()));
    return new Result(target, id, file.filename(), size(), seconds, stats());
  }

  /** Gives the checked data its name, never replacing a file ({@link SafeNames#placeFinished}). */
  private Path place(String name) {
    try {
      return SafeNames.placeFinished(s.dir(), name, part);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot name the download " + name + ": " + e.getMessage(), e);
    }
  }

  private void discard() {
    try {
      if (channel != null) channel.close();
      if (part != null) Files.deleteIfExists(part);
    } catch (IOException e) {
      // best effort: a hidden leftover that the next run of this download deletes first
    }
  }
}
