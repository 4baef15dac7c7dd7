package dev.p2p.tracker.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.p2p.text.HostPort;
import dev.p2p.tracker.TrackerBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.ShardingMessageExtractor;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;

/**
 * A tracker node of a Pekko cluster: the configuration that makes an actor system one
 * ({@link #config}: tracker-cluster.conf, loaded only then, under the node's own address and the
 * seed list), and {@link #start}, which runs the sharded registry on it and returns the
 * {@link TrackerBackend} its TCP server answers from.
 */
public final class TrackerCluster {
  /**
   * Hex digits of the file ID that name its shard: 2 = 256 shards, "a factor ten greater than the
   * planned maximum number of cluster nodes" (Pekko's sharding docs) for up to 25 nodes. Every
   * node must use the same; changing it needs a full cluster stop.
   */
  static final int SHARD_PREFIX = 2;

  /** What {@link #start} returns: the backend, and when this node joined the cluster as Up. */
  public record Node(TrackerBackend backend, CompletionStage<Void> up, LocalRegistrations local) {}

  private TrackerCluster() {}

  /**
   * {@code base} (the loaded configuration) with tracker-cluster.conf under it and, on top, this
   * node's cluster address {@code host:port} and the seed nodes {@code seeds} ("HOST:PORT" each)
   * of the actor system named {@code systemName} (the same on every node).
   */
  public static Config config(Config base, String systemName, String host, int port, List<String> seeds) {
    List<String> seedUris = new ArrayList<>();
    for (String s : seeds) {
      HostPort hp = HostPort.parse(s.trim(), 1);
      seedUris.add("pekko://" + systemName + "@" + hp.host() + ":" + hp.port());
    }
    Map<String, Object> node = new LinkedHashMap<>();
    node.put("pekko.remote.artery.canonical.hostname", host);
    node.put("pekko.remote.artery.canonical.port", port);
    node.put("pekko.cluster.seed-nodes", seedUris);
    return ConfigFactory.parseMap(node)
        .withFallback(ConfigFactory.parseResourcesAnySyntax("tracker-cluster"))
        .withFallback(base)
        .resolve();
  }

  /**
   * Starts the sharded registry on {@code system} (made with {@link #config}): entities drop a
   * peer {@code ttl} after its last registration and list at most {@code maxPeersPerQuery} peers;
   * this node accepts at most {@code maxPerHost} registrations from one host; each request waits
   * at most {@code timeout} for its entity.
   */
  public static Node start(ActorSystem<?> system, Duration ttl, int maxPeersPerQuery, int maxPerHost,
      Duration timeout) {
    ClusterSharding sharding = ClusterSharding.get(system);
    sharding.init(Entity.of(FileEntry.KEY,
            ctx -> FileEntry.create(ctx.getEntityId(), ctx.getShard(), ttl, maxPeersPerQuery))
        .withMessageExtractor(new ByPrefix()));
    LocalRegistrations local = new LocalRegistrations(ttl.toNanos(), System::nanoTime);
    CompletableFuture<Void> up = new CompletableFuture<>();
    ActorRef<Reseeder.Command> reseeder =
        system.systemActorOf(Reseeder.create(sharding, local, up), Reseeder.NAME, Props.empty());
    return new Node(new ClusterBackend(sharding, local, reseeder, timeout, maxPerHost), up, local);
  }

  /** Shard = the first {@link #SHARD_PREFIX} hex digits of the ID (uniform: IDs are SHA-256). */
  static final class ByPrefix
      extends ShardingMessageExtractor<ShardingEnvelope<FileEntry.Command>, FileEntry.Command> {
    @Override
    public String entityId(ShardingEnvelope<FileEntry.Command> envelope) {
      return envelope.entityId();
    }

    @Override
    public String shardId(String entityId) {
      return entityId.substring(0, SHARD_PREFIX);
    }

    @Override
    public FileEntry.Command unwrapMessage(ShardingEnvelope<FileEntry.Command> envelope) {
      return envelope.message();
    }
  }
}
