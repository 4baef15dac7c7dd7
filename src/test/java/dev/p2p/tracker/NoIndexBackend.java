package dev.p2p.tracker;

import dev.p2p.protocol.Codec;
import dev.p2p.protocol.ErrorCode;
import dev.p2p.protocol.Message;
import dev.p2p.protocol.Message.PeerInfo;
import dev.p2p.storage.FileId;
import dev.p2p.storage.PeerAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.util.ByteString;

/**
 * A backend without a local view, as a clustered tracker's is: it keeps {@link TrackerBackend}'s
 * defaults for SEARCH and the original's protocol, and knows no file.
 */
final class NoIndexBackend implements TrackerBackend {
  private static CompletionStage<ByteString> unknown(FileId id) {
    return CompletableFuture.completedFuture(
        Codec.encode(new Message.Error(ErrorCode.NOT_FOUND, "no peer shares file " + id, id, null)));
  }

  @Override
  public CompletionStage<ByteString> register(Message.Register r, PeerInfo peer, String owner) {
    return unknown(r.fileId());
  }

  @Override
  public CompletionStage<ByteString> unregister(FileId id, PeerAddress peer, String owner) {
    return unknown(id);
  }

  @Override
  public CompletionStage<ByteString> query(Message.Query q) {
    return unknown(q.fileId());
  }

  @Override
  public CompletionStage<ByteString> queryPeers(Message.QueryPeers q) {
    return unknown(q.fileId());
  }
}
