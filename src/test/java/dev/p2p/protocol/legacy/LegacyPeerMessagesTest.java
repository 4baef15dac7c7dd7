package dev.p2p.protocol.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.p2p.protocol.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The peer side's messages of the original's protocol, byte for byte as its client and chunk
 * server write them (the examples of docs/protocol.md), read strictly, and the
 * answer reader fed at every split.
 */
class LegacyPeerMessagesTest {
  static final String ID = "0123456789abcdef";
  static final String PEER = "-PJ0001-0123456789ab";

  private static String text(ObjectNode o) {
    return new String(LegacyWire.dumps(o), StandardCharsets.US_ASCII);
  }

  private static ObjectNode json(String s) {
    return LegacyWire.parse(ByteString.fromString(s));
  }

  @Test
  void writesThePeersMessagesAsTheOriginalsClientDoes() {
    assertEquals("{\"type\": \"REGISTER\", \"file_id\": \"0123456789abcdef\", \"filename\": \"a.bin\", "
            + "\"num_chunks\": 3, \"peer_id\": \"-PJ0001-0123456789ab\", \"host\": \"10.0.0.5\", \"port\": 6000}",
        text(LegacyPeerMessages.register(ID, "a.bin", 3, PEER, "10.0.0.5", 6000)));
    assertEquals("{\"type\": \"ANNOUNCE\", \"event\": \"started\", \"info_hash\": \"0123456789abcdef\", "
            + "\"peer_id\": \"-PJ0001-0123456789ab\", \"host\": \"10.0.0.5\", \"port\": 6000, "
            + "\"filename\": \"a.bin\", \"num_chunks\": 3}",
        text(LegacyPeerMessages.started(ID, PEER, "10.0.0.5", 6000, "a.bin", 3)));
    assertEquals("{\"type\": \"ANNOUNCE\", \"event\": \"stopped\", \"info_hash\": \"0123456789abcdef\", "
        + "\"peer_id\": \"-PJ0001-0123456789ab\"}", text(LegacyPeerMessages.stopped(ID, PEER)));
    assertEquals("{\"type\": \"UNREGISTER\", \"file_id\": \"0123456789abcdef\", \"peer_id\": \"-PJ0001-0123456789ab\"}",
        text(LegacyPeerMessages.unregister(ID, PEER)));
    assertEquals("{\"type\": \"QUERY\", \"file_id\": \"0123456789abcdef\"}", text(LegacyPeerMessages.query(ID)));
    assertEquals("{\"type\": \"CHUNK_REQUEST\", \"file_id\": \"0123456789abcdef\", \"chunk_index\": 3}",
        text(new LegacyChunkRequest(ID, 3).json()));
    assertEquals("{\"type\": \"CHUNK_RESPONSE\", \"file_id\": \"0123456789abcdef\", \"chunk_index\": 3, "
        + "\"chunk_size\": 262144, \"status\": \"success\"}",
        text(LegacyChunkResponse.success(new LegacyChunkRequest(ID, 3), 262144).json()));
  }

  @Test
  void theDocumentShowsTheFramesTheCodeSends() throws Exception {
    String doc = Files.readString(Path.of("docs", "protocol.md"));
    String id = "3f2a9c01d4e5b678";
    String peer = "-PJ0001-5d41402abc4b";
    LegacyChunkRequest r = new LegacyChunkRequest(id, 2);
    for (ObjectNode m : List.of(r.json(), LegacyChunkResponse.success(r, 77).json(),
        LegacyChunkResponse.notFound(new LegacyChunkRequest(id, 3)).json(), LegacyPeerMessages.query(id),
        LegacyPeerMessages.register(id, "song.ogg", 3, peer, "192.168.1.20", 6000),
        LegacyPeerMessages.started(id, peer, "192.168.1.20", 6000, "song.ogg", 3),
        LegacyPeerMessages.stopped(id, peer), LegacyPeerMessages.unregister(id, peer))) {
      ByteString frame = LegacyWire.frame(m);
      StringBuilder hex = new StringBuilder();
      for (int i = 0; i < LegacyWire.HEADER; i++) hex.append(String.format("%02x ", frame.apply(i)));
      String line = hex.toString().strip() + "  " + frame.drop(LegacyWire.HEADER).utf8String();
      assertTrue(doc.contains(line), "docs/protocol.md shows " + line);
    }
  }

  @Test
  void aNameOutsideAsciiIsEscapedAsPythonDoes() {
    assertTrue(text(LegacyPeerMessages.register(ID, "café.txt", 1, PEER, "h", 1))
        .contains("\"filename\": \"caf\\u00e9.txt\""));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"type\": \"CHUNK_REQUEST\", \"file_id\": \"0123456789abcdef\", \"chunk_index\": 1.0}",
      "{\"type\": \"CHUNK_REQUEST\", \"file_id\": \"0123456789abcdef\", \"chunk_index\": \"1\"}",
      "{\"type\": \"CHUNK_REQUEST\", \"file_id\": \"0123456789abcdef\", \"chunk_index\": true}",
      "{\"type\": \"CHUNK_REQUEST\", \"file_id\": \"0123456789abcdef\", \"chunk_index\": -1}",
      "{\"type\": \"CHUNK_REQUEST\", \"file_id\": \"0123456789abcdef\", \"chunk_index\": 4294967296}",
      "{\"type\": \"CHUNK_REQUEST\", \"file_id\": \"0123456789abcdef\"}",
      "{\"type\": \"CHUNK_REQUEST\", \"file_id\": \"../../etc/passwd\", \"chunk_index\": 0}",
      "{\"type\": \"CHUNK_REQUEST\", \"file_id\": \"0123456789abcdeg\", \"chunk_index\": 0}",
      "{\"type\": \"CHUNK_REQUEST\", \"file_id\": 81985529216486895, \"chunk_index\": 0}",
      "{\"type\": \"QUERY\", \"file_id\": \"0123456789abcdef\", \"chunk_index\": 0}",
      "{\"file_id\": \"0123456789abcdef\", \"chunk_index\": 0}"})
  void aChunkRequestIsReadStrictly(String request) {
    assertThrows(ProtocolException.class, () -> LegacyChunkRequest.from(json(request)));
  }

  @Test
  void aChunkRequestTakesTheIdInEitherCaseAndLooksItUpInLowerCase() {
    LegacyChunkRequest r = LegacyChunkRequest.from(
        json("{\"type\": \"CHUNK_REQUEST\", \"file_id\": \"0123456789ABCDEF\", \"chunk_index\": 7}"));
    assertEquals("0123456789ABCDEF", r.fileId());
    assertEquals(ID, r.lookupId());
    assertEquals(7, r.chunkIndex());
  }

  @Test
  void aChunkResponseOverTheOriginalsChunkSizeIsRefused() {
    assertThrows(ProtocolException.class, () -> LegacyChunkResponse.from(json("{\"type\": \"CHUNK_RESPONSE\", "
        + "\"file_id\": \"0123456789abcdef\", \"chunk_index\": 0, \"chunk_size\": 262145, \"status\": \"success\"}")));
    assertThrows(ProtocolException.class, () -> LegacyChunkResponse.from(json("{\"type\": \"CHUNK_RESPONSE\", "
        + "\"file_id\": \"0123456789abcdef\", \"chunk_index\": 0, \"chunk_size\": 5, \"status\": \"not_found\"}")));
    assertThrows(ProtocolException.class, () -> LegacyChunkResponse.from(json("{\"type\": \"CHUNK_RESPONSE\", "
        + "\"file_id\": \"0123456789abcdef\", \"chunk_index\": 0, \"chunk_size\": 5, \"status\": \"ok\"}")));
  }

  @Test
  void aQueryAnswerKeepsOnlyUsablePeersOnceEach() {
    LegacyPeerMessages.Located l = LegacyPeerMessages.Located.from(json("{\"status\": \"success\", "
        + "\"file_id\": \"0123456789abcdef\", \"filename\": \"a.bin\", \"num_chunks\": 2, \"peers\": ["
        + "{\"host\": \"10.0.0.5\", \"port\": 6000, \"peer_id\": \"-MT0001-aaaaaaaaaaaa\"}, "
        + "{\"host\": \"10.0.0.5\", \"port\": 6000, \"peer_id\": \"-MT0001-bbbbbbbbbbbb\"}, "
        + "{\"host\": \"evil/../x\", \"port\": 6001, \"peer_id\": \"x\"}, "
        + "{\"host\": \"\", \"port\": 6001, \"peer_id\": \"x\"}, "
        + "{\"host\": \"10.0.0.6\", \"port\": 0, \"peer_id\": \"x\"}, "
        + "{\"host\": \"10.0.0.6\", \"port\": 70000, \"peer_id\": \"x\"}, "
        + "{\"host\": \"10.0.0.6\", \"port\": \"6002\", \"peer_id\": \"x\"}, "
        + "\"10.0.0.7:6003\", "
        + "{\"host\": \"::1\", \"port\": 6004}]}"));
    assertEquals(List.of(new LegacyPeerMessages.Peer("10.0.0.5", 6000, "-MT0001-aaaaaaaaaaaa"),
        new LegacyPeerMessages.Peer("::1", 6004, "")), l.peers());
    assertEquals(7, l.skipped());
    assertEquals("a.bin", l.filename());
    assertEquals(2, l.numChunks());
  }

  @Test
  void anErrorAnswerSaysTheTrackersMessageInOneLine() {
    ObjectNode e = json("{\"status\": \"error\", \"message\": \"File x\\nnot found\", \"peers\": []}");
    assertFalse(LegacyPeerMessages.succeeded(e));
    assertEquals("File x not found", LegacyPeerMessages.why(e));
    assertThrows(ProtocolException.class, () -> LegacyPeerMessages.Located.from(e));
  }

  @Test
  void theReaderGivesTheSameAnswerWhereverTheBytesAreSplit() {
    ByteString header = LegacyWire.frame(LegacyChunkResponse.success(new LegacyChunkRequest(ID, 0), 5).json());
    ByteString all = header.concat(ByteString.fromString("hello")).concat(ByteString.fromString("trailing"));
    for (int cut = 0; cut <= all.size(); cut++) {
      for (int cut2 = cut; cut2 <= all.size(); cut2 += 7) {
        LegacyPeerReplyReader r = new LegacyPeerReplyReader(4096, j -> LegacyChunkResponse.from(j).chunkSize());
        Optional<LegacyPeerReplyReader.Reply> got = r.feed(all.slice(0, cut));
        if (got.isEmpty()) got = r.feed(all.slice(cut, cut2));
        if (got.isEmpty()) got = r.feed(all.slice(cut2, all.size()));
        assertEquals("hello", got.orElseThrow().payload().utf8String(), "split at " + cut + ", " + cut2);
      }
    }
  }

  @Test
  void theReaderRefusesAnOversizeOrForeignAnswerFromItsFirstBytes() {
    LegacyPeerReplyReader r = LegacyPeerReplyReader.frameOnly(4096);
    ProtocolException big = assertThrows(ProtocolException.class,
        () -> r.feed(ByteString.fromArray(new byte[] {0, 0, 0, 0, 0x7f, -1, -1, -1})));
    assertTrue(big.getMessage().contains("more than the 4096 accepted"), big.getMessage());
    // Our own protocol's answer (a 4-byte length, then JSON): not the original's.
    assertThrows(ProtocolException.class, () -> LegacyPeerReplyReader.frameOnly(4096)
        .feed(ByteString.fromArray(new byte[] {0, 0, 0, 40, '{', '"', 't', 'y'})));
    LegacyPeerReplyReader cut = LegacyPeerReplyReader.frameOnly(4096);
    assertTrue(cut.feed(ByteString.fromArray(new byte[] {0, 0, 0})).isEmpty());
    assertEquals("the connection closed before a whole answer came", cut.incomplete());
  }
}
