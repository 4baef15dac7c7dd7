package dev.p2p.tracker.cluster;

import dev.p2p.protocol.Codec;
import dev.p2p.protocol.ErrorCode;
import dev.p2p.protocol.Message;
import dev.p2p.protocol.Message.PeerInfo;
import dev.p2p.storage.FileId;
import dev.p2p.storage.PeerAddress;
import dev.p2p.tracker.TrackerBackend;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.util.ByteString;

/**
 * A clustered tracker node's answers: every request goes to the file's {@link FileEntry}, on
 * whichever node holds its shard, with p2p.tracker.cluster.ask-timeout; a request that times out
 * (lost on its way to a node that just died, or waiting for its shard to move) is answered ERROR
 * BUSY, which a client treats as "try again shortly", like an unreachable tracker. Accepted
 * registrations are remembered in {@link LocalRegistrations} for re-seeding and for the per-host
 * cap.
 */
public final class ClusterBackend implements TrackerBackend {
  /**
   * Largest REGISTER body forwarded between nodes: Artery's maximum-frame-size in
   * tracker-cluster.conf (4 MiB) less room for the envelope and, in a QUERY answer, 50 peers.
   * About 60,000 chunk hashes: a 15 GiB file at the default 256 KiB chunks.
   */
  static final int MAX_FORWARDED_BYTES = 4 * 1024 * 1024 - 64 * 1024;

  private final ClusterSharding sharding;
  private final LocalRegistrations local;
  /** Told of accepted withdrawals, which it passes on to every node. */
  private final ActorRef<Reseeder.Command> reseeder;
  private final Duration timeout;
  private final int maxPerHost;

  ClusterBackend(ClusterSharding sharding, LocalRegistrations local, ActorRef<Reseeder.Command> reseeder,
      Duration timeout, int maxPerHost) {
    this.sharding = sharding;
    this.local = local;
    this.reseeder = reseeder;
    this.timeout = timeout;
    this.maxPerHost = maxPerHost;
  }

  @Override
  public CompletionStage<ByteString> register(Message.Register r, PeerInfo peer, String owner) {
    FileId id = r.fileId();
    PeerAddress at = peer.address();
    if (local.atCap(id, at, maxPerHost)) {
      return error(id, ErrorCode.BUSY, "too many registrations from " + at.host() + " (limit " + maxPerHost + ")");
    }
    byte[] body = Codec.encode(Message.Register.of(r.manifest(), peer.peerId(), peer.host(), peer.port())).toArrayUnsafe();
    if (body.length > MAX_FORWARDED_BYTES) {
      return error(id, ErrorCode.BAD_REQUEST, "manifest of " + body.length
          + " bytes is too large for a clustered tracker (limit " + MAX_FORWARDED_BYTES + ")");
    }
    return ask(id, replyTo -> new FileEntry.Register(body, owner, 0, replyTo)).thenApply(a -> {
      if (a.accepted()) local.registered(id, at, body, owner);
      return a.frame();
    });
  }

  @Override
  public CompletionStage<ByteString> unregister(FileId id, PeerAddress peer, String owner) {
    return ask(id, replyTo -> new FileEntry.Unregister(peer.host(), peer.port(), owner, replyTo))
        .thenApply(a -> {
          if (a.accepted()) reseeder.tell(new Reseeder.Withdrawn(id, peer));
          return a.frame();
        });
  }

  @Override
  public CompletionStage<ByteString> query(Message.Query q) {
    return ask(q.fileId(), replyTo -> new FileEntry.Query(q.exclude(), replyTo)).thenApply(FileEntry.Answer::frame);
  }

  @Override
  public CompletionStage<ByteString> queryPeers(Message.QueryPeers q) {
    return ask(q.fileId(), replyTo -> new FileEntry.QueryPeers(q.variant(), replyTo))
        .thenApply(FileEntry.Answer::frame);
  }

  private CompletionStage<FileEntry.Answer> ask(FileId id,
      Function<ActorRef<FileEntry.Answer>, FileEntry.Command> message) {
    return sharding.entityRefFor(FileEntry.KEY, id.hex()).<FileEntry.Answer>ask(message, timeout)
        // Lost on its way to a node that has just died (sharding delivers at most once), or
        // buffered while its shard moves: the peer may ask again in a moment.
        .exceptionally(t -> new FileEntry.Answer(Codec.encode(noAnswer(id, timeout)).toArrayUnsafe(), false));
  }

  /** The answer to a request its file's entity did not answer within {@code timeout}. */
  static Message.Error noAnswer(FileId id, Duration timeout) {
    return new Message.Error(ErrorCode.BUSY, "no answer about file " + id + " within "
        + timeout.toMillis() + " ms: the tracker cluster may be moving it after a node loss; try again", id, null);
  }

  private static CompletionStage<ByteString> error(FileId id, ErrorCode code, String reason) {
    return CompletableFuture.completedFuture(Codec.encode(new Message.Error(code, reason, id, null)));
  }
}
