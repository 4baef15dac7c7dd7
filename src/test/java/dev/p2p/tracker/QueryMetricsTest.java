package dev.p2p.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.p2p.metrics.Meters;
import dev.p2p.protocol.Codec;
import dev.p2p.protocol.ErrorCode;
import dev.p2p.protocol.Message;
import dev.p2p.storage.FileId;
import java.util.List;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

/** A QUERY's answer counts as found or not found by what it is, whatever backend gave it. */
class QueryMetricsTest {
  private static double count(String result) {
    String series = "p2p_tracker_queries_total{result=\"" + result + "\"} ";
    return Meters.process().scrape().lines().filter(l -> l.startsWith(series))
        .mapToDouble(l -> Double.parseDouble(l.substring(series.length()))).findFirst().orElse(0);
  }

  @Test
  void anErrorIsNotFoundAndAnythingElseIsFound() {
    FileId id = new FileId("c".repeat(64));
    PublishedFiles none = new PublishedFiles(10);
    double found = count("found");
    double notFound = count("not_found");
    ByteString error = none.answer(id);
    assertSame(error, TrackerServer.queried(error));
    TrackerServer.queried(Codec.encode(Message.Error.of(ErrorCode.BUSY, "later")));
    TrackerServer.queried(Codec.encode(new Message.Peers(id, 0, List.of())));
    assertEquals(notFound + 2, count("not_found"));
    assertEquals(found + 1, count("found"));
  }
}
