package dev.p2p.transfer;

import dev.p2p.peer.Library;
import dev.p2p.peer.PeerConnection;
import dev.p2p.protocol.Message.PeerInfo;
import dev.p2p.storage.FileId;
import dev.p2p.text.P2pException;
import dev.p2p.storage.Manifest;
import dev.p2p.storage.PartialFile;
import dev.p2p.storage.PeerAddress;
import dev.p2p.storage.SharedFile;
import dev.p2p.tracker.TrackerClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;

/**
 * Downloads one file: asks the tracker for its manifest and peers, opens (or resumes) the
 * partial file, keeps one {@link PeerConnection} per peer and one {@link ChunkFetcher} per chunk
 * request in flight, retries failed chunks on other peers, and finally checks the whole file's
 * SHA-256 before it gets its final name. While downloading, verified chunks are served to others.
 * Its {@link Outcome} goes to {@code replyTo} exactly once.
 *
 * <p>Phases, one behavior each as in Pekko's Hakker sample, each closing what it opened when the
 * download is cancelled or stopped: {@link Locating} (tracker query with backoff) → {@link
 * Opening} (partial file on the blocking dispatcher) → {@link Downloading} → {@link Verifying}.
 * The peer, retry and timing policies are plain classes in {@code transfer.policy}.
 */
public final class Download {
  public sealed interface Command permits Cancel, Pause, Resume, Discard, Located,
      TrackerUnavailable, LocateAgain, Opened, Present, Failed, FetchEnded, FetcherDied, HaveReceived,
      ConnectionEnded, Requery, Requeried, Tick, RefreshHave, Noticed, Verified, WrongContent {}

  /**
   * Stops the download; the partial file is kept for a later resume. While verifying, the check
   * runs to its end and its outcome is the one reported.
   */
  public enum Cancel implements Command { INSTANCE }

  /**
   * Stops requesting chunks (those in flight may still arrive; nothing verified is lost), keeping
   * the partial file, the connections and the registration; {@link TransferEvent.Paused} follows.
   * Before the downloading phase it takes effect when that phase begins. A paused download is not
   * stalled: the stall and tracker give-up counts wait while it is paused. Refused (one line to
   * {@code replyTo}) when it is paused already, or being verified.
   */
  public record Pause(ActorRef<StatusReply<Done>> replyTo) implements Command {}

  /** Undoes {@link Pause} ({@link TransferEvent.Resumed}); asks the tracker again if no peer is left. */
  public record Resume(ActorRef<StatusReply<Done>> replyTo) implements Command {}

  /**
   * The user cancelled the download: it ends, its partial file and bitmap are deleted, and its
   * outcome is {@link Aborted} "cancelled" (with a {@link TransferEvent.Failed} of that reason).
   * Refused while it is being verified: by then the file is all here.
   */
  public record Discard(ActorRef<StatusReply<Done>> replyTo) implements Command {}

  /** What a user may do to a running download: {@link Pause}, {@link Resume}, {@link Discard}. */
  public enum Control {
    PAUSE, RESUME, CANCEL;

    /** The command that does it, answering {@code replyTo}. */
    public Command command(ActorRef<StatusReply<Done>> replyTo) {
      return switch (this) {
        case PAUSE -> new Pause(replyTo);
        case RESUME -> new Resume(replyTo);
        case CANCEL -> new Discard(replyTo);
      };
    }
  }

  // Internal messages: package-private only because each phase is its own class.

  record Located(TrackerClient.Located located) implements Command {}

  record TrackerUnavailable(String reason) implements Command {}

  enum LocateAgain implements Command { INSTANCE }

  record Opened(PartialFile file) implements Command {}

  /** The file is already in the folder ({@code file} empty: it is not, download it). */
  record Present(Optional<SharedFile> file) implements Command {}

  record Failed(String reason) implements Command {}

  record FetchEnded(ChunkFetcher.Result result) implements Command {}

  record FetcherDied(int fetch) implements Command {}

  record HaveReceived(PeerConnection.HaveUpdate update) implements Command {}

  record ConnectionEnded(PeerAddress peer, ActorRef<PeerConnection.Command> ref) implements Command {}

  enum Requery implements Command { INSTANCE }

  record Requeried(TrackerClient.PeersFound found) implements Command {}

  enum Tick implements Command { INSTANCE }

  enum RefreshHave implements Command { INSTANCE }

  record Noticed(Library.Notice notice) implements Command {}

  record Verified(Path path, SharedFile shared) implements Command {}

  record WrongContent(String reason) implements Command {}

  /** How a download ended. */
  public sealed interface Outcome permits Finished, Aborted {}

  /** The file is verified and has its final name, {@code path}; {@code peers} say who sent what. */
  public record Finished(Path path, Manifest manifest, double seconds,
      List<TransferEvent.PeerStat> peers) implements Outcome {}

  /** The download stopped without the file; {@code reason} is one line for the user. */
  public record Aborted(FileId id, String reason, P2pException.Kind kind) implements Outcome {
    /** An abort of no particular kind ({@link P2pException.Kind#FAILED}). */
    public Aborted(FileId id, String reason) {
      this(id, reason, P2pException.Kind.FAILED);
    }
  }

  /**
   * Everything a download needs to know about its node; {@code waitForPeers} is how long it waits
   * for a peer that can deliver when none is left (p2p.wait-for-peers), 0 to give up at once.
   */
  public record Settings(Path outDir, Duration requestTimeout, int retries, int parallelism,
      int pipelineDepth, String nodeId, String selfHost, int selfPort, Duration waitForPeers,
      int maxPeers) {
    /** application.conf's default of p2p.wait-for-peers, for settings made in code. */
    public static final Duration DEFAULT_WAIT_FOR_PEERS = Duration.ofMinutes(5);
    /** The default of p2p.max-peers-per-download, for settings made in code. */
    public static final int DEFAULT_MAX_PEERS = 30;

    public Settings {
      if (waitForPeers.isNegative()) throw new IllegalArgumentException("p2p.wait-for-peers must not be negative");
    }

    /** Settings that wait {@link #DEFAULT_WAIT_FOR_PEERS} for peers. */
    public Settings(Path outDir, Duration requestTimeout, int retries, int parallelism,
        int pipelineDepth, String nodeId, String selfHost, int selfPort) {
      this(outDir, requestTimeout, retries, parallelism, pipelineDepth, nodeId, selfHost, selfPort,
          DEFAULT_WAIT_FOR_PEERS);
    }

    /** Settings with at most {@link #DEFAULT_MAX_PEERS} peers per download. */
    public Settings(Path outDir, Duration requestTimeout, int retries, int parallelism,
        int pipelineDepth, String nodeId, String selfHost, int selfPort, Duration waitForPeers) {
      this(outDir, requestTimeout, retries, parallelism, pipelineDepth, nodeId, selfHost, selfPort,
          waitForPeers, DEFAULT_MAX_PEERS);
    }

    public Settings withOutDir(Path dir) {
      return new Settings(dir, requestTimeout, retries, parallelism, pipelineDepth, nodeId,
          selfHost, selfPort, waitForPeers, maxPeers);
    }

    /** These settings for a node whose chunk server moved to {@code port} (announced in HELLO). */
    public Settings withSelfPort(int port) {
      return new Settings(outDir, requestTimeout, retries, parallelism, pipelineDepth, nodeId,
          selfHost, port, waitForPeers, maxPeers);
    }
  }

  /** How a download asks the tracker where a file is. */
  @FunctionalInterface
  public interface Locator {
    /** The manifest and peers of the best variant of the file not named in {@code exclude}. */
    CompletionStage<TrackerClient.Located> query(FileId id, List<String> exclude);

    /** The peers of variant {@code variant} of the file, for a re-query (its manifest is known). */
    default CompletionStage<TrackerClient.PeersFound> peers(FileId id, String variant) {
      return query(id, List.of()).thenApply(TrackerClient.PeersFound::of);
    }
  }

  /** How a download opens a connection to one peer (tests pass a behavior they script). */
  @FunctionalInterface
  public interface ConnectionFactory {
    /** A connection to {@code peer}, which must prove {@code nodeId} where connections are TLS. */
    Behavior<PeerConnection.Command> create(PeerAddress peer, String nodeId, InetSocketAddress address,
        FileId id, int numChunks, ActorRef<PeerConnection.HaveUpdate> owner);
  }

  /** How a download opens (or resumes) its partial file; it runs on the blocking dispatcher. */
  @FunctionalInterface
  public interface PartialFileOpener {
    PartialFile open(Path dir, Manifest manifest) throws IOException;
  }

  /**
   * What a download uses of its node: the tracker, peer connections, the library it serves
   * verified chunks from, where to ask for (re-)registration and where its events go; and, for
   * tests, how it opens its partial file and the clock its rates and retry delays are measured
   * with (nanoseconds, like {@link System#nanoTime}). With {@code privacy}, the file is a private
   * share: each peer connection opens with ACCESS, and the file is served on only as privately.
   */
  public record Deps(Locator tracker, ConnectionFactory connections, Library library,
      ActorRef<Manifest> announce, ActorRef<TransferEvent> events, PartialFileOpener opener,
      LongSupplier nanoTime, Optional<Library.Privacy> privacy) {
    public Deps(Locator tracker, ConnectionFactory connections, Library library,
        ActorRef<Manifest> announce, ActorRef<TransferEvent> events) {
      this(tracker, connections, library, announce, events, PartialFile::open, System::nanoTime);
    }

    public Deps(Locator tracker, ConnectionFactory connections, Library library,
        ActorRef<Manifest> announce, ActorRef<TransferEvent> events, PartialFileOpener opener,
        LongSupplier nanoTime) {
      this(tracker, connections, library, announce, events, opener, nanoTime, Optional.empty());
    }

    /** These deps for a private share. */
    public Deps withPrivacy(Optional<Library.Privacy> p) {
      return new Deps(tracker, connections, library, announce, events, opener, nanoTime, p);
    }
  }

  private Download() {}

  public static Behavior<Command> create(FileId id, Settings settings, Deps deps,
      ActorRef<Outcome> replyTo) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> Locating.start(
        new DownloadContext(ctx, timers, id, settings, deps, replyTo, new AtomicBoolean(),
            deps.nanoTime().getAsLong(), new WrongVariants(), new AtomicBoolean()))));
  }
}
