package dev.p2p.transfer.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.p2p.metrics.Meters;
import dev.p2p.storage.PeerAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A ban shows in p2p_node_peers_banned_total, once per banned peer. */
class BanMetersTest {
  private static double banned() {
    String series = "p2p_node_peers_banned_total ";
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
}
