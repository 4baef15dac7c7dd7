package dev.p2p.app;

import dev.p2p.metrics.Meters;
import dev.p2p.net.FramedServer;
import dev.p2p.net.Transport;
import dev.p2p.text.P2pException;
import dev.p2p.text.UserText;
import dev.p2p.tracker.PrivateShares;
import dev.p2p.tracker.PublishedFiles;
import dev.p2p.tracker.Registry;
import dev.p2p.tracker.TrackerBackend;
import dev.p2p.tracker.TrackerServer;
import dev.p2p.tracker.cluster.TrackerCluster;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * A running tracker: a {@link TrackerServer} in front of either the {@link Registry} actor
 * (spawned by the process's {@link Guardian}; the single-process tracker) or, when the actor
 * system was made a cluster node ({@link P2pSystem#trackerConfig}), the cluster's sharded
 * registry ({@link TrackerCluster}).
 */
public final class LocalTracker {
  private final FramedServer.Server binding;
  /** The single-process registry, stopped with the server; empty in a cluster. */
  private final Optional<ActorRef<Registry.Command>> registry;
  private final Optional<CompletionStage<Void>> clusterUp;
  private final Transport transport;
  /** What the single-process registry publishes (its counts for /status); empty in a cluster. */
  private final Optional<PublishedFiles> published;

  private LocalTracker(FramedServer.Server binding, Optional<ActorRef<Registry.Command>> registry,
      Optional<CompletionStage<Void>> clusterUp, Transport transport, Optional<PublishedFiles> published) {
    this.binding = binding;
    this.published = published;
    this.registry = registry;
    this.clusterUp = clusterUp;
    this.transport = transport;
  }

  /** How its connections are carried: "TLS as node ID ..." or "plaintext", for the user. */
  public String transportDescription() {
    return transport.identity().map(i -> "TLS, node ID " + i.nodeId()).orElse("plaintext: not encrypted");
  }

  /** Whether this tracker is a node of a cluster. */
  public static boolean clustered(ActorSystem<?> system) {
    return "cluster".equals(system.settings().config().getString("pekko.actor.provider"));
  }

  public static CompletionStage<LocalTracker> start(ActorSystem<?> system, AppSettings s) {
    Transport transport = s.transport();
    FramedServer.Limits limits = new FramedServer.Limits(s.maxConnections(),
        s.maxConnectionsPerIp(), s.maxFrameBytes(), s.idleTimeout(), s.headerTimeout());
    if (clustered(system)) {
      TrackerCluster.Node node = TrackerCluster.start(system, s.peerTtl(), s.maxPeersPerQuery(),
          s.maxRegistrationsPerIp(),
          system.settings().config().getDuration("p2p.tracker.cluster.ask-timeout"));
      return bind(system, s, node.backend(), limits, transport, () -> {})
          .thenApply(b -> new LocalTracker(b, Optional.empty(), Optional.of(node.up()), transport, Optional.empty()));
    }
    PublishedFiles published = new PublishedFiles(s.maxPeersPerQuery());
    Meters.process().gauge("p2p.tracker.files", "files registered now", published, PublishedFiles::fileCount);
    Meters.process().gauge("p2p.tracker.registrations", "(file, peer) registrations now", published,
        PublishedFiles::registrationCount);
    return AskPattern.<Guardian.Command, ActorRef<Registry.Command>>ask(Guardian.of(system),
            r -> new Guardian.SpawnTracker(
                Registry.create(s.peerTtl(), s.maxRegistrationsPerIp(), published), r),
            s.requestTimeout(), system.scheduler())
        .thenCompose(registry -> bind(system, s,
                TrackerServer.local(system, registry, published, s.requestTimeout()), limits, transport,
                () -> registry.tell(Registry.Shutdown.INSTANCE))
            .thenApply(b -> new LocalTracker(b, Optional.of(registry), Optional.empty(), transport,
                Optional.of(published))));
  }

  private static CompletionStage<FramedServer.Server> bind(ActorSystem<?> system, AppSettings s,
      TrackerBackend backend, FramedServer.Limits limits, Transport transport, Runnable onFailure) {
    PrivateShares privates = new PrivateShares(Clock.systemUTC(), s.peerTtl(),
        s.maxRegistrationsPerIp(), s.maxPeersPerQuery());
    return TrackerServer.bind(system, backend, privates, s.trackerHost(), s.trackerPort(), limits,
            transport, s.legacyWire())
        .exceptionally(t -> {
          onFailure.run();
          throw new P2pException("cannot listen on " + s.trackerHost() + ":" + s.trackerPort()
              + " (" + UserText.oneLine(t) + "); is another tracker running? choose another port with --port", t);
        });
  }

  public InetSocketAddress address() {
    return binding.localAddress();
  }

  /** What this tracker holds now; empty for a cluster node (its files are spread over the cluster). */
  public Optional<PublishedFiles> published() {
    return published;
  }

  /** When this node is Up in its cluster; empty for a single-process tracker. */
  public Optional<CompletionStage<Void>> clusterUp() {
    return clusterUp;
  }

  /** Stops accepting connections and closes the established ones. */
  public CompletionStage<Void> stop() {
    return binding.stop().thenRun(() -> registry.ifPresent(r -> r.tell(Registry.Shutdown.INSTANCE)));
  }
}
