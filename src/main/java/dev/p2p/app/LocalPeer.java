package dev.p2p.app;

import dev.p2p.text.UserText;
import dev.p2p.peer.Library;
import dev.p2p.peer.PeerServer;
import dev.p2p.peer.RateLimiter;
import dev.p2p.net.FramedServer;
import dev.p2p.text.P2pException;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import dev.p2p.storage.SharedFile;
import dev.p2p.tracker.TrackerClient;
import dev.p2p.transfer.Download;
import dev.p2p.peer.PeerConnection;
import dev.p2p.app.PeerGuardian;
import dev.p2p.transfer.TransferEvent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A peer node: a chunk server, a {@link PeerGuardian} supervisor actor and a tracker client, inside
 * an actor system that may hold many nodes (tests and {@code simulate} run many in one JVM). This
 * is the {@link NodeFacade} the CLI and the GUI use.
 */
public final class LocalPeer implements NodeFacade {
  private final ActorSystem<?> system;
  private final AppSettings settings;
  private final String peerId;
  private final FramedServer.Server binding;
  private final ActorRef<PeerGuardian.Command> actor;
  private final Executor blocking;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final CompletableFuture<Void> stoppedFuture = new CompletableFuture<>();

  private LocalPeer(ActorSystem<?> system, AppSettings settings, String peerId, FramedServer.Server binding,
      ActorRef<PeerGuardian.Command> actor) {
    this.system = system;
    this.settings = settings;
    this.peerId = peerId;
    this.binding = binding;
    this.actor = actor;
    this.blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
  }

  /** Binds the chunk server and starts the node's actors. */
  public static CompletionStage<LocalPeer> start(ActorSystem<?> system, AppSettings s) {
    Library library = new Library();
    String peerId = "p" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(0, 10);
    FramedServer.Limits limits = new FramedServer.Limits(s.maxConnections(),
        s.maxConnectionsPerIp(), s.maxFrameBytes(), s.idleTimeout());
    RateLimiter upload = new RateLimiter(system, s.uploadLimit());
    RateLimiter download = new RateLimiter(system, s.downloadLimit());
    return PeerServer.bind(system, library, s.peerHost(), s.peerPort(), limits, s.pipelineDepth(), upload)
        .exceptionally(t -> {
          throw new P2pException("cannot listen on " + s.peerHost() + ":" + s.peerPort() + " ("
              + UserText.oneLine(t) + "); choose another port with --port", t);
        })
        .thenApply(binding -> {
          int port = binding.localAddress().getPort();
          Optional<InetSocketAddress> local = Optional.of(new InetSocketAddress(s.peerHost(), 0));
          TrackerClient tracker = new TrackerClient(system,
              new InetSocketAddress(s.trackerHost(), s.trackerPort()), local, s.connectTimeout(),
              s.requestTimeout(), s.maxFrameBytes());
          PeerConnection.Settings conn = new PeerConnection.Settings(s.connectTimeout(),
              s.idleTimeout(), s.maxFrameBytes(), s.pipelineDepth() * 2 + 8, local, download);
          Download.Settings ds = new Download.Settings(s.downloadDir(), s.requestTimeout(),
              s.retries(), s.parallelism(), s.pipelineDepth(), peerId, s.peerHost(), port);
          Download.ConnectionFactory connections = (peer, address, id, numChunks, owner) ->
              PeerConnection.create(peer, address, id, numChunks, conn, owner);
          ActorRef<PeerGuardian.Command> actor = system.systemActorOf(
              PeerGuardian.create(ds, tracker, connections, library, s.reannounceInterval()), "node-" + peerId,
              Props.empty());
          return new LocalPeer(system, s, peerId, binding, actor);
        });
  }

  @Override
  public String peerId() {
    return peerId;
  }

  @Override
  public InetSocketAddress address() {
    return binding.localAddress();
  }

  public AppSettings settings() {
    return settings;
  }

  @Override
  public CompletionStage<Manifest> share(Path file) {
    Path path = file.toAbsolutePath().normalize();
    return CompletableFuture.supplyAsync(() -> {
      try {
        long total = java.nio.file.Files.size(path);
        AtomicLong lastReport = new AtomicLong(-1);
        return SharedFile.hashAndOpen(path, chunkSizeFor(total), done -> {
          long now = System.nanoTime();
          if (done == total || now - lastReport.get() > 100_000_000L) {
            lastReport.set(now);
            publish(new TransferEvent.Hashing(peerId, path, done, total));
          }
        });
      } catch (java.nio.file.NoSuchFileException e) {
        throw new P2pException("no such file: " + path);
      } catch (IOException e) {
        throw new P2pException("cannot read " + path + ": " + UserText.oneLine(e), e);
      }
    }, blocking).thenCompose(shared -> AskPattern.<PeerGuardian.Command, PeerGuardian.ShareResult>ask(
            actor, r -> new PeerGuardian.Share(shared, r), settings.requestTimeout().multipliedBy(2),
            system.scheduler())
        .thenApply(r -> {
          if (r.error() != null) throw new P2pException(r.error());
          return r.manifest();
        }));
  }

  /**
   * The configured chunk size, doubled as often as needed to keep a manifest under about 100,000
   * chunks, so that its list of hashes fits in one frame.
   */
  int chunkSizeFor(long size) {
    int c = settings.chunkSize();
    while (Manifest.chunkCount(size, c) > 100_000 && c < Manifest.MAX_CHUNK_SIZE) c *= 2;
    return c;
  }

  @Override
  public CompletionStage<DownloadResult> download(FileId id, Path outDir) {
    CompletableFuture<Download.Outcome> outcome = new CompletableFuture<>();
    ActorRef<Download.Outcome> receiver = system.systemActorOf(
        Behaviors.receiveMessage(o -> {
          outcome.complete(o);
          return Behaviors.stopped();
        }), "reply-" + id.shortHex() + "-" + ThreadLocalRandom.current().nextInt(1 << 30),
        Props.empty());
    actor.tell(new PeerGuardian.StartDownload(id, outDir, receiver));
    return outcome.thenApply(o -> {
      if (o instanceof Download.Finished f) {
        return new DownloadResult(f.path(), f.manifest(), f.seconds(), f.peers());
      }
      throw new P2pException(((Download.Aborted) o).reason());
    });
  }

  @Override
  public AutoCloseable subscribe(Consumer<TransferEvent> listener) {
    Object stop = new Object();
    ActorRef<Object> ref = system.systemActorOf(
        Behaviors.receiveMessage(m -> {
          if (m == stop) return Behaviors.stopped();
          if (m instanceof TransferEvent e && peerId.equals(e.node())) listener.accept(e);
          return Behaviors.same();
        }), "events-" + peerId + "-" + ThreadLocalRandom.current().nextInt(1 << 30), Props.empty());
    ActorRef<TransferEvent> events = ref.narrow();
    system.eventStream().tell(new EventStream.Subscribe<>(TransferEvent.class, events));
    return () -> {
      system.eventStream().tell(new EventStream.Unsubscribe<>(events));
      ref.tell(stop);
    };
  }

  private void publish(TransferEvent e) {
    system.eventStream().tell(new EventStream.Publish<>(e));
  }

  @Override
  public CompletionStage<Void> stop() {
    if (stopped.compareAndSet(false, true)) {
      AskPattern.<PeerGuardian.Command, Done>ask(actor, PeerGuardian.Stop::new,
              settings.requestTimeout().plus(Duration.ofSeconds(1)), system.scheduler())
          .exceptionally(t -> Done.getInstance())
          .thenCompose(d -> binding.stop())
          .whenComplete((d, t) -> stoppedFuture.complete(null));
    }
    return stoppedFuture;
  }
}
