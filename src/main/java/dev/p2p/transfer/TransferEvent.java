package dev.p2p.transfer;

import dev.p2p.storage.FileId;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a node tells its user interfaces about its transfers. Sent by the node's guardian to its
 * subscribers; views subscribe through {@code NodeFacade.subscribe} and never poll actors.
 * Every event names the node it comes from ({@code node}: its peer ID), since tests and
 * {@code simulate} run many nodes in one actor system.
 */
public sealed interface TransferEvent {
  String node();

  FileId fileId();

  /** Hashing a file to share it: {@code done} of {@code total} bytes. */
  record Hashing(String node, Path file, long done, long total) implements TransferEvent {
    @Override
    public FileId fileId() {
      return null;
    }
  }

  /** A file is shared and registered with the tracker. */
  record Shared(String node, FileId fileId, String name, long size, Path path) implements TransferEvent {}

  /** Periodic upload figures of a shared file (or a download being re-shared). */
  record Uploading(String node, FileId fileId, int peers, long bytesServed, double bytesPerSecond)
      implements TransferEvent {}

  /** A download has started: looking up the file and its peers. */
  record Locating(String node, FileId fileId) implements TransferEvent {}

  /** The tracker answered: the file's name, size and how many peers hold it. */
  record Located(String node, FileId fileId, String name, long size, int numChunks, int peers,
      int resumedChunks) implements TransferEvent {}

  /** Figures of one remote peer within a download. */
  record PeerStat(String peer, long bytes, int chunks, int inFlight, int failures, boolean banned) {}

  /** Periodic download progress (a few times a second) and once at the end. */
  record Progress(String node, FileId fileId, long bytesDone, long size, int chunksDone,
      int numChunks, double bytesPerSecond, List<PeerStat> peers) implements TransferEvent {
    public int peersConnected() {
      return (int) peers.stream().filter(p -> p.inFlight() > 0 || p.bytes() > 0).count();
    }
  }

  /** The user paused the download: no chunk is requested until {@link Resumed}; its data stays. */
  record Paused(String node, FileId fileId) implements TransferEvent {}

  /** The user resumed a paused download. */
  record Resumed(String node, FileId fileId) implements TransferEvent {}

  /**
   * A chunk failed on one peer (timeout, error, bad hash) and is asked again: of another peer
   * that has it ({@code elsewhere}), else of whichever peer has it next.
   */
  record ChunkRetried(String node, FileId fileId, int chunkIndex, String peer, String reason,
      boolean elsewhere) implements TransferEvent {
    /** A retry that another peer takes. */
    public ChunkRetried(String node, FileId fileId, int chunkIndex, String peer, String reason) {
      this(node, fileId, chunkIndex, peer, reason, true);
    }
  }

  /**
   * Chunk {@code index} is asked of {@code peer} (host:port): it is in flight until it is
   * verified, retried, or (an event lost on the way) the next {@link Progress} counts fewer.
   */
  record ChunkRequested(String node, FileId fileId, int index, String peer) implements TransferEvent {}

  /**
   * Chunk {@code index} arrived from {@code peer} (host:port), passed its SHA-256 and is written:
   * one per chunk new to the download. Views may lose some; {@link Progress} counts stay the truth.
   */
  record ChunkVerified(String node, FileId fileId, int index, String peer) implements TransferEvent {}

  /** A peer is no longer used for this download (connection lost, banned). */
  record PeerLost(String node, FileId fileId, String peer, String reason) implements TransferEvent {}

  /**
   * The manifest the download used was wrong (whole-file or chunk hashes); its peers are banned
   * and the tracker is asked for another. {@code message} says so in one line.
   */
  record ManifestRejected(String node, FileId fileId, String message) implements TransferEvent {}

  /** All chunks are in; the whole-file SHA-256 is being checked. */
  record Verifying(String node, FileId fileId) implements TransferEvent {}

  /** The file is complete, verified and has its final name. */
  record Completed(String node, FileId fileId, Path path, long size, double seconds,
      List<PeerStat> peers) implements TransferEvent {}

  /**
   * The node moved to tracker {@code tracker} (host:port), because the one it used did not answer
   * or ({@code chosen}) because the user chose it; it re-registers everything it shares there.
   */
  record TrackerChanged(String node, String tracker, boolean chosen) implements TransferEvent {
    /** A move made by a failure (failover). */
    public TrackerChanged(String node, String tracker) {
      this(node, tracker, false);
    }

    /** About no one file. */
    @Override
    public FileId fileId() {
      return null;
    }
  }

  /**
   * Whether the tracker in use ({@code tracker}, host:port) answers: told when that changes (and
   * to each new subscriber). Reachable after any exchange, unreachable after one failed (since
   * {@code since}, why in {@code reason}, one line); while unreachable the node asks it again in
   * {@code retryIn} and re-registers everything it shares once it answers.
   */
  record TrackerStatus(String node, String tracker, boolean reachable, Instant since, String reason,
      Duration retryIn) implements TransferEvent {
    /** About no one file. */
    @Override
    public FileId fileId() {
      return null;
    }
  }

  /**
   * The download found the file in its folder already, with the ID's content: it is served from
   * there and nothing is downloaded ({@link Completed} follows, with no peers).
   */
  record AlreadyHere(String node, FileId fileId, Path path) implements TransferEvent {}

  /** The download stopped without a file; {@code reason} is one line for the user. */
  record Failed(String node, FileId fileId, String reason) implements TransferEvent {}

  /**
   * A download waits ({@code reason}, one line: a starting one could not ask the tracker, a
   * running one has no peer left that can deliver) and asks the tracker again in {@code
   * retryIn}: what it is waiting for, for whoever watches.
   */
  record Waiting(String node, FileId fileId, String reason, Duration retryIn) implements TransferEvent {
    /** What it waits for, in words: "{reason}; asking the tracker again in N s" (N at least 1). */
    public String text() {
      return reason + "; asking the tracker again in " + Math.max(1, retryIn.toSeconds()) + " s";
    }
  }
}
