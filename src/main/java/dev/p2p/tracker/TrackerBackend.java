package dev.p2p.tracker;

import dev.p2p.protocol.Codec;
import dev.p2p.protocol.ErrorCode;
import dev.p2p.protocol.Message;
import dev.p2p.protocol.Message.PeerInfo;
import dev.p2p.protocol.Search;
import dev.p2p.storage.FileId;
import dev.p2p.storage.PeerAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.util.ByteString;

/**
 * What a {@link TrackerServer} answers from: each call completes with the encoded frame body of
 * the reply (REGISTERED, QUERY_RESULT, PEERS, SEARCH_RESULT or ERROR), never with a failure the peer should not
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

  /**
   * SEARCH: SEARCH_RESULT over the public files by name. A backend without a name index (a
   * clustered tracker: each node holds only its shards' files) answers ERROR BAD_REQUEST.
   */
  default CompletionStage<ByteString> search(Search s) {
    return CompletableFuture.completedFuture(Codec.encode(Message.Error.of(ErrorCode.BAD_REQUEST,
        "a clustered tracker has no index of names; ask a single-process tracker")));
  }

  /**
   * The view this backend answers from in this process, with its short-ID index and the original
   * program's registrations: what the original's protocol needs. Empty for a clustered tracker,
   * which does not speak that protocol.
   */
  default Optional<PublishedFiles> published() {
    return Optional.empty();
  }
}
