package dev.p2p.tracker;

import dev.p2p.protocol.Message;
import dev.p2p.protocol.Message.PeerInfo;
import dev.p2p.storage.FileId;
import dev.p2p.storage.PeerAddress;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.util.ByteString;

/**
 * What a {@link TrackerServer} answers from: each call completes with the encoded frame body of
 * the reply (REGISTERED, QUERY_RESULT, PEERS or ERROR), never with a failure the peer should not
 * see. The single-process tracker answers from its {@link Registry} and {@link PublishedFiles};
 * a clustered one from the file's sharded entity ({@code tracker.cluster}).
 */
public interface TrackerBackend {
  /**
   * Registers {@code peer} (its host already the connection's, its ID the proved node ID over
   * TLS) as a holder of {@code r}'s manifest; {@code owner}: the node ID the connection proved,
   * "" for none.
   */
  CompletionStage<ByteString> register(Message.Register r, PeerInfo peer, String owner);

  CompletionStage<ByteString> unregister(FileId id, PeerAddress peer, String owner);

  CompletionStage<ByteString> query(Message.Query q);

  CompletionStage<ByteString> queryPeers(Message.QueryPeers q);
}
