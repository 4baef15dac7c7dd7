package dev.p2p.transfer;

import dev.p2p.peer.PeerConnection;
import dev.p2p.storage.Manifest;
import dev.p2p.storage.PartialFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Fetches one chunk from one peer: asks the peer's connection, waits at most {@code timeout},
 * checks the bytes against the chunk's SHA-256 and writes them at their offset in the partial
 * file. It reports exactly one {@link Result} to its download and stops. It runs on the blocking
 * dispatcher, since it hashes and writes.
 */
public final class ChunkFetcher {
  public sealed interface Command permits Replied, Timeout {}

  private record Replied(PeerConnection.Reply reply) implements Command {}

  private enum Timeout implements Command { INSTANCE }

  /** Why a fetch failed; the download's retry and ban policies depend on it. */
  public enum FailureKind { TIMEOUT, REFUSED, BAD_DATA, CONNECTION, DISK }

  public sealed interface Result permits Fetched, FetchFailed {
    int index();

    String peer();
  }

  public record Fetched(int index, String peer, int bytes) implements Result {}

  public record FetchFailed(int index, String peer, FailureKind kind, String reason) implements Result {}

  private ChunkFetcher() {}

  public static Behavior<Command> create(Manifest manifest, int index, String peer,
      ActorRef<PeerConnection.Command> connection, PartialFile file, Duration timeout,
      ActorRef<Result> replyTo) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      ActorRef<PeerConnection.Reply> adapter =
          ctx.messageAdapter(PeerConnection.Reply.class, Replied::new);
      connection.tell(new PeerConnection.RequestChunk(index, adapter));
      timers.startSingleTimer(Timeout.INSTANCE, timeout);
      return waiting(ctx, manifest, index, peer, file, timeout, replyTo);
    }));
  }

  private static Behavior<Command> waiting(ActorContext<Command> ctx, Manifest manifest, int index,
      String peer, PartialFile file, Duration timeout, ActorRef<Result> replyTo) {
    return Behaviors.receive(Command.class)
        .onMessageEquals(Timeout.INSTANCE, () -> fail(replyTo, index, peer, FailureKind.TIMEOUT,
            "no answer within " + timeout.toMillis() + " ms"))
        .onMessage(Replied.class, r -> onReply(manifest, index, peer, file, replyTo, r.reply()))
        .build();
  }

  private static Behavior<Command> onReply(Manifest manifest, int index, String peer,
      PartialFile file, ActorRef<Result> replyTo, PeerConnection.Reply reply) {
    if (reply instanceof PeerConnection.ChunkRefused r) {
      return fail(replyTo, index, peer, FailureKind.REFUSED, r.code() + ": " + r.reason());
    }
    if (reply instanceof PeerConnection.ConnectionLost l) {
      return fail(replyTo, index, peer, FailureKind.CONNECTION, l.reason());
    }
    PeerConnection.ChunkArrived a = (PeerConnection.ChunkArrived) reply;
    List<ByteBuffer> parts = new ArrayList<>();
    a.data().getByteBuffers().forEach(parts::add);
    ByteBuffer[] bufs = parts.toArray(ByteBuffer[]::new);
    if (!PartialFile.matches(manifest, index, bufs)) {
      return fail(replyTo, index, peer, FailureKind.BAD_DATA,
          "chunk " + index + " (" + a.data().size() + " bytes) does not match its SHA-256");
    }
    try {
      file.write(index, bufs);
      file.hashPrefix();
    } catch (IOException | RuntimeException e) {
      return fail(replyTo, index, peer, FailureKind.DISK, "cannot write to "
          + file.partPath() + ": " + e.getMessage());
    }
    replyTo.tell(new Fetched(index, peer, a.data().size()));
    return Behaviors.stopped();
  }

  private static Behavior<Command> fail(ActorRef<Result> replyTo, int index, String peer,
      FailureKind kind, String reason) {
    replyTo.tell(new FetchFailed(index, peer, kind, reason));
    return Behaviors.stopped();
  }
}
