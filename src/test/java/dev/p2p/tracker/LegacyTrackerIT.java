package dev.p2p.tracker;

import static dev.p2p.testing.OriginalClient.announce;
import static dev.p2p.testing.OriginalClient.query;
import static dev.p2p.testing.OriginalClient.register;
import static dev.p2p.testing.OriginalClient.searchByName;
import static dev.p2p.testing.OriginalClient.unregister;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.p2p.app.AppSettings;
import dev.p2p.app.LocalTracker;
import dev.p2p.net.FramedServer;
import dev.p2p.net.Pin;
import dev.p2p.protocol.Codec;
import dev.p2p.protocol.ErrorCode;
import dev.p2p.protocol.Message;
import dev.p2p.protocol.Search;
import dev.p2p.protocol.SearchResult;
import dev.p2p.protocol.legacy.LegacyWire;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import dev.p2p.testing.OriginalClient;
import dev.p2p.testing.Wire;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real tracker (TLS on, p2p.legacy-wire on) on 127.0.0.1 asked by {@link OriginalClient} in the
 * original's protocol on its usual port, beside our {@link TrackerClient} and raw SEARCH frames.
 */
class LegacyTrackerIT {
  static final ActorTestKit testKit = ActorTestKit.create();
  static final AppSettings SETTINGS = AppSettings.create(ConfigFactory.load("application-test"));
  static final String CLIENT_ID = Wire.CLIENT.identity().orElseThrow().nodeId();
  static final String ID = "0123456789abcdef";
  static final String PEER = "-MT0001-0123456789ab";
  static final Manifest NOTES = LegacyTrackerTest.NOTES;
  static final String NOTES_SHORT = LegacyTrackerTest.NOTES_SHORT;

  LocalTracker tracker;
  OriginalClient original;
  TrackerClient ours;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void start() throws Exception {
    tracker = await(LocalTracker.start(testKit.system(), SETTINGS));
    original = new OriginalClient(tracker.address());
    ours = new TrackerClient(testKit.system(), tracker.address(), Optional.empty(), Duration.ofSeconds(2),
        Duration.ofSeconds(5), SETTINGS.maxFrameBytes(), Wire.CLIENT, Pin.none());
  }

  @AfterEach
  void stop() throws Exception {
    await(tracker.stop());
  }

  static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(10, SECONDS);
  }

  @Test
  void everyMessageIsAnsweredByteExactAndOneConnectionCarriesSeveral() throws IOException {
    try (OriginalClient.Conversation c = original.open()) {
      assertEquals("{\"status\": \"success\", \"message\": \"Successfully registered file " + ID
          + "\", \"file_id\": \"" + ID + "\"}", c.ask(register(ID, "song.mp3", 3, PEER, "192.168.0.202", 6001)));
      assertEquals("{\"status\": \"success\", \"message\": \"Announced started\"}",
          c.ask(announce("started", ID, PEER, "127.0.0.1", 6001, "song.mp3", 3)));
      // The host is the connection's, not the 192.168.0.202 the REGISTER claimed.
      assertEquals("{\"status\": \"success\", \"file_id\": \"" + ID + "\", \"filename\": \"song.mp3\","
          + " \"num_chunks\": 3, \"peers\": [{\"host\": \"127.0.0.1\", \"port\": 6001, \"peer_id\": \""
          + PEER + "\"}]}", c.ask(query(ID)));
      assertEquals("{\"status\": \"success\", \"message\": \"Found 1 file(s) matching 'song'\", \"files\":"
          + " [{\"file_id\": \"" + ID + "\", \"filename\": \"song.mp3\", \"num_chunks\": 3, \"peers\":"
          + " [{\"host\": \"127.0.0.1\", \"port\": 6001, \"peer_id\": \"" + PEER + "\"}]}]}",
          c.ask(searchByName("SONG")));
      assertEquals("{\"status\": \"success\", \"message\": \"Announced completed\"}",
          c.ask(announce("completed", ID, PEER)));
      assertEquals("{\"status\": \"success\", \"message\": \"Announced stopped\"}",
          c.ask(announce("stopped", ID, PEER)));
      assertEquals("{\"status\": \"error\", \"message\": \"File " + ID + " not found\"}",
          c.ask(unregister(ID, PEER)));
      assertEquals("{\"status\": \"error\", \"message\": \"File " + ID + " not found\", \"peers\": []}",
          c.ask(query(ID)));
      assertEquals("{\"status\": \"error\", \"message\": \"Unknown message type: HELLO\"}",
          c.ask(LegacyWire.object().put("type", "HELLO")));
    }
    // And as the original's client does it, one connection per request.
    original.ask(register(ID, "song.mp3", 3, PEER, "192.168.0.202", 6001));
    assertEquals("{\"status\": \"success\", \"message\": \"Peer " + PEER + " unregistered\"}",
        original.ask(unregister(ID, PEER)));
  }

  @Test
  void aFileOurClientRegisteredIsFoundByItsShortIdButAPrivateShareIsNot() throws Exception {
    await(ours.register(NOTES, "ignored", "127.0.0.1", 6001));
    assertEquals("{\"status\": \"success\", \"file_id\": \"" + NOTES_SHORT + "\", \"filename\":"
        + " \"notes.txt\", \"num_chunks\": 1, \"peers\": [{\"host\": \"127.0.0.1\", \"port\": 6001,"
        + " \"peer_id\": \"" + CLIENT_ID + "\"}]}", original.ask(query(NOTES_SHORT)));

    Manifest secret = new Manifest(new FileId("5e".repeat(32)), "secret-notes.txt", 2500, 1024,
        NOTES.chunkHashes());
    await(ours.register(Message.Register.of(secret, "ignored", "127.0.0.1", 6002)
        .withTerms("7c".repeat(32), null, null)));
    assertEquals("{\"status\": \"error\", \"message\": \"File 5e5e5e5e5e5e5e5e not found\", \"peers\": []}",
        original.ask(query("5e5e5e5e5e5e5e5e")));
    assertEquals(List.of(NOTES_SHORT), shortIds(original.ask(searchByName("notes"))));
    try (Socket s = Wire.connect(tracker.address())) {
      Wire.send(s, new Search("secret"));
      assertEquals(0, assertInstanceOf(SearchResult.class,
          Codec.decode(ByteString.fromArray(Wire.readBody(s)))).total());
    }
  }

  @Test
  void searchesBeyondTheTrackersBudgetAreRefusedAtOnceInEitherProtocolAndQueriesGoOn() throws Exception {
    original.ask(register(ID, "song.mp3", 3, PEER, "127.0.0.1", 6001));
    int answered = 0;
    String refused = null;
    try (Socket s = Wire.connect(tracker.address());
        OriginalClient.Conversation c = original.open()) {
      // Sent back to back, far faster than the budget refills.
      for (int i = 0; i < 5 * SearchBudget.PER_SECOND && refused == null; i++) {
        Wire.send(s, new Search("song"));
        Message m = Codec.decode(ByteString.fromArray(Wire.readBody(s)));
        if (m instanceof Message.Error e) {
          assertEquals(ErrorCode.BUSY, e.code());
          assertEquals(TrackerServer.SEARCHES_BUSY, e.reason());
          refused = e.reason();
        } else {
          answered++;
        }
      }
      assertTrue(refused != null && answered <= 5 * SearchBudget.PER_SECOND, "refused after " + answered);
      assertEquals("{\"status\": \"error\", \"message\": \"Too many searches on this tracker right now,"
          + " try again in a second\"}", c.ask(searchByName("song")));
      assertTrue(c.ask(query(ID)).startsWith("{\"status\": \"success\""), "QUERY is not searching");
    }
  }

  @Test
  void aFileAnOriginalPeerRegisteredIsListedByOurSearchUnderItsShortId() throws Exception {
    original.ask(register(ID, "Holiday Song.mp3", 3, PEER, "127.0.0.1", 6001));
    await(ours.register(NOTES, "ignored", "127.0.0.1", 6001));
    try (Socket s = Wire.connect(tracker.address())) {
      Wire.send(s, new Search("song"));
      SearchResult r = assertInstanceOf(SearchResult.class,
          Codec.decode(ByteString.fromArray(Wire.readBody(s))));
      assertEquals(List.of(new SearchResult.Found(ID, "Holiday Song.mp3", -1, 3, 1, 1)), r.files());
      Wire.send(s, new Search("NOTES"));
      r = assertInstanceOf(SearchResult.class, Codec.decode(ByteString.fromArray(Wire.readBody(s))));
      assertEquals(List.of(new SearchResult.Found(NOTES.id().hex(), "notes.txt", 2500, 3, 1, 1)), r.files());
      Wire.send(s, new Search("   "));
      Message.Error blank = assertInstanceOf(Message.Error.class,
          Codec.decode(ByteString.fromArray(Wire.readBody(s))));
      assertEquals(List.of(ErrorCode.BAD_REQUEST, "the search words are blank"),
          List.of(blank.code(), blank.reason()));
    }
  }

  @Test
  void hostileInputGetsAnErrorOrAClosedConnectionAndTheTrackerServesOn() throws Exception {
    byte[] huge = {0, 0, 0, 0, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
    assertClosedAfter(huge);
    assertClosedAfter(ByteBuffer.allocate(LegacyWire.HEADER).putLong(LegacyTracker.MAX_REQUEST_BYTES + 1).array());
    assertClosedAfter(frame("[1, 2]"));
    assertClosedAfter(frame("{\"type\": \"QUERY\", \"file_id\": \"a\"} {}"));
    assertClosedAfter(frame("{\"type\": \"QUERY\", \"type\": \"REGISTER\"}"));
    assertClosedAfter(frame("{\"type\": \"QUERY\", \"file_id\": {\"$gt\": \"\"}}"));
    assertEquals("{\"status\": \"error\", \"message\": \"Invalid file_id: expected 16 hex characters"
        + " (the start of the file's SHA-256)\"}", original.ask(register("../..", "x", 1, PEER, "h", 6001)));
    assertEquals("{\"status\": \"error\", \"message\": \"Missing required fields\"}",
        original.ask(LegacyWire.object().put("type", "REGISTER").put("file_id", ID)));

    original.ask(register(ID, "a.txt", 1, PEER, "10.1.2.3", 6001));
    assertEquals("127.0.0.1", OriginalClient.json(original.ask(query(ID))).get("peers").get(0)
        .get("host").asText());
    await(ours.register(NOTES, "ignored", "127.0.0.1", 6001));
    assertEquals(NOTES, await(ours.query(NOTES.id())).manifest());
  }

  @Test
  void withLegacyWireOffAnOriginalRequestGetsOneErrorAndTheConnectionCloses() throws Exception {
    PublishedFiles published = new PublishedFiles(50);
    ActorRef<Registry.Command> registry = testKit.spawn(Registry.create(Duration.ofMinutes(1), 100, published));
    FramedServer.Server off = await(bind(
        TrackerServer.local(testKit.system(), registry, published, Duration.ofSeconds(5)), false));
    try (OriginalClient.Conversation c = new OriginalClient(off.localAddress()).open()) {
      assertEquals("{\"status\": \"error\", \"message\": \"this tracker does not accept the original"
          + " program's protocol (p2p.legacy-wire = off)\"}", c.ask(query(ID)));
      assertTrue(c.closedByTracker());
    } finally {
      await(off.stop());
      testKit.stop(registry);
    }
  }

  @Test
  void aTrackerWithoutALocalIndexRefusesTheOriginalAndAnswersSearchWithBadRequest() throws Exception {
    FramedServer.Server clustered = await(bind(new NoIndexBackend(), true));
    try (OriginalClient.Conversation c = new OriginalClient(clustered.localAddress()).open()) {
      assertEquals("{\"status\": \"error\", \"message\": \"a clustered tracker does not speak the"
          + " original program's protocol; use a single-process tracker\"}", c.ask(searchByName("x")));
      assertTrue(c.closedByTracker());
    }
    try (Socket s = Wire.connect(clustered.localAddress())) {
      Wire.send(s, new Search("song"));
      Message.Error e = assertInstanceOf(Message.Error.class, Codec.decode(ByteString.fromArray(Wire.readBody(s))));
      assertEquals(ErrorCode.BAD_REQUEST, e.code());
      // The connection stays: the next request is answered.
      Wire.send(s, new Message.Query(NOTES.id()));
      assertEquals(ErrorCode.NOT_FOUND, assertInstanceOf(Message.Error.class,
          Codec.decode(ByteString.fromArray(Wire.readBody(s)))).code());
    } finally {
      await(clustered.stop());
    }
  }

  static CompletionStage<FramedServer.Server> bind(TrackerBackend backend, boolean legacyWire) {
    return TrackerServer.bind(testKit.system(), backend,
        new PrivateShares(Clock.systemUTC(), Duration.ofMinutes(1), 100, 50), "127.0.0.1", 0,
        new FramedServer.Limits(16, 16, Codec.DEFAULT_MAX_FRAME, Duration.ofSeconds(10)),
        SETTINGS.transport(), legacyWire);
  }

  /** {@code json} as it is, in the original's frame: malformed JSON can be sent too. */
  static byte[] frame(String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(LegacyWire.HEADER + body.length).putLong(body.length).put(body).array();
  }

  void assertClosedAfter(byte[] bytes) throws IOException {
    try (OriginalClient.Conversation c = original.open()) {
      c.send(bytes);
      assertTrue(c.closedByTracker(), "connection left open");
    }
    assertEquals("{\"status\": \"error\", \"message\": \"Missing file_id\"}",
        original.ask(LegacyWire.object().put("type", "QUERY")));
  }

  static List<String> shortIds(String searchReply) {
    List<String> ids = new ArrayList<>();
    OriginalClient.json(searchReply).get("files").forEach(f -> ids.add(f.get("file_id").asText()));
    return ids;
  }
}
