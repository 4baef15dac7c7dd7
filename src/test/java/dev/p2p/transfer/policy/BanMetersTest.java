package dev.p2p.transfer.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.p2p.metrics.Meters;
import dev.p2p.storage.PeerAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A download's chunks and bans show in the node's metrics (p2p_node_chunks_total, ..._banned_total). */
class BanMetersTest {
  private static double banned() {
    return value("p2p_node_peers_banned_total ");
  }

  private static double value(String series) {
    return Meters.process().scrape().lines().filter(l -> l.startsWith(series))
        .mapToDouble(l -> Double.parseDouble(l.substring(series.length()))).findFirst().orElse(0);
  }

  @Test
  void aPeerBannedForBadChunksIsCountedOnce() {
    PeerScoreboard s = new PeerScoreboard(Duration.ofSeconds(1));
    PeerAddress a = new PeerAddress("127.0.0.1", 6001);
    s.joined(a);
    double before = banned();
    for (int i = 0; i < DownloadTuning.BAN_AFTER_BAD_CHUNKS + 2; i++) s.failed(a, FailureKind.BAD_DATA);
    assertEquals(before + 1, banned());
  }

  @Test
  void aDeliveredChunkIsVerifiedBytesAndAFailureCountsButARefusalDoesNot() {
    PeerScoreboard s = new PeerScoreboard(Duration.ofSeconds(1));
    PeerAddress a = new PeerAddress("127.0.0.1", 6002);
    s.joined(a);
    double verified = value("p2p_node_chunks_total{outcome=\"verified\"} ");
    double failed = value("p2p_node_chunks_total{outcome=\"failed\"} ");
    double bytes = value("p2p_node_downloaded_bytes_total ");
    s.delivered(a, 0, 4096);
    s.failed(a, FailureKind.TIMEOUT);
    s.failed(a, FailureKind.REFUSED); // the peer lacks the chunk: asked elsewhere, nothing went wrong
    assertEquals(verified + 1, value("p2p_node_chunks_total{outcome=\"verified\"} "));
    assertEquals(bytes + 4096, value("p2p_node_downloaded_bytes_total "));
    assertEquals(failed + 1, value("p2p_node_chunks_total{outcome=\"failed\"} "));
  }
}
