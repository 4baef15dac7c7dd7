package dev.p2p.transfer.legacy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.p2p.protocol.ProtocolException;
import dev.p2p.protocol.legacy.LegacyPeerMessages;
import dev.p2p.protocol.legacy.LegacyPeerReplyReader;
import dev.p2p.protocol.legacy.LegacyWire;
import dev.p2p.text.P2pException;
import dev.p2p.text.UserText;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * A client of a tracker in the original's protocol (the original's, or ours with
 * p2p.legacy-wire on): one connection per request, as the original's client does. A refusal
 * ({@code "status": "error"}) fails the call with the tracker's message, made one line.
 */
public final class LegacyTrackerLink {
  private final ActorSystem<?> system;
  private final InetSocketAddress tracker;
  private final LegacyExchange.Timeouts timeouts;

  public LegacyTrackerLink(ActorSystem<?> system, InetSocketAddress tracker, LegacyExchange.Timeouts timeouts) {
    this.system = system;
    this.tracker = tracker;
    this.timeouts = timeouts;
  }

  /** The tracker's "host:port", for messages. */
  public String name() {
    return tracker.getHostString() + ":" + tracker.getPort();
  }

  /** The file's name, chunk count and peers; fails with "unknown file" when the tracker has none. */
  public CompletionStage<LegacyPeerMessages.Located> query(String shortId) {
    return ask(LegacyPeerMessages.query(shortId)).thenApply(reply -> {
      if (!LegacyPeerMessages.succeeded(reply)) {
        throw new P2pException(P2pException.Kind.NOT_FOUND, "unknown file " + shortId + " at tracker " + name() + " ("
            + LegacyPeerMessages.why(reply) + ")");
      }
      try {
        return LegacyPeerMessages.Located.from(reply);
      } catch (ProtocolException e) {
        throw new P2pException("tracker " + name() + " answered QUERY wrongly: " + e.getMessage(), e);
      }
    });
  }

  /** REGISTER, which must succeed (the original refuses a 0 in any field: an empty file, port 0). */
  public CompletionStage<Void> register(String shortId, String filename, int numChunks, String peerId,
      String host, int port) {
    return expect("REGISTER", LegacyPeerMessages.register(shortId, filename, numChunks, peerId, host, port));
  }

  public CompletionStage<Void> started(String shortId, String peerId, String host, int port,
      String filename, int numChunks) {
    return expect("ANNOUNCE started", LegacyPeerMessages.started(shortId, peerId, host, port, filename, numChunks));
  }

  public CompletionStage<Void> stopped(String shortId, String peerId) {
    return expect("ANNOUNCE stopped", LegacyPeerMessages.stopped(shortId, peerId));
  }

  public CompletionStage<Void> unregister(String shortId, String peerId) {
    return expect("UNREGISTER", LegacyPeerMessages.unregister(shortId, peerId));
  }

  private CompletionStage<Void> expect(String what, ObjectNode request) {
    return ask(request).thenApply(reply -> {
      if (!LegacyPeerMessages.succeeded(reply)) {
        throw new P2pException("tracker " + name() + " refused " + what + ": " + LegacyPeerMessages.why(reply));
      }
      return null;
    });
  }

  private CompletionStage<ObjectNode> ask(ObjectNode request) {
    return LegacyExchange.run(system, tracker, request,
            LegacyPeerReplyReader.frameOnly(LegacyWire.DEFAULT_MAX_BODY), timeouts)
        .handle((reply, failure) -> {
          if (failure != null) {
            throw new P2pException(P2pException.Kind.TRACKER_UNREACHABLE, "tracker " + name() + ": "
                + UserText.oneLine(failure), failure);
          }
          return reply.header();
        });
  }
}
