package dev.p2p.app;

import dev.p2p.net.Transport;
import dev.p2p.net.FramedServer;
import dev.p2p.net.Transport;
import dev.p2p.text.P2pException;
import dev.p2p.net.Transport;
import dev.p2p.text.UserText;
import dev.p2p.net.Transport;
import dev.p2p.tracker.PrivateShares;
import dev.p2p.tracker.PublishedFiles;
import dev.p2p.net.Transport;
import dev.p2p.tracker.Registry;
import dev.p2p.net.Transport;
import dev.p2p.tracker.TrackerServer;
import dev.p2p.net.Transport;
import java.net.InetSocketAddress;
import java.time.Clock;
import dev.p2p.net.Transport;
import java.util.concurrent.CompletionStage;
import dev.p2p.net.Transport;
import org.apache.pekko.actor.typed.ActorRef;
import dev.p2p.net.Transport;
import org.apache.pekko.actor.typed.ActorSystem;
import dev.p2p.net.Transport;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * A running tracker: the {@link Registry} actor (spawned by the process's {@link Guardian}) behind
 * a {@link TrackerServer}.
 */
public final class LocalTracker {
  private final FramedServer.Server binding;
  private final ActorRef<Registry.Command> registry;

  private final Transport transport;

  private LocalTracker(FramedServer.Server binding, ActorRef<Registry.Command> registry,
      Transport transport) {
    this.binding = binding;
    this.registry = registry;
    this.transport = transport;
  }

  /** How its connections are carried: "TLS as node ID ..." or "plaintext", for the user. */
  public String transportDescription() {
    return transport.identity().map(i -> "TLS, node ID " + i.nodeId()).orElse("plaintext: not encrypted");
  }

  public static CompletionStage<LocalTracker> start(ActorSystem<?> system, AppSettings s) {
    PublishedFiles published = new PublishedFiles(s.maxPeersPerQuery());
    Transport transport = s.transport();
    FramedServer.Limits limits = new FramedServer.Limits(s.maxConnections(),
        s.maxConnectionsPerIp(), s.maxFrameBytes(), s.idleTimeout(), s.headerTimeout());
    return AskPattern.<Guardian.Command, ActorRef<Registry.Command>>ask(Guardian.of(system),
            r -> new Guardian.SpawnTracker(
                Registry.create(s.peerTtl(), s.maxRegistrationsPerIp(), published), r),
            s.requestTimeout(), system.scheduler())
        .thenCompose(registry -> TrackerServer.bind(system, registry, published,
                new PrivateShares(Clock.systemUTC(), s.peerTtl(), s.maxRegistrationsPerIp(), s.maxPeersPerQuery()),
                s.trackerHost(), s.trackerPort(), limits, transport, s.requestTimeout())
            .exceptionally(t -> {
              registry.tell(Registry.Shutdown.INSTANCE);
              throw new P2pException("cannot listen on " + s.trackerHost() + ":" + s.trackerPort()
                  + " (" + UserText.oneLine(t) + "); is another tracker running? choose another port with --port", t);
            })
            .thenApply(b -> new LocalTracker(b, registry, transport)));
  }

  public InetSocketAddress address() {
    return binding.localAddress();
  }

  /** Stops accepting connections and closes the established ones. */
  public CompletionStage<Void> stop() {
    return binding.stop().thenRun(() -> registry.tell(Registry.Shutdown.INSTANCE));
  }
}
