package dev.p2p.tracker;

import static dev.p2p.testing.OriginalClient.announce;
import static dev.p2p.testing.OriginalClient.query;
import static dev.p2p.testing.OriginalClient.register;
import static dev.p2p.testing.OriginalClient.searchByName;
import static dev.p2p.testing.OriginalClient.unregister;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.p2p.protocol.Codec;
import dev.p2p.protocol.Message;
import dev.p2p.protocol.Message.PeerInfo;
import dev.p2p.protocol.Search;
import dev.p2p.protocol.legacy.LegacyWire;
import dev.p2p.protocol.legacy.TrackerReplies;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The examples of docs/protocol.md on search and on the original's tracker protocol are what the
 * code writes: each request below, answered by a tracker in the documented state, must appear in
 * the document byte for byte (requests as the original's client writes them, replies as ours).
 */
class OriginalProtocolDocsTest {
  static final String SHORT = LegacyTrackerTest.NOTES_SHORT;
  static final String PEER = "-MT0001-0123456789ab";

  /** The state of the examples: notes.txt shared by two of ours (one partial), song.mp3 by an original peer. */
  static List<String> examples() {
    PublishedFiles published = new PublishedFiles(50, new LegacyFiles());
    FileVariants notes = new FileVariants(LegacyTrackerTest.NOTES.id());
    notes.register(LegacyTrackerTest.NOTES, new PeerInfo("peer-7f3a", "192.168.1.20", 6001), "", true);
    notes.register(LegacyTrackerTest.NOTES, new PeerInfo("peer-9c1d", "192.168.1.21", 6001), "", false);
    notes.publishTo(published);
    LegacyTracker tracker = new LegacyTracker(published);
    List<String> out = new ArrayList<>();
    ObjectNode reg = register("0123456789abcdef", "song.mp3", 15, PEER, "192.168.0.202", 6014);
    out.add(dumps(reg));
    out.add(dumps(tracker.answer(reg, "192.168.1.30")));
    for (ObjectNode q : List.of(query(SHORT), query("0123456789abcdef"), query("fedcba9876543210"),
        searchByName("NOTES"), searchByName("movie"), unregister("fedcba9876543210", PEER),
        register("../..", "x", 1, PEER, "h", 1), register("0123456789abcdef", "x", 0, PEER, "h", 1),
        LegacyWire.object().put("type", "PING"))) {
      out.add(dumps(q));
      out.add(dumps(tracker.answer(q, "192.168.1.30")));
    }
    ObjectNode started = announce("started", "0123456789abcdef", PEER, "127.0.0.1", 6014, "song.mp3", 15);
    out.add(dumps(started));
    out.add(dumps(tracker.answer(started, "192.168.1.30")));
    ObjectNode stopped = announce("stopped", "0123456789abcdef", PEER);
    out.add(dumps(stopped));
    out.add(dumps(tracker.answer(stopped, "192.168.1.30")));
    ObjectNode unreg = unregister("0123456789abcdef", PEER);
    out.add(dumps(unreg));
    out.add(dumps(tracker.answer(unreg, "192.168.1.30")));
    out.add(HexFormat.ofDelimiter(" ").formatHex(LegacyWire.frame(query(SHORT)).toArray(), 0, 16));
    out.add(dumps(TrackerReplies.error(TrackerServer.LEGACY_OFF)));
    out.add(dumps(TrackerReplies.error(TrackerServer.LEGACY_CLUSTERED)));
    out.add(new NoIndexBackend().search(new Search("o")).toCompletableFuture().join().utf8String().substring(1));

    // Ours: SEARCH over the same state (and the original's song.mp3, registered again).
    tracker.answer(reg, "192.168.1.30");
    out.add(Codec.encode(new Search("o")).utf8String().substring(1));
    out.add(Codec.encode(NameSearch.search(published, "o", 100)).utf8String().substring(1));
    out.add(Codec.encode(Message.Register.of(LegacyTrackerTest.NOTES, "peer-9c1d", "192.168.1.21", 6001)
        .withPartial(true)).utf8String().substring(1));
    return out;
  }

  static String dumps(ObjectNode o) {
    return new String(LegacyWire.dumps(o), StandardCharsets.US_ASCII);
  }

  @Test
  void everyExampleInTheDocumentIsWhatTheCodeWrites() throws IOException {
    String doc = Files.readString(Path.of("docs", "protocol.md"));
    List<String> missing = examples().stream().filter(e -> !doc.contains(e)).toList();
    assertEquals(List.of(), missing, "examples of docs/protocol.md that the code no longer writes");
  }
}
