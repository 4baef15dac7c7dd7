package dev.p2p.transfer;

import dev.p2p.peer.PeerConnection;
import dev.p2p.storage.Manifest;
import dev.p2p.storage.PartialFile;
import dev.p2p.storage.PeerAddress;
import dev.p2p.transfer.policy.FailureKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Fetches one chunk from one peer: asks the peer's connection, waits at most {@code timeout},
 * checks the bytes against the chunk's SHA-256 and writes them at their offset in the partial
 * file. It reports exactly one {@link Result} to its download and stops. It runs on the blocking
 * dispatcher, since it hashes and writes.
 *
 * <p>Each fetcher has exactly one request out, so the number of requests a connection carries is
 * the number of fetchers the download runs on it: its request window, at most the pipeline depth.
 * That is what keeps the connection's unbuffered stream ends (see {@link PeerConnection}) bounded.
 */
public final class ChunkFetcher {
  public sealed interface Command permits Replied, Timeout {}

  private record Replied(PeerConnection.Reply reply) implements Command {}

  private enum Timeout implements Command { INSTANCE }

  /**
   * One request: {@code fetch} is the download's key for it (unique within the download), so the
   * result finds its request by a map look-up.
   */
  public record Request(int fetch, int index, PeerAddress peer) {}

  /** The one answer a fetcher gives its download. */
  public sealed interface Result permits Fetched, FetchFailed {
    Request request();
  }

  /** The chunk matched its hash and is written ({@code bytes} long). */
  public record Fetched(Request request, int bytes) implements Result {}

  /** The chunk did not arrive, or not intact, or could not be written; {@code reason} is one line. */
  public record FetchFailed(Request request, FailureKind kind, String reason) implements Result {}

  private ChunkFetcher() {}

  public static Behavior<Command> create(Manifest manifest, Request request,
      ActorRef<PeerConnection.Command> connection, PartialFile file, Duration timeout,
      ActorRef<Result> replyTo) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      ActorRef<PeerConnection.Reply> adapter =
          ctx.messageAdapter(PeerConnection.Reply.class, Replied::new);
      // The clock starts before the request leaves, so whoever sees the request knows it runs.
      timers.startSingleTimer(Timeout.INSTANCE, timeout);
      connection.tell(new PeerConnection.RequestChunk(request.index(), adapter));
      return waiting(manifest, request, file, timeout, replyTo);
    }));
  }

  private static Behavior<Command> waiting(Manifest manifest, Request request, PartialFile file,
      Duration timeout, ActorRef<Result> replyTo) {
    return Behaviors.receive(Command.class)
        .onMessageEquals(Timeout.INSTANCE, () -> fail(replyTo, request, FailureKind.TIMEOUT,
            "no answer within " + timeout.toMillis() + " ms"))
        .onMessage(Replied.class, r -> onReply(manifest, request, file, replyTo, r.reply()))
        .build();
  }

  private static Behavior<Command> onReply(Manifest manifest, Request request, PartialFile file,
      ActorRef<Result> replyTo, PeerConnection.Reply reply) {
    if (reply instanceof PeerConnection.ChunkRefused r) {
      return fail(replyTo, request, FailureKind.REFUSED, r.code() + ": " + r.reason());
    }
    if (reply instanceof PeerConnection.ConnectionLost l) {
      return fail(replyTo, request, FailureKind.CONNECTION, l.reason());
    }
    PeerConnection.ChunkArrived a = (PeerConnection.ChunkArrived) reply;
    // Views of the received bytes, not copies: the file copies them once, into its own buffer.
    List<ByteBuffer> parts = new ArrayList<>();
    a.data().getByteBuffers().forEach(parts::add);
    int index = request.index();
    boolean intact;
    try {
      intact = file.writeIfIntact(index, parts.toArray(ByteBuffer[]::new));
    } catch (IOException | RuntimeException e) {
      return fail(replyTo, request, FailureKind.DISK, "cannot write to "
          + file.partPath() + ": " + e.getMessage());
    }
    if (!intact) {
      return fail(replyTo, request, FailureKind.BAD_DATA,
          "chunk " + index + " (" + a.data().size() + " bytes) does not match its SHA-256");
    }
    replyTo.tell(new Fetched(request, a.data().size()));
    return Behaviors.stopped();
  }

  private static Behavior<Command> fail(ActorRef<Result> replyTo, Request request,
      FailureKind kind, String reason) {
    replyTo.tell(new FetchFailed(request, kind, reason));
    return Behaviors.stopped();
  }
}
