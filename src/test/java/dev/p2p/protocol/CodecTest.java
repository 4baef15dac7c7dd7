package dev.p2p.protocol;

import static dev.p2p.testing.Wire.jsonBody;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.storage.FileId;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CodecTest {
  static final String HEX = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  static final FileId ID = new FileId(HEX);
  static final String H1 = "1".repeat(64);
  static final String H2 = "2".repeat(64);
  static final String Q = "\"" + HEX + "\"";

  static Stream<Message> everyJsonMessage() {
    return Stream.of(
        new Message.Register(ID, "a.txt", 1500, 1024, 2, List.of(H1, H2), "peer-1", "10.0.0.5", 6000),
        new Message.Registered(ID, 3),
        new Message.Unregister(ID, "peer-1", 6000),
        new Message.Query(ID),
        new Message.Query(ID, List.of(H1, H2)),
        new Message.QueryResult(ID, "a.txt", 1500, 1024, 2, List.of(H1, H2),
            List.of(new Message.PeerInfo("peer-1", "10.0.0.5", 6000)), 3),
        new Message.QueryResult(ID, "a.txt", 1500, 1024, 2, List.of(H1, H2),
            List.of(new Message.PeerInfo("peer-1", "10.0.0.5", 6000),
                new Message.PeerInfo("peer_2.x", "::1", 65535))),
        new Message.QueryResult(ID, "empty", 0, 1024, 0, List.of(), List.of()),
        new Message.ChunkRequest(ID, 7),
        new Message.HaveRequest(ID),
        Message.Have.of(ID, 10, BitSet.valueOf(new long[] {0b1000000101})),
        Message.Have.of(ID, 0, new BitSet()),
        Message.Error.of(ErrorCode.NOT_FOUND, "no such file"),
        new Message.Error(ErrorCode.NO_CHUNK, "chunk 7 is not here", ID, 7),
        new Message.Error(ErrorCode.CONFLICT, "x", ID, null),
        new Message.Error(ErrorCode.BAD_REQUEST, "x", null, null),
        new Message.Error(ErrorCode.BUSY, "x", null, null),
        new Message.Error(ErrorCode.INTERNAL, "x", null, null),
        new Message.QueryPeers(ID),
        new Message.QueryPeers(ID, H1),
        new Message.Peers(ID, 3, List.of(new Message.PeerInfo("peer-1", "10.0.0.5", 6000))),
        new Message.Peers(ID, 0, List.of()),
        Message.Hello.of(ID, "peer-1", 6000, 10, BitSet.valueOf(new long[] {0b1000000101})),
        Message.Hello.of(ID, "peer-1", 6000, 0, new BitSet()),
        new Message.HaveChunk(ID, 9),
        new Message.Cancel(ID, 9),
        new Message.Register(ID, "a.txt", 1500, 1024, 2, List.of(H1, H2), "peer-1", "10.0.0.5", 6000)
            .withPartial(true),
        new Search("holiday photos"),
        new SearchResult(List.of(new SearchResult.Found(HEX, "a.txt", 1500, 2, 1, 3),
            new SearchResult.Found("0123456789abcdef", "old.bin", -1, 4, 0, 1)), 5),
        new SearchResult(List.of(), 0));
  }

  @Test
  void aSeedersRegistrationSaysNothingOfPartialAndADownloadersSaysTrue() {
    var r = new Message.Register(ID, "a.txt", 1500, 1024, 2, List.of(H1, H2), "p", "h", 1);
    assertFalse(json(r).contains("partial"));
    assertTrue(r.complete());
    assertTrue(json(r.withPartial(true)).contains("\"partial\":true"));
    assertFalse(r.withPartial(true).complete());
    assertEquals(r, r.withPartial(true).withPartial(false));
  }

  @Test
  void aSearchResultNamesFullOrOriginalIdsOnly() {
    for (String bad : new String[] {"0123456789ABCDEF", "0123", HEX + "0"}) {
      assertThrows(IllegalArgumentException.class, () -> new SearchResult.Found(bad, "a", 1, 1, 0, 0), bad);
    }
    assertThrows(IllegalArgumentException.class, () -> new SearchResult.Found(HEX, "a", 1, 1, 2, 1));
    assertThrows(IllegalArgumentException.class, () -> new Search(""));
  }

  // --- manifest variants: QUERY exclude, QUERY_RESULT variants, QUERY_PEERS variant ----------

  @Test
  void queryWithoutExclusionsWritesNoExcludeAndReadsAsEmpty() {
    assertEquals("{\"type\":\"QUERY\",\"file_id\":" + Q + "}", json(new Message.Query(ID)));
    assertEquals(new Message.Query(ID, List.of()),
        Codec.decode(jsonBody("{\"type\":\"QUERY\",\"file_id\":" + Q + "}")));
    assertEquals(new Message.Query(ID, List.of(H1)), Codec.decode(jsonBody(
        "{\"type\":\"QUERY\",\"file_id\":" + Q + ",\"exclude\":[\"" + H1 + "\"]}")));
  }

  @Test
  void queryExcludeIsBoundedAndHoldsOnlyDigests() {
    String nine = "[" + String.join(",", Collections.nCopies(9, "\"" + H1 + "\"")) + "]";
    assertMentions(rejects("{\"type\":\"QUERY\",\"file_id\":" + Q + ",\"exclude\":" + nine + "}"),
        "exclude lists 9 variants, more than 8");
    assertMentions(rejects("{\"type\":\"QUERY\",\"file_id\":" + Q + ",\"exclude\":[\"ab\"]}"),
        "exclude must hold SHA-256 digests");
    assertMentions(rejects("{\"type\":\"QUERY\",\"file_id\":" + Q + ",\"exclude\":[\"" + HEX.toUpperCase()
        + "\"]}"), "exclude");
    assertMentions(rejects("{\"type\":\"QUERY\",\"file_id\":" + Q + ",\"exclude\":null}"), "exclude is missing");
    assertMentions(rejects("{\"type\":\"QUERY\",\"file_id\":" + Q + ",\"exclude\":\"" + H1 + "\"}"), "exclude");
    assertMentions(rejects("{\"type\":\"QUERY\",\"file_id\":" + Q + ",\"exclude\":[5]}"), "exclude");
    assertMentions(rejects("{\"type\":\"QUERY\",\"file_id\":" + Q + ",\"exclude\":[],\"exclude\":[]}"),
        "Duplicate field 'exclude'");
    assertMentions(rejects("{\"type\":\"QUERY\",\"file_id\":" + Q + ",\"excludes\":[]}"), "excludes");
    assertThrows(IllegalArgumentException.class,
        () -> new Message.Query(ID, Collections.nCopies(9, H1)));
  }

  @Test
  void queryResultCountsItsVariantsAndRequiresTheCount() {
    String base = "{\"type\":\"QUERY_RESULT\",\"file_id\":" + Q + ",\"filename\":\"a\","
        + "\"file_size\":0,\"chunk_size\":1024,\"num_chunks\":0,\"chunk_hashes\":[],\"peers\":[]";
    assertEquals(2, ((Message.QueryResult) Codec.decode(jsonBody(base + ",\"variants\":2}"))).variants());
    assertTrue(json(Message.QueryResult.of(new Message.QueryResult(ID, "a", 0, 1024, 0, List.of(),
        List.of()).manifest(), List.of(), 2)).endsWith(",\"peers\":[],\"variants\":2}"));
    assertMentions(rejects(base + "}"), "variants");
    assertMentions(rejects(base + ",\"variants\":0}"), "variants out of range [1, ");
    assertMentions(rejects(base + ",\"variants\":\"2\"}"), "variants");
  }

  @Test
  void queryPeersNamesItsVariantOrNone() {
    assertEquals("{\"type\":\"QUERY_PEERS\",\"file_id\":" + Q + "}", json(new Message.QueryPeers(ID)));
    assertEquals("{\"type\":\"QUERY_PEERS\",\"file_id\":" + Q + ",\"variant\":\"" + H1 + "\"}",
        json(new Message.QueryPeers(ID, H1)));
    assertEquals(new Message.QueryPeers(ID, null),
        Codec.decode(jsonBody("{\"type\":\"QUERY_PEERS\",\"file_id\":" + Q + "}")));
    assertEquals(new Message.QueryPeers(ID, null),
        Codec.decode(jsonBody("{\"type\":\"QUERY_PEERS\",\"file_id\":" + Q + ",\"variant\":null}")));
    assertMentions(rejects("{\"type\":\"QUERY_PEERS\",\"file_id\":" + Q + ",\"variant\":\"x\"}"),
        "variant must hold SHA-256 digests");
    assertMentions(rejects("{\"type\":\"QUERY_PEERS\",\"file_id\":" + Q + ",\"variant\":[]}"), "variant");
  }

  @Test
  void peersCannotCountFewerThanTheyList() {
    assertMentions(rejects("{\"type\":\"PEERS\",\"file_id\":" + Q + ",\"total\":0,\"peers\":"
        + "[{\"peer_id\":\"p\",\"host\":\"h\",\"port\":1}]}"), "total");
  }

  @Test
  void helloBitfieldFollowsTheHaveRules() {
    assertMentions(rejects("{\"type\":\"HELLO\",\"file_id\":" + Q + ",\"peer_id\":\"p\","
        + "\"port\":1,\"num_chunks\":3,\"bitfield\":\"/w==\"}"), "bitfield");
    assertEquals(BitSet.valueOf(new long[] {0b101}),
        Message.Hello.of(ID, "p", 1, 3, BitSet.valueOf(new long[] {0b101})).chunks());
  }

  static String json(Message m) {
    ByteString body = Codec.encode(m);
    assertEquals(Codec.KIND_JSON, body.apply(0));
    return body.drop(1).utf8String();
  }

  static ProtocolException rejects(String json) {
    return assertThrows(ProtocolException.class, () -> Codec.decode(jsonBody(json)), json);
  }

  static void assertMentions(ProtocolException e, String... parts) {
    String msg = e.getMessage();
    assertTrue(!msg.contains("\n"), "one line: " + msg);
    for (String p : parts) assertTrue(msg.contains(p), "'" + msg + "' should mention " + p);
  }

  // --- round trips and wire names -----------------------------------------------------------

  @ParameterizedTest
  @MethodSource("everyJsonMessage")
  void everyControlMessageRoundTrips(Message m) {
    assertEquals(m, Codec.decode(Codec.encode(m)));
  }

  @Test
  void chunkRoundTripsAsBinary() {
    byte[] data = {0, 1, 2, (byte) 0xff, 0x7f};
    Message.Chunk c = new Message.Chunk(ID, 123_456, ByteString.fromArray(data));
    ByteString body = Codec.encode(c);
    assertEquals(Codec.KIND_CHUNK, body.apply(0));
    assertEquals(Codec.CHUNK_HEADER_BYTES + data.length, body.size());
    Message.Chunk back = assertInstanceOf(Message.Chunk.class, Codec.decode(body));
    assertEquals(ID, back.fileId());
    assertEquals(123_456, back.chunkIndex());
    assertArrayEquals(data, back.data().toArray());
  }

  @Test
  void chunksOfDifferentFilesInTurnKeepTheirOwnIds() {
    FileId other = new FileId("ab".repeat(32));
    for (FileId id : List.of(ID, ID, other, ID, other, other)) {
      ByteString body = Codec.encode(new Message.Chunk(id, 1, ByteString.fromString("x")));
      assertEquals(id.hex(), java.util.HexFormat.of().formatHex(body.slice(1, 33).toArray()));
      assertEquals(id, ((Message.Chunk) Codec.decode(body)).fileId());
    }
  }

  @Test
  void chunkWithNoDataRoundTrips() {
    Message.Chunk c = new Message.Chunk(ID, 0, ByteString.emptyByteString());
    Message.Chunk back = (Message.Chunk) Codec.decode(Codec.encode(c));
    assertEquals(0, back.data().size());
  }

  @Test
  void chunkHeaderIsRawIdThenBigEndianIndex() {
    ByteString body = Codec.encode(new Message.Chunk(ID, 0x01020304, ByteString.fromString("hi")));
    byte[] b = body.toArray();
    assertEquals((byte) 0xe3, b[1]);
    assertEquals((byte) 0xb0, b[2]);
    assertEquals((byte) 0x55, b[32]);
    assertArrayEquals(new byte[] {1, 2, 3, 4}, java.util.Arrays.copyOfRange(b, 33, 37));
    assertEquals("hi", body.drop(37).utf8String());
  }

  @Test
  void registerUsesSnakeCaseNamesAndTypeFirst() {
    String j = json(new Message.Register(ID, "a.txt", 1500, 1024, 2, List.of(H1, H2), "peer-1",
        "10.0.0.5", 6000));
    assertEquals("{\"type\":\"REGISTER\",\"file_id\":" + Q + ",\"filename\":\"a.txt\","
        + "\"file_size\":1500,\"chunk_size\":1024,\"num_chunks\":2,\"chunk_hashes\":[\"" + H1
        + "\",\"" + H2 + "\"],\"peer_id\":\"peer-1\",\"host\":\"10.0.0.5\",\"port\":6000}", j);
  }

  @Test
  void typeNamesOnTheWire() {
    assertTrue(json(new Message.Registered(ID, 1)).startsWith("{\"type\":\"REGISTERED\","));
    assertTrue(json(new Message.Unregister(ID, "p", 1)).startsWith("{\"type\":\"UNREGISTER\","));
    assertTrue(json(new Message.Query(ID)).startsWith("{\"type\":\"QUERY\","));
    assertTrue(json(new Message.QueryResult(ID, "e", 0, 1024, 0, List.of(), List.of()))
        .startsWith("{\"type\":\"QUERY_RESULT\","));
    assertTrue(json(new Message.HaveRequest(ID)).startsWith("{\"type\":\"HAVE_REQUEST\","));
    assertTrue(json(Message.Have.of(ID, 1, new BitSet())).startsWith("{\"type\":\"HAVE\","));
    assertTrue(json(Message.Error.of(ErrorCode.BUSY, "later")).startsWith("{\"type\":\"ERROR\","));
  }

  @Test
  void chunkRequestJson() {
    assertEquals("{\"type\":\"CHUNK_REQUEST\",\"file_id\":" + Q + ",\"chunk_index\":7}",
        json(new Message.ChunkRequest(ID, 7)));
  }

  @Test
  void queryResultNestsPeersWithSnakeCaseNames() {
    String j = json(new Message.QueryResult(ID, "a", 0, 1024, 0, List.of(),
        List.of(new Message.PeerInfo("p1", "127.0.0.1", 6001))));
    assertTrue(j.contains("\"num_chunks\":0"), j);
    assertTrue(j.contains("\"peers\":[{\"peer_id\":\"p1\",\"host\":\"127.0.0.1\",\"port\":6001}]"), j);
    assertTrue(!j.contains("manifest"), "helper methods are not serialized: " + j);
  }

  @Test
  void errorWritesAbsentReferencesAsNull() {
    assertEquals("{\"type\":\"ERROR\",\"code\":\"NOT_FOUND\",\"reason\":\"no such file\","
        + "\"file_id\":null,\"chunk_index\":null}", json(Message.Error.of(ErrorCode.NOT_FOUND, "no such file")));
  }

  @Test
  void fieldOrderDoesNotMatterOnInput() {
    assertEquals(new Message.ChunkRequest(ID, 2),
        Codec.decode(jsonBody("{\"chunk_index\":2,\"file_id\":" + Q + ",\"type\":\"CHUNK_REQUEST\"}")));
  }

  @Test
  void registerManifestIsTheStorageManifest() {
    var r = new Message.Register(ID, "a.txt", 1500, 1024, 2, List.of(H1, H2), "p", "h", 1);
    var m = r.manifest();
    assertEquals(1500, m.size());
    assertEquals(List.of(H1, H2), m.chunkHashes());
    assertEquals(r, Message.Register.of(m, "p", "h", 1));
  }

  // --- strictness ----------------------------------------------------------------------------

  @Test
  void unknownTypeIsRejected() {
    assertMentions(rejects("{\"type\":\"FOO\",\"file_id\":" + Q + "}"), "type id 'FOO'");
  }

  @Test
  void typeIsCaseSensitive() {
    assertMentions(rejects("{\"type\":\"query\",\"file_id\":" + Q + "}"), "'query'");
  }

  @Test
  void chunkCannotComeAsJson() {
    assertMentions(rejects("{\"type\":\"CHUNK\",\"file_id\":" + Q + ",\"chunk_index\":0,\"data\":\"\"}"),
        "'CHUNK'");
  }

  @Test
  void missingTypeIsRejected() {
    assertMentions(rejects("{\"file_id\":" + Q + "}"), "missing type id property 'type'");
    assertMentions(rejects("{\"type\":null,\"file_id\":" + Q + "}"), "'type'");
  }

  @Test
  void missingFieldIsRejected() {
    assertMentions(rejects("{\"type\":\"CHUNK_REQUEST\",\"file_id\":" + Q + "}"),
        "chunk_index", "Missing");
  }

  @Test
  void missingNullableFieldIsStillRejected() {
    // every field is required on the wire; optional ones are written as null
    assertMentions(rejects("{\"type\":\"ERROR\",\"code\":\"BUSY\",\"reason\":\"x\",\"file_id\":null}"),
        "chunk_index");
  }

  @Test
  void extraFieldIsRejected() {
    assertMentions(rejects("{\"type\":\"QUERY\",\"file_id\":" + Q + ",\"admin\":true}"),
        "Unrecognized field \"admin\"");
  }

  @Test
  void extraFieldInANestedPeerIsRejected() {
    assertMentions(rejects("{\"type\":\"QUERY_RESULT\",\"file_id\":" + Q + ",\"filename\":\"a\","
        + "\"file_size\":0,\"chunk_size\":1024,\"num_chunks\":0,\"chunk_hashes\":[],"
        + "\"peers\":[{\"peer_id\":\"p\",\"host\":\"h\",\"port\":1,\"evil\":1}]}"),
        "peers[0].evil");
  }

  @Test
  void duplicateKeyIsRejected() {
    assertMentions(rejects("{\"type\":\"QUERY\",\"file_id\":" + Q + ",\"file_id\":" + Q + "}"),
        "Duplicate field 'file_id'");
    assertMentions(rejects("{\"type\":\"QUERY\",\"type\":\"QUERY\",\"file_id\":" + Q + "}"),
        "Duplicate field 'type'");
  }

  @Test
  void trailingDataAfterTheObjectIsRejected() {
    assertMentions(rejects("{\"type\":\"QUERY\",\"file_id\":" + Q + "} {}"), "Trailing token");
    assertMentions(rejects("{\"type\":\"QUERY\",\"file_id\":" + Q + "}x"), "'x'");
  }

  static Stream<Arguments> wrongTypes() {
    String req = "{\"type\":\"CHUNK_REQUEST\",\"file_id\":" + Q + ",\"chunk_index\":";
    return Stream.of(
        Arguments.of(req + "\"5\"}", "chunk_index"),
        Arguments.of(req + "1.5}", "chunk_index"),
        Arguments.of(req + "1.0}", "chunk_index"),
        Arguments.of(req + "1e2}", "chunk_index"),
        Arguments.of(req + "null}", "chunk_index"),
        Arguments.of(req + "true}", "chunk_index"),
        Arguments.of(req + "[1]}", "chunk_index"),
        Arguments.of(req + "{}}", "chunk_index"),
        Arguments.of("{\"type\":\"QUERY\",\"file_id\":5}", "file_id"),
        Arguments.of("{\"type\":\"QUERY\",\"file_id\":true}", "file_id"),
        Arguments.of("{\"type\":\"QUERY\",\"file_id\":[" + Q + "]}", "file_id"),
        Arguments.of("{\"type\":\"REGISTERED\",\"file_id\":" + Q + ",\"peers\":\"\"}", "peers"),
        Arguments.of("{\"type\":\"ERROR\",\"code\":\"NO_CHUNK\",\"reason\":\"r\",\"file_id\":null,"
            + "\"chunk_index\":\"1\"}", "chunk_index"),
        Arguments.of("{\"type\":\"QUERY_RESULT\",\"file_id\":" + Q + ",\"filename\":\"a\","
            + "\"file_size\":0,\"chunk_size\":1024,\"num_chunks\":0,\"chunk_hashes\":\"\","
            + "\"peers\":[]}", "chunk_hashes"),
        Arguments.of("{\"type\":\"QUERY_RESULT\",\"file_id\":" + Q + ",\"filename\":\"a\","
            + "\"file_size\":\"0\",\"chunk_size\":1024,\"num_chunks\":0,\"chunk_hashes\":[],"
            + "\"peers\":[]}", "file_size"),
        Arguments.of("{\"type\":\"QUERY_RESULT\",\"file_id\":" + Q + ",\"filename\":\"a\","
            + "\"file_size\":0,\"chunk_size\":1024,\"num_chunks\":0,\"chunk_hashes\":[],"
            + "\"peers\":[null],\"variants\":1}", "peers"),
        Arguments.of("{\"type\":\"UNREGISTER\",\"file_id\":" + Q + ",\"peer_id\":7,\"port\":1}",
            "peer_id"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("wrongTypes")
  void wrongFieldTypeIsRejectedNamingTheField(String json, String field) {
    assertMentions(rejects(json), field);
  }

  @Test
  void negativeChunkIndexIsRejected() {
    assertMentions(rejects("{\"type\":\"CHUNK_REQUEST\",\"file_id\":" + Q + ",\"chunk_index\":-1}"),
        "chunk_index out of range", "-1");
  }

  @Test
  void numbersThatOverflowIntOrLongAreRejected() {
    assertMentions(rejects("{\"type\":\"CHUNK_REQUEST\",\"file_id\":" + Q
        + ",\"chunk_index\":2147483648}"), "chunk_index", "out of range of int");
    assertMentions(rejects("{\"type\":\"QUERY_RESULT\",\"file_id\":" + Q + ",\"filename\":\"a\","
        + "\"file_size\":9223372036854775808,\"chunk_size\":1024,\"num_chunks\":0,"
        + "\"chunk_hashes\":[],\"peers\":[],\"variants\":1}"), "file_size", "out of range of long");
    assertMentions(rejects("{\"type\":\"REGISTERED\",\"file_id\":" + Q + ",\"peers\":"
        + "9".repeat(40) + "}"), "Number");
  }

  @Test
  void fileSizeBeyondTheLimitIsRejected() {
    assertMentions(rejects("{\"type\":\"QUERY_RESULT\",\"file_id\":" + Q + ",\"filename\":\"a\","
        + "\"file_size\":-1,\"chunk_size\":1024,\"num_chunks\":0,\"chunk_hashes\":[],\"peers\":[],"
        + "\"variants\":1}"), "file_size out of range");
  }

  @Test
  void fileIdThatIsNot64LowercaseHexIsRejected() {
    for (String bad : new String[] {"abc", HEX + "0", HEX.substring(1), HEX.toUpperCase(),
        "g" + HEX.substring(1), ""}) {
      assertMentions(rejects("{\"type\":\"QUERY\",\"file_id\":\"" + bad + "\"}"), "file_id");
    }
    assertMentions(rejects("{\"type\":\"QUERY\",\"file_id\":null}"), "file_id");
  }

  @Test
  void manifestWhoseChunkCountDisagreesWithItsSizeIsRejected() {
    assertMentions(rejects("{\"type\":\"REGISTER\",\"file_id\":" + Q + ",\"filename\":\"a\","
        + "\"file_size\":2048,\"chunk_size\":1024,\"num_chunks\":3,\"chunk_hashes\":[\"" + H1
        + "\",\"" + H1 + "\",\"" + H1 + "\"],\"peer_id\":\"p\",\"host\":\"h\",\"port\":1}"),
        "num_chunks is 3", "has 2");
  }

  @Test
  void manifestWithTooFewHashesIsRejected() {
    assertMentions(rejects("{\"type\":\"QUERY_RESULT\",\"file_id\":" + Q + ",\"filename\":\"a\","
        + "\"file_size\":2048,\"chunk_size\":1024,\"num_chunks\":2,\"chunk_hashes\":[\"" + H1
        + "\"],\"peers\":[],\"variants\":1}"), "chunk_hashes");
  }

  @Test
  void badFieldValuesAreRejectedWithTheirReason() {
    assertMentions(rejects("{\"type\":\"UNREGISTER\",\"file_id\":" + Q
        + ",\"peer_id\":\"a b\",\"port\":1}"), "peer_id");
    assertMentions(rejects("{\"type\":\"UNREGISTER\",\"file_id\":" + Q
        + ",\"peer_id\":\"p\",\"port\":0}"), "port out of range");
    assertMentions(rejects("{\"type\":\"UNREGISTER\",\"file_id\":" + Q
        + ",\"peer_id\":\"p\",\"port\":65536}"), "port out of range");
    assertMentions(rejects("{\"type\":\"ERROR\",\"code\":\"OOPS\",\"reason\":\"r\","
        + "\"file_id\":null,\"chunk_index\":null}"), "unknown error code 'OOPS'");
    assertMentions(rejects("{\"type\":\"HAVE\",\"file_id\":" + Q
        + ",\"num_chunks\":100,\"bitfield\":\"AA==\"}"), "bitfield");
  }

  @Test
  void garbageIsRejected() {
    assertThrows(ProtocolException.class, () -> Codec.decode(ByteString.fromArray(
        new byte[] {Codec.KIND_JSON, (byte) 0xff, (byte) 0xfe, 0})));
    assertMentions(rejects("{"), "end-of-input");
    assertMentions(rejects(""), "No content");
    assertMentions(rejects("[]"), "bad control message");
    assertMentions(rejects("\"QUERY\""), "'type'");
    assertMentions(rejects("not json"), "Unrecognized token");
  }

  @Test
  void deeplyNestedInputIsRejected() {
    String deep = "[".repeat(100) + "]".repeat(100);
    assertMentions(rejects("{\"type\":\"QUERY\",\"file_id\":" + deep + "}"), "bad control message");
  }

  @Test
  void unknownFrameKindIsRejected() {
    var e = assertThrows(ProtocolException.class,
        () -> Codec.decode(ByteString.fromArray(new byte[] {0x07, '{', '}'})));
    assertMentions(e, "unknown frame kind 0x07");
    e = assertThrows(ProtocolException.class,
        () -> Codec.decode(ByteString.fromArray(new byte[] {(byte) 0xff})));
    assertMentions(e, "0xff");
  }

  @Test
  void emptyFrameIsRejected() {
    assertMentions(assertThrows(ProtocolException.class,
        () -> Codec.decode(ByteString.emptyByteString())), "empty frame");
  }

  @Test
  void truncatedChunkHeaderIsRejected() {
    ByteString full = Codec.encode(new Message.Chunk(ID, 1, ByteString.emptyByteString()));
    for (int n = 1; n < Codec.CHUNK_HEADER_BYTES; n++) {
      ByteString cut = full.take(n);
      var e = assertThrows(ProtocolException.class, () -> Codec.decode(cut), "length " + n);
      assertMentions(e, "CHUNK frame shorter than its 37-byte header");
    }
  }

  @Test
  void chunkWithNegativeIndexIsRejected() {
    ByteString body = Codec.encode(new Message.Chunk(ID, 0, ByteString.fromString("x")));
    byte[] b = body.toArray();
    b[33] = (byte) 0x80; // index 0x80000000 as a signed int
    assertMentions(assertThrows(ProtocolException.class,
        () -> Codec.decode(ByteString.fromArray(b))), "negative chunk index");
  }

  @Test
  void recordsRefuseToBeBuiltInvalid() {
    assertThrows(IllegalArgumentException.class, () -> new Message.ChunkRequest(ID, -1));
    // A bad hex string cannot even become the FileId a Query needs; a missing one is refused.
    assertThrows(IllegalArgumentException.class, () -> new Message.Query(new FileId("nope")));
    assertThrows(IllegalArgumentException.class, () -> new Message.Query(null));
    assertThrows(IllegalArgumentException.class, () -> new Message.Error(null, "x", null, null));
    assertThrows(IllegalArgumentException.class, () -> new Message.Chunk(ID, 0, null));
    assertThrows(IllegalArgumentException.class,
        () -> new Message.Error(ErrorCode.NOT_FOUND, "x".repeat(Message.MAX_REASON + 1), null, null));
    assertThrows(IllegalArgumentException.class,
        () -> new Message.PeerInfo("p".repeat(Message.MAX_PEER_ID + 1), "h", 1));
  }
}
