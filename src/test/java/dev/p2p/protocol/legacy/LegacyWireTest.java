package dev.p2p.protocol.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.p2p.protocol.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.scaladsl.Framing.FramingException;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LegacyWireTest {
  private static ActorSystem<Void> system;

  @BeforeAll
  static void start() {
    system = ActorSystem.create(Behaviors.empty(), "legacy-wire");
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  @Test
  void writesWhatPythonsJsonDumpsWrites() {
    ObjectNode o = LegacyWire.object();
    o.put("type", "CHUNK_RESPONSE").put("name", "café ☃").put("chunk_index", 3);
    o.putArray("peers").add(1).add(2);
    o.putObject("e");
    // python3 -c 'import json; print(json.dumps({"type": "CHUNK_RESPONSE", "name": "café ☃",
    //   "chunk_index": 3, "peers": [1, 2], "e": {}}))'
    String python = "{\"type\": \"CHUNK_RESPONSE\", \"name\": \"caf\\u00e9 \\u2603\", "
        + "\"chunk_index\": 3, \"peers\": [1, 2], \"e\": {}}";
    assertEquals(python, new String(LegacyWire.dumps(o), StandardCharsets.US_ASCII));
    ByteString framed = LegacyWire.frame(o);
    assertEquals(framed.size() - 8, LegacyWire.length(framed));
    assertTrue(LegacyWire.looksLegacy(framed));
  }

  @Test
  void ourFramesAreNeverTakenForLegacyOnes() {
    assertFalse(LegacyWire.looksLegacy(ByteString.fromArray(new byte[] {0, 0, 0, 5, 1})));
    assertFalse(LegacyWire.looksLegacy(ByteString.fromArray(new byte[] {0x16, 3, 1, 0, 0})));
    assertFalse(LegacyWire.looksLegacy(ByteString.fromArray(new byte[] {0, 0, 0})));
  }

  @Test
  void deframesSplitAtEveryOffset() throws Exception {
    ObjectNode a = LegacyWire.object().put("type", "QUERY").put("file_id", "0123456789abcdef");
    ObjectNode b = LegacyWire.object().put("type", "SEARCH_BY_NAME").put("filename", "x");
    ByteString both = LegacyWire.frame(a).concat(LegacyWire.frame(b));
    for (int cut = 1; cut < both.size(); cut++) {
      List<ByteString> bodies = Source.from(List.of(both.take(cut), both.drop(cut)))
          .via(LegacyWire.deframer(1024)).runWith(Sink.seq(), system)
          .toCompletableFuture().get(5, TimeUnit.SECONDS);
      assertEquals(List.of(a, b), bodies.stream().map(LegacyWire::parse).toList(), "cut at " + cut);
    }
  }

  @Test
  void refusesHugeAndImpossibleLengths() {
    ByteString tooBig = ByteString.fromArray(new byte[] {0, 0, 0, 0, 0, 0x10, 0, 1}).concat(ByteString.fromString("{}"));
    ByteString over4g = ByteString.fromArray(new byte[] {0, 0, 0, 1, 0, 0, 0, 2}).concat(ByteString.fromString("{}"));
    ByteString intMax = ByteString.fromArray(new byte[] {0, 0, 0, 0, 0x7f, -1, -1, -1}).concat(ByteString.fromString("{}"));
    ByteString negative = ByteString.fromArray(new byte[] {0, 0, 0, 0, -1, -1, -1, -8}).concat(ByteString.fromString("{}"));
    for (ByteString bad : List.of(tooBig, over4g, intMax, negative)) {
      var done = Source.single(bad).via(LegacyWire.deframer(1024)).runWith(Sink.seq(), system)
          .toCompletableFuture();
      Exception e = assertThrows(Exception.class, () -> done.get(5, TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof FramingException, e.toString());
      assertFalse(e.getCause().getMessage().contains("-"), e.getCause().getMessage());
    }
  }

  @Test
  void parsesStrictly() {
    assertEquals("QUERY", LegacyWire.parse(ByteString.fromString("{\"type\": \"QUERY\"}")).get("type").asText());
    for (String bad : List.of("[1]", "{\"a\": 1, \"a\": 2}", "{\"a\": 1} x", "{\"a\":", "\"s\"")) {
      assertThrows(ProtocolException.class, () -> LegacyWire.parse(ByteString.fromString(bad)), bad);
    }
  }

}
