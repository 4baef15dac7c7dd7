package dev.p2p.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.p2p.storage.FileId;
import dev.p2p.testing.Wire;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bytes of every message for one fixed example, as the codec wrote them while the records
 * still carried plain strings (hex IDs, error codes): typed fields must not change one byte, in
 * either direction.
 */
class WireBytesTest {
  static final String HEX = CodecTest.HEX;
  static final FileId ID = CodecTest.ID;
  static final String H1 = "1".repeat(64);
  static final String H2 = "2".repeat(64);

  static Stream<Arguments> examples() {
    return Stream.of(
        Arguments.of(
            new Message.Register(ID, "a.txt", 1500, 1024, 2, List.of(H1, H2), "peer-1", "10.0.0.5", 6000),
            "{\"type\":\"REGISTER\",\"file_id\":\"" + HEX + "\",\"filename\":\"a.txt\","
                + "\"file_size\":1500,\"chunk_size\":1024,\"num_chunks\":2,\"chunk_hashes\":[\""
                + H1 + "\",\"" + H2 + "\"],\"peer_id\":\"peer-1\",\"host\":\"10.0.0.5\",\"port\":6000}"),
        Arguments.of(
            new Message.Register(ID, "a.txt", 1500, 1024, 2, List.of(H1, H2), "peer-1", "10.0.0.5", 6000)
                .withTerms(H1, 1767225600L, 3),
            "{\"type\":\"REGISTER\",\"file_id\":\"" + HEX + "\",\"filename\":\"a.txt\","
                + "\"file_size\":1500,\"chunk_size\":1024,\"num_chunks\":2,\"chunk_hashes\":[\""
                + H1 + "\",\"" + H2 + "\"],\"peer_id\":\"peer-1\",\"host\":\"10.0.0.5\",\"port\":6000,"
                + "\"lookup_hash\":\"" + H1 + "\",\"expires_at\":1767225600,\"max_downloads\":3}"),
        Arguments.of(new Access(ID, H2),
            "{\"type\":\"ACCESS\",\"file_id\":\"" + HEX + "\",\"proof\":\"" + H2 + "\"}"),
        Arguments.of(new Revoke(ID), "{\"type\":\"REVOKE\",\"file_id\":\"" + HEX + "\"}"),
        Arguments.of(new Message.Query(ID, List.of(), H2),
            "{\"type\":\"QUERY\",\"file_id\":\"" + HEX + "\",\"lookup\":\"" + H2 + "\"}"),
        Arguments.of(new Message.Registered(ID, 3),
            "{\"type\":\"REGISTERED\",\"file_id\":\"" + HEX + "\",\"peers\":3}"),
        Arguments.of(new Message.Unregister(ID, "peer-1", 6000),
            "{\"type\":\"UNREGISTER\",\"file_id\":\"" + HEX + "\",\"peer_id\":\"peer-1\",\"port\":6000}"),
        Arguments.of(new Message.Query(ID), "{\"type\":\"QUERY\",\"file_id\":\"" + HEX + "\"}"),
        Arguments.of(
            new Message.QueryResult(ID, "a.txt", 1500, 1024, 2, List.of(H1, H2),
                List.of(new Message.PeerInfo("peer-1", "10.0.0.5", 6000),
                    new Message.PeerInfo("peer_2.x", "::1", 65535))),
            "{\"type\":\"QUERY_RESULT\",\"file_id\":\"" + HEX + "\",\"filename\":\"a.txt\","
                + "\"file_size\":1500,\"chunk_size\":1024,\"num_chunks\":2,\"chunk_hashes\":[\""
                + H1 + "\",\"" + H2 + "\"],\"peers\":[{\"peer_id\":\"peer-1\",\"host\":\"10.0.0.5\","
                + "\"port\":6000},{\"peer_id\":\"peer_2.x\",\"host\":\"::1\",\"port\":65535}],"
                + "\"variants\":1}"),
        Arguments.of(new Message.ChunkRequest(ID, 7),
            "{\"type\":\"CHUNK_REQUEST\",\"file_id\":\"" + HEX + "\",\"chunk_index\":7}"),
        Arguments.of(new Message.HaveRequest(ID),
            "{\"type\":\"HAVE_REQUEST\",\"file_id\":\"" + HEX + "\"}"),
        Arguments.of(Message.Have.of(ID, 10, BitSet.valueOf(new long[] {0b1000000101})),
            "{\"type\":\"HAVE\",\"file_id\":\"" + HEX + "\",\"num_chunks\":10,\"bitfield\":\"oEA=\"}"),
        Arguments.of(new Message.Error(ErrorCode.NO_CHUNK, "chunk 7 is not here", ID, 7),
            "{\"type\":\"ERROR\",\"code\":\"NO_CHUNK\",\"reason\":\"chunk 7 is not here\","
                + "\"file_id\":\"" + HEX + "\",\"chunk_index\":7}"),
        Arguments.of(new Message.QueryPeers(ID),
            "{\"type\":\"QUERY_PEERS\",\"file_id\":\"" + HEX + "\"}"),
        Arguments.of(new Message.QueryPeers(ID, H1),
            "{\"type\":\"QUERY_PEERS\",\"file_id\":\"" + HEX + "\",\"variant\":\"" + H1 + "\"}"),
        Arguments.of(new Message.Query(ID, List.of(H1, H2)),
            "{\"type\":\"QUERY\",\"file_id\":\"" + HEX + "\",\"exclude\":[\"" + H1 + "\",\"" + H2 + "\"]}"),
        Arguments.of(new Message.Peers(ID, 2, List.of(new Message.PeerInfo("peer-1", "10.0.0.5", 6000))),
            "{\"type\":\"PEERS\",\"file_id\":\"" + HEX + "\",\"total\":2,\"peers\":[{\"peer_id\":"
                + "\"peer-1\",\"host\":\"10.0.0.5\",\"port\":6000}]}"),
        Arguments.of(Message.Hello.of(ID, "peer-1", 6000, 3, BitSet.valueOf(new long[] {0b101})),
            "{\"type\":\"HELLO\",\"file_id\":\"" + HEX + "\",\"peer_id\":\"peer-1\",\"port\":6000,"
                + "\"num_chunks\":3,\"bitfield\":\"oA==\"}"),
        Arguments.of(new Message.HaveChunk(ID, 2),
            "{\"type\":\"HAVE_CHUNK\",\"file_id\":\"" + HEX + "\",\"chunk_index\":2}"),
        Arguments.of(new Message.Cancel(ID, 2),
            "{\"type\":\"CANCEL\",\"file_id\":\"" + HEX + "\",\"chunk_index\":2}"),
        Arguments.of(Message.Error.of(ErrorCode.BUSY, "later"),
            "{\"type\":\"ERROR\",\"code\":\"BUSY\",\"reason\":\"later\",\"file_id\":null,"
                + "\"chunk_index\":null}"));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("examples")
  void jsonIsByteIdenticalAndReadsBack(Message m, String json) {
    ByteString expected = Wire.jsonBody(json);
    assertEquals(expected, Codec.encode(m));
    assertEquals(m, Codec.decode(expected));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("codes")
  void everyErrorCodeIsItsNameOnTheWire(ErrorCode code) {
    String json = "{\"type\":\"ERROR\",\"code\":\"" + code.name() + "\",\"reason\":\"r\","
        + "\"file_id\":null,\"chunk_index\":null}";
    assertEquals(Wire.jsonBody(json), Codec.encode(Message.Error.of(code, "r")));
    assertEquals(Message.Error.of(code, "r"), Codec.decode(Wire.jsonBody(json)));
  }

  static Stream<ErrorCode> codes() {
    return Stream.of(ErrorCode.values());
  }

  @Test
  void chunkHeaderIsTheRawIdThenTheIndex() {
    ByteString body = Codec.encode(new Message.Chunk(ID, 0x01020304, ByteString.fromString("hi")));
    assertEquals("02" + HEX + "01020304" + "6869", HexFormat.of().formatHex(body.toArray()));
  }

  static Stream<Arguments> rejections() {
    String error = "{\"type\":\"ERROR\",\"reason\":\"r\",\"file_id\":null,\"chunk_index\":null,\"code\":";
    return Stream.of(
        Arguments.of("{\"type\":\"QUERY\",\"file_id\":\"abc\"}",
            "file_id must be 64 lowercase hex characters"),
        Arguments.of("{\"type\":\"QUERY\",\"file_id\":null}",
            "file_id must be 64 lowercase hex characters"),
        Arguments.of("{\"type\":\"QUERY\",\"file_id\":5}",
            "file_id: Cannot coerce Integer value (5) to `java.lang.String` value"),
        Arguments.of("{\"type\":\"QUERY\",\"file_id\":\"" + HEX + "\",\"lookup\":\"AB\"}",
            "lookup must be 64 lowercase hex characters"),
        Arguments.of("{\"type\":\"ACCESS\",\"file_id\":\"" + HEX + "\",\"proof\":null}",
            "proof must be 64 lowercase hex characters"),
        Arguments.of("{\"type\":\"ACCESS\",\"file_id\":\"" + HEX + "\"}",
            "proof: Missing creator property 'proof' (index 1)"),
        Arguments.of("{\"type\":\"QUERY\",\"file_id\":\"" + HEX + "\",\"lookup\":5}",
            "lookup: Cannot coerce Integer value (5) to `java.lang.String` value"),
        Arguments.of(register(",\"expires_at\":5"), "expires_at and max_downloads need a lookup_hash"),
        Arguments.of(register(",\"lookup_hash\":\"" + H1 + "\",\"max_downloads\":0"),
            "max_downloads out of range [1, 1000000]: 0"),
        Arguments.of(register(",\"lookup_hash\":\"" + H1 + "\",\"expires_at\":\"5\""),
            "expires_at: Cannot coerce String value (\"5\") to `java.lang.Long` value"),
        Arguments.of(error + "\"OOPS\"}", "unknown error code 'OOPS'"),
        Arguments.of(error + "\"not_found\"}", "unknown error code 'not_found'"),
        Arguments.of(error + "\"\"}", "code is missing"),
        Arguments.of(error + "null}", "code is missing"),
        Arguments.of(error + "5}", "code: Cannot coerce Integer value (5) to `java.lang.String` value"));
  }

  /** A REGISTER of the example file with {@code extra} fields appended. */
  static String register(String extra) {
    return "{\"type\":\"REGISTER\",\"file_id\":\"" + HEX + "\",\"filename\":\"a.txt\",\"file_size\":1500,"
        + "\"chunk_size\":1024,\"num_chunks\":2,\"chunk_hashes\":[\"" + H1 + "\",\"" + H2 + "\"],"
        + "\"peer_id\":\"p\",\"host\":\"h\",\"port\":1" + extra + "}";
  }

  /** The sentences a sender gets for a bad file ID or code, word for word as before. */
  @ParameterizedTest(name = "{1}")
  @MethodSource("rejections")
  void typedFieldsAreRejectedWithTheSameSentences(String json, String sentence) {
    assertEquals("bad control message: " + sentence, CodecTest.rejects(json).getMessage());
  }
}
