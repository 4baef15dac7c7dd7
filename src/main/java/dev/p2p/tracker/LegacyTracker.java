package dev.p2p.tracker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.p2p.net.FramedServer;
import dev.p2p.protocol.Message;
import dev.p2p.protocol.Message.PeerInfo;
import dev.p2p.protocol.Search;
import dev.p2p.protocol.SearchResult;
import dev.p2p.protocol.legacy.LegacyWire;
import dev.p2p.protocol.legacy.TrackerReplies;
import dev.p2p.protocol.legacy.TrackerRequest;
import dev.p2p.text.UserText;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.pf.PFBuilder;
import org.apache.pekko.stream.Graph;
import org.apache.pekko.stream.SourceShape;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tracker's side of the original program's protocol (docs/protocol.md, "The original's
 * protocol"): REGISTER, QUERY, UNREGISTER, SEARCH_BY_NAME and ANNOUNCE, answered in its reply
 * shapes ({@link TrackerReplies}), any number per connection, in order. Served from the same
 * {@link PublishedFiles} as our QUERY: every public file is found by its 16-hex short ID, with
 * our registrants as its peers plus the original's peers registered under that ID ({@link
 * LegacyFiles}, where their registrations go). Private shares are never visible here.
 *
 * <p>Unlike the original, a registrant's host is the connection's (the {@code host} a message
 * gives must be there, and is ignored), and only that host may withdraw its entry. A request
 * larger than {@link #MAX_REQUEST_BYTES}, malformed JSON, or a field of a type the original could
 * not have handled closes the connection after one log line, as the original closes on bad JSON.
 */
public final class LegacyTracker implements FramedServer.LegacyProtocol {
  private static final Logger log = LoggerFactory.getLogger(LegacyTracker.class);

  /**
   * Largest request body: the original's requests are a few hundred bytes (a 255-character name
   * written as {@code \\uXXXX} escapes is 1.5 KiB), so 16 KiB leaves room and bounds the buffer.
   */
  public static final int MAX_REQUEST_BYTES = 16 * 1024;

  /**
   * Most chunks a registration may claim: our largest file ({@code Manifest.MAX_FILE_SIZE}, 1 TiB)
   * in the original's 256 KiB chunks.
   */
  public static final int MAX_CHUNKS = 1 << 22;

  private final PublishedFiles published;
  private final LegacyFiles legacy;

  public LegacyTracker(PublishedFiles published) {
    this.published = published;
    this.legacy = published.legacy();
  }

  /**
   * A tracker that does not speak the original's protocol: it answers an original's first request
   * with an error saying {@code why} (in the original's shape, so that its user reads it) and closes.
   */
  public static FramedServer.LegacyProtocol refusing(String why) {
    ByteString refusal = LegacyWire.frame(TrackerReplies.error(why));
    return (remote, framesSeen) -> closingOnError(remote, Flow.of(ByteString.class)
        .via(LegacyWire.deframer(MAX_REQUEST_BYTES))
        .via(framesSeen)
        .take(1)
        .map(body -> refusal));
  }

  @Override
  public Flow<ByteString, ByteString, NotUsed> connection(InetSocketAddress remote,
      Flow<ByteString, ByteString, NotUsed> framesSeen) {
    String host = remote.getAddress().getHostAddress();
    return closingOnError(remote, Flow.of(ByteString.class)
        .via(LegacyWire.deframer(MAX_REQUEST_BYTES))
        .via(framesSeen)
        .map(body -> LegacyWire.frame(answer(LegacyWire.parse(body), host))));
  }

  /** Bad input ends the connection: one line in the log, no reply (the original sends none either). */
  private static Flow<ByteString, ByteString, NotUsed> closingOnError(InetSocketAddress remote,
      Flow<ByteString, ByteString, NotUsed> flow) {
    return flow.recoverWithRetries(1, new PFBuilder<Throwable, Graph<SourceShape<ByteString>, NotUsed>>()
        .matchAny(t -> {
          log.warn("tracker: closing connection from {} (original's protocol): {}", remote,
              UserText.oneLine(UserText.unwrap(t)));
          return Source.empty();
        })
        .build());
  }

  /**
   * The reply to one request from {@code host}. Throws {@code ProtocolException} for input that
   * closes the connection.
   */
  ObjectNode answer(ObjectNode json, String host) {
    TrackerRequest r = new TrackerRequest(json);
    String type = r.type();
    try {
      return switch (type) {
        case "REGISTER" -> register(r, host);
        case "QUERY" -> query(r);
        case "UNREGISTER" -> unregister(r, host);
        case "SEARCH_BY_NAME" -> search(r);
        case "ANNOUNCE" -> announce(r, host);
        default -> TrackerReplies.unknownType(type);
      };
    } catch (TrackerRequest.Invalid e) {
      return TrackerReplies.error(e.getMessage());
    }
  }

  private ObjectNode register(TrackerRequest r, String host) {
    if (!r.present("file_id", "filename", "num_chunks", "peer_id", "host", "port")) {
      return TrackerReplies.error(TrackerReplies.MISSING_FIELDS);
    }
    String id = r.shortId("file_id");
    String sent = r.string("file_id");
    String filename = r.text("filename", Search.MAX_WORDS);
    int numChunks = r.integer("num_chunks", 1, MAX_CHUNKS);
    return enter(r, id, filename, numChunks, host).orElseGet(() -> TrackerReplies.registered(sent));
  }

  /** Registers the peer {@code r} names at {@code host}; the refusal, if any. */
  private Optional<ObjectNode> enter(TrackerRequest r, String id, String filename, int numChunks,
      String host) {
    String peerId = r.text("peer_id", Message.MAX_PEER_ID);
    r.text("host", Message.MAX_HOST);
    int port = r.integer("port", 1, 65535);
    PeerInfo peer;
    try {
      peer = new PeerInfo(peerId, host, port);
    } catch (IllegalArgumentException e) {
      throw new TrackerRequest.Invalid("Invalid peer_id: expected 1 to " + Message.MAX_PEER_ID
          + " ASCII letters, digits, '-', '_' or '.'");
    }
    return legacy.register(id, filename, numChunks, peer).map(TrackerReplies::error);
  }

  private ObjectNode query(TrackerRequest r) {
    if (!r.present("file_id")) return TrackerReplies.error(TrackerReplies.MISSING_FILE_ID);
    String sent = r.string("file_id");
    String id = TrackerRequest.shortIdOrNull(sent);
    Optional<Described> d = id == null ? Optional.empty() : describe(id);
    return d.map(f -> TrackerReplies.found(sent, f.filename(), f.numChunks(), f.peers()))
        .orElseGet(() -> TrackerReplies.notFound(sent));
  }

  private ObjectNode unregister(TrackerRequest r, String host) {
    if (!r.present("file_id", "peer_id")) return TrackerReplies.error(TrackerReplies.MISSING_FIELDS);
    String sent = r.string("file_id");
    String peerId = r.string("peer_id");
    String id = TrackerRequest.shortIdOrNull(sent);
    if (id == null || describe(id).isEmpty()) return TrackerReplies.unknownFile(sent);
    return legacy.unregister(id, host, peerId) ? TrackerReplies.unregistered(peerId)
        : TrackerReplies.peerNotFound(peerId, sent);
  }

  private ObjectNode search(TrackerRequest r) {
    String term = NameSearch.term(r.string("filename", ""));
    if (term.isEmpty()) return TrackerReplies.error(TrackerReplies.MISSING_SEARCH_TERM);
    if (term.length() > Search.MAX_WORDS) {
      throw new TrackerRequest.Invalid("Invalid filename: a search term has at most " + Search.MAX_WORDS + " characters");
    }
    if (!published.admitSearch()) return TrackerReplies.error("Too many searches on this tracker right now, try again in a second");
    List<ObjectNode> files = new ArrayList<>();
    for (NameSearch.ShortHit h : NameSearch.searchShortIds(published, term, SearchResult.MAX_FILES)) {
      describe(h.shortId()).ifPresent(f ->
          files.add(TrackerReplies.file(h.shortId(), f.filename(), f.numChunks(), f.peers())));
    }
    return TrackerReplies.searched(term, files);
  }

  private ObjectNode announce(TrackerRequest r, String host) {
    if (!r.present("event", "info_hash", "peer_id")) {
      return TrackerReplies.error(TrackerReplies.MISSING_ANNOUNCE_FIELDS);
    }
    String event = r.string("event");
    switch (event) {
      case "started" -> {
        String filename = r.has("filename") ? r.text("filename", Search.MAX_WORDS) : "unknown";
        int numChunks = r.integer("num_chunks", 0, MAX_CHUNKS, 0);
        if (!r.present("host", "port")) return TrackerReplies.error(TrackerReplies.MISSING_HOST_OR_PORT);
        String id = r.shortId("info_hash");
        return enter(r, id, filename, numChunks, host)
            .orElseGet(() -> TrackerReplies.success(TrackerReplies.ANNOUNCED_STARTED));
      }
      case "stopped" -> {
        String id = TrackerRequest.shortIdOrNull(r.string("info_hash"));
        boolean was = id != null && legacy.unregister(id, host, r.string("peer_id"));
        return TrackerReplies.success(was ? TrackerReplies.ANNOUNCED_STOPPED : TrackerReplies.NOT_REGISTERED);
      }
      case "completed" -> {
        return TrackerReplies.success(TrackerReplies.ANNOUNCED_COMPLETED);
      }
      default -> {
        return TrackerReplies.unknownEvent(event);
      }
    }
  }

  /** A short ID as the original's peers see it: a name, a chunk count and peers to ask. */
  private record Described(String filename, int numChunks, List<PeerInfo> peers) {}

  /**
   * What {@code id} stands for: our public file with that short ID (its name, its size in the
   * original's 256 KiB chunks, its peers) joined by the original's peers registered under it,
   * or only the latter; at most max-peers-per-query peers in all.
   */
  private Optional<Described> describe(String id) {
    Optional<PublishedFiles.Listing> ours = published.byLegacyId(id);
    Optional<LegacyFiles.Listed> theirs = legacy.get(id);
    if (ours.isEmpty() && theirs.isEmpty()) return Optional.empty();
    List<PeerInfo> peers = new ArrayList<>(ours.map(PublishedFiles.Listing::peers).orElse(List.of()));
    int room = published.maxPeersPerQuery() - peers.size();
    theirs.ifPresent(t -> peers.addAll(PublishedFiles.sample(t.peers(), Math.max(0, room))));
    return Optional.of(ours
        .map(o -> new Described(o.manifest().name(), NameSearch.legacyChunks(o.manifest().size()), peers))
        .orElseGet(() -> new Described(theirs.get().filename(), theirs.get().numChunks(), peers)));
  }
}
