package dev.p2p.tracker.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.protocol.Codec;
import dev.p2p.storage.FileId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What a clustered node says when a forwarded request is lost: the bytes docs/protocol.md §8 shows. */
class ClusterBackendTest {
  static final FileId NOTES = new FileId("9e3ee0bd5a563ec817a9eba2e1468d1e56db067b475016b0a65bf301c40e9ecb");

  @Test
  void theBusyAnswerToALostRequestIsTheDocumentedOne() throws Exception {
    byte[] body = Codec.encode(ClusterBackend.noAnswer(NOTES, Duration.ofSeconds(2))).toArray();
    String json = new String(body, 1, body.length - 1, StandardCharsets.UTF_8); // after the kind byte
    String doc = Files.readString(Path.of("docs", "protocol.md"));
    assertTrue(doc.contains("\n" + json + "\n"), json);
  }
}
