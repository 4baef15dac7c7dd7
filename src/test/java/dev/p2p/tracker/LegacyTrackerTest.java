package dev.p2p.tracker;

import static dev.p2p.testing.OriginalClient.announce;
import static dev.p2p.testing.OriginalClient.query;
import static dev.p2p.testing.OriginalClient.register;
import static dev.p2p.testing.OriginalClient.searchByName;
import static dev.p2p.testing.OriginalClient.unregister;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.p2p.protocol.Message.PeerInfo;
import dev.p2p.protocol.ProtocolException;
import dev.p2p.protocol.legacy.LegacyWire;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import dev.p2p.testing.OriginalClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The original's tracker messages answered without sockets, each reply compared byte for byte
 * with what the original's tracker_server.py writes for the same state (its shapes and words).
 */
class LegacyTrackerTest {
  /** notes.txt of docs/protocol.md: 2500 bytes, so one chunk of the original's 256 KiB. */
  static final Manifest NOTES = new Manifest(
      new FileId("9e3ee0bd5a563ec817a9eba2e1468d1e56db067b475016b0a65bf301c40e9ecb"), "notes.txt",
      2500, 1024, List.of("dba4a6315b76548b7a4dd079ef6aa29a7b34fa8b92c11668473441715c5f0af5",
          "c572f705415b1b2e2750fabb0799900fe36b04028947a23579b178458f460f64",
          "d266444b60251298e577d252b5213fbbbd90b331805a54dc63b3a61bf656e61e"));
  static final String NOTES_SHORT = "9e3ee0bd5a563ec8";
  static final String ID = "0123456789abcdef";
  static final String PEER = "-MT0001-0123456789ab";
  static final String HOST = "192.168.1.7";

  final PublishedFiles published = new PublishedFiles(50, new LegacyFiles(100, 10));
  final LegacyTracker tracker = new LegacyTracker(published);

  String ask(ObjectNode request, String from) {
    return new String(LegacyWire.dumps(tracker.answer(request, from)), StandardCharsets.US_ASCII);
  }

  String ask(ObjectNode request) {
    return ask(request, HOST);
  }

  static String field(String reply, String name) {
    return OriginalClient.json(reply).get(name).asText();
  }

  static String peerHost(String reply) {
    return OriginalClient.json(reply).get("peers").get(0).get("host").asText();
  }

  void share(Manifest m, PeerInfo peer, boolean seeder) {
    FileVariants f = new FileVariants(m.id());
    f.register(m, peer, "", seeder);
    f.publishTo(published);
  }

  @Test
  void registerIsAnsweredInTheOriginalsWordsAndItsPeerIsListedAtTheConnectionsHost() {
    assertEquals("{\"status\": \"success\", \"message\": \"Successfully registered file " + ID
        + "\", \"file_id\": \"" + ID + "\"}", ask(register(ID, "song.mp3", 3, PEER, "6.6.6.6", 6001)));
    assertEquals("{\"status\": \"success\", \"file_id\": \"" + ID + "\", \"filename\": \"song.mp3\","
        + " \"num_chunks\": 3, \"peers\": [{\"host\": \"" + HOST + "\", \"port\": 6001, \"peer_id\": \""
        + PEER + "\"}]}", ask(query(ID)));
  }

  @Test
  void aRegisterWithAFalsyOrMissingFieldIsRefusedAsTheOriginalDoes() {
    String missing = "{\"status\": \"error\", \"message\": \"Missing required fields\"}";
    assertEquals(missing, ask(register(ID, "song.mp3", 0, PEER, HOST, 6001)));
    assertEquals(missing, ask(register(ID, "song.mp3", 3, PEER, HOST, 0)));
    assertEquals(missing, ask(register(ID, "", 3, PEER, HOST, 6001)));
    ObjectNode noHost = register(ID, "song.mp3", 3, PEER, HOST, 6001);
    noHost.remove("host");
    assertEquals(missing, ask(noHost));
  }

  @Test
  void aRegisterWithAValueWeCannotTrustGetsAnErrorInTheOriginalsShape() {
    assertEquals("{\"status\": \"error\", \"message\": \"Invalid file_id: expected 16 hex characters"
        + " (the start of the file's SHA-256)\"}", ask(register("../..", "x", 1, PEER, HOST, 6001)));
    assertEquals("{\"status\": \"error\", \"message\": \"Invalid num_chunks: expected an integer from 1"
        + " to 4194304\"}", ask(register(ID, "x", 1 << 23, PEER, HOST, 6001)));
    assertEquals("{\"status\": \"error\", \"message\": \"Invalid port: expected an integer from 1 to"
        + " 65535\"}", ask(register(ID, "x", 1, PEER, HOST, 70000)));
    assertEquals("{\"status\": \"error\", \"message\": \"Invalid peer_id: expected 1 to 64 ASCII"
        + " letters, digits, '-', '_' or '.'\"}", ask(register(ID, "x", 1, "a b", HOST, 6001)));
    assertEquals("{\"status\": \"error\", \"message\": \"Invalid filename: expected 1 to 255"
        + " characters, none of them a control character\"}", ask(register(ID, "a\nb", 1, PEER, HOST, 6001)));
    ObjectNode stringChunks = register(ID, "x", 1, PEER, HOST, 6001).put("num_chunks", "5");
    assertEquals("{\"status\": \"error\", \"message\": \"Invalid num_chunks: expected an integer from 1"
        + " to 4194304\"}", ask(stringChunks));
    assertEquals("{\"status\": \"error\", \"message\": \"File " + ID + " not found\", \"peers\": []}",
        ask(query(ID)));
  }

  @Test
  void ourPublicFileIsFoundByItsShortIdWithOurPeersAndTheOriginalsUnderIt() {
    share(NOTES, new PeerInfo("node-a", "10.0.0.1", 7001), true);
    assertEquals("{\"status\": \"success\", \"file_id\": \"" + NOTES_SHORT + "\", \"filename\":"
        + " \"notes.txt\", \"num_chunks\": 1, \"peers\": [{\"host\": \"10.0.0.1\", \"port\": 7001,"
        + " \"peer_id\": \"node-a\"}]}", ask(query(NOTES_SHORT)));

    ask(register(NOTES_SHORT, "other-name.txt", 9, PEER, HOST, 6001));
    assertEquals("{\"status\": \"success\", \"file_id\": \"" + NOTES_SHORT + "\", \"filename\":"
        + " \"notes.txt\", \"num_chunks\": 1, \"peers\": [{\"host\": \"10.0.0.1\", \"port\": 7001,"
        + " \"peer_id\": \"node-a\"}, {\"host\": \"" + HOST + "\", \"port\": 6001, \"peer_id\": \""
        + PEER + "\"}]}", ask(query(NOTES_SHORT)));
    // Either case, as the original's window accepts it; the reply names the ID as it was asked.
    assertEquals("9E3EE0BD5A563EC8",
        field(ask(query("9E3EE0BD5A563EC8")), "file_id"));
  }

  @Test
  void queryWithoutAFileIdOrOfAnUnknownOneIsAnsweredAsTheOriginalDoes() {
    assertEquals("{\"status\": \"error\", \"message\": \"Missing file_id\"}",
        ask(LegacyWire.object().put("type", "QUERY")));
    assertEquals("{\"status\": \"error\", \"message\": \"File ../.. not found\", \"peers\": []}",
        ask(query("../..")));
  }

  @Test
  void unregisterWithdrawsOnlyTheEntryOfTheSameHost() {
    ask(register(ID, "song.mp3", 3, PEER, HOST, 6001));
    assertEquals("{\"status\": \"error\", \"message\": \"Peer " + PEER + " not found for file " + ID
        + "\"}", ask(unregister(ID, PEER), "6.6.6.6"));
    assertEquals("{\"status\": \"success\", \"message\": \"Peer " + PEER + " unregistered\"}",
        ask(unregister(ID, PEER)));
    // The file went with its last peer (the original keeps it with "peers": [] forever).
    assertEquals("{\"status\": \"error\", \"message\": \"File " + ID + " not found\"}",
        ask(unregister(ID, PEER)));
    assertEquals("{\"status\": \"error\", \"message\": \"Missing required fields\"}",
        ask(LegacyWire.object().put("type", "UNREGISTER").put("file_id", ID)));
  }

  @Test
  void searchByNameListsOursAndTheOriginalsCaseInsensitivelyMostSeedersFirst() {
    share(NOTES, new PeerInfo("node-a", "10.0.0.1", 7001), true);
    ask(register(ID, "Meeting NOTES.pdf", 2, PEER, HOST, 6001));
    ask(register(ID, "Meeting NOTES.pdf", 2, "-MT0001-bbbbbbbbbbbb", "10.0.0.9", 6002), "10.0.0.9");
    assertEquals("{\"status\": \"success\", \"message\": \"Found 2 file(s) matching 'notes'\", \"files\":"
        + " [{\"file_id\": \"" + ID + "\", \"filename\": \"Meeting NOTES.pdf\", \"num_chunks\": 2,"
        + " \"peers\": [{\"host\": \"" + HOST + "\", \"port\": 6001, \"peer_id\": \"" + PEER + "\"},"
        + " {\"host\": \"10.0.0.9\", \"port\": 6002, \"peer_id\": \"-MT0001-bbbbbbbbbbbb\"}]},"
        + " {\"file_id\": \"" + NOTES_SHORT + "\", \"filename\": \"notes.txt\", \"num_chunks\": 1,"
        + " \"peers\": [{\"host\": \"10.0.0.1\", \"port\": 7001, \"peer_id\": \"node-a\"}]}]}",
        ask(searchByName("  NoTeS ")));
    assertEquals("{\"status\": \"error\", \"message\": \"No files found matching 'movie'\", \"files\": []}",
        ask(searchByName("Movie")));
    assertEquals("{\"status\": \"error\", \"message\": \"Missing filename search term\"}",
        ask(searchByName("   ")));
    assertEquals("{\"status\": \"error\", \"message\": \"Missing filename search term\"}",
        ask(LegacyWire.object().put("type", "SEARCH_BY_NAME")));
  }

  @Test
  void announceStartedRegistersStoppedWithdrawsCompletedOnlySaysSo() {
    assertEquals("{\"status\": \"success\", \"message\": \"Announced started\"}",
        ask(announce("started", ID, PEER, "127.0.0.1", 6001, "song.mp3", 3)));
    assertEquals(HOST, peerHost(ask(query(ID))));
    assertEquals("{\"status\": \"success\", \"message\": \"Announced completed\"}",
        ask(announce("completed", ID, PEER)));
    assertEquals("{\"status\": \"success\", \"message\": \"Announced stopped\"}",
        ask(announce("stopped", ID, PEER)));
    assertEquals("{\"status\": \"success\", \"message\": \"Peer was not registered\"}",
        ask(announce("stopped", ID, PEER)));
    assertEquals("{\"status\": \"error\", \"message\": \"Missing host or port for started event\"}",
        ask(announce("started", ID, PEER)));
    assertEquals("{\"status\": \"error\", \"message\": \"Missing required fields (event, info_hash,"
        + " peer_id)\"}", ask(announce("started", "", PEER)));
    assertEquals("{\"status\": \"error\", \"message\": \"Unknown announce event: paused\"}",
        ask(announce("paused", ID, PEER)));
  }

  @Test
  void anAnnounceWithoutNameOrChunksIsListedAsUnknownUntilARegisterSaysMore() {
    ask(announce("started", ID, PEER, "127.0.0.1", 6001, null, null));
    assertEquals("unknown", field(ask(query(ID)), "filename"));
    ask(register(ID, "song.mp3", 3, PEER, HOST, 6001));
    assertEquals("song.mp3", field(ask(query(ID)), "filename"));
  }

  @Test
  void anUnknownTypeIsAnsweredAndATypeOfAnotherJsonTypeClosesTheConnection() {
    assertEquals("{\"status\": \"error\", \"message\": \"Unknown message type: CHUNK_REQUEST\"}",
        ask(LegacyWire.object().put("type", "CHUNK_REQUEST")));
    assertEquals("{\"status\": \"error\", \"message\": \"Unknown message type: None\"}",
        ask(LegacyWire.object().put("file_id", ID)));
    assertThrows(ProtocolException.class, () -> ask(LegacyWire.object().put("type", 5)));
    assertThrows(ProtocolException.class, () -> ask(query(ID).put("file_id", 7)));
  }

  @Test
  void aPartialHolderOfOurFileIsListedButAReplyNeverHoldsMoreThanMaxPeersPerQuery() {
    PublishedFiles small = new PublishedFiles(2, new LegacyFiles(100, 10));
    FileVariants f = new FileVariants(NOTES.id());
    f.register(NOTES, new PeerInfo("node-a", "10.0.0.1", 7001), "", false);
    f.publishTo(small);
    LegacyTracker t = new LegacyTracker(small);
    for (int i = 0; i < 3; i++) {
      t.answer(register(NOTES_SHORT, "n", 1, "p" + i, HOST, 6001 + i), HOST);
    }
    assertEquals(2, t.answer(query(NOTES_SHORT), HOST).get("peers").size());
    assertEquals("node-a", t.answer(query(NOTES_SHORT), HOST).get("peers").get(0).get("peer_id").asText());
  }
}
