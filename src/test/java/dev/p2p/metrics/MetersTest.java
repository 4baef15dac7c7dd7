package dev.p2p.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The names and values Prometheus sees: what README's "Operating it" and dashboards rely on. */
class MetersTest {
  private final Meters meters = new Meters(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));

  private void assertLine(String line) {
    String text = meters.scrape();
    assertTrue(text.lines().anyMatch(line::equals), "no line '" + line + "' in:\n" + text);
  }

  @Test
  void trackerCountsRegistersAndQueriesByResult() {
    meters.registered();
    meters.registered();
    meters.queried(true);
    meters.queried(false);
    meters.queried(false);
    assertLine("p2p_tracker_registers_total 2.0");
    assertLine("p2p_tracker_queries_total{result=\"found\"} 1.0");
    assertLine("p2p_tracker_queries_total{result=\"not_found\"} 2.0");
  }

  @Test
  void nodeCountsChunksBytesAndBans() {
    meters.chunkServed(262_144);
    meters.chunkServed(1000);
    meters.chunkVerified(4096);
    meters.chunkFailed();
    meters.peerBanned();
    assertLine("p2p_node_uploaded_bytes_total 263144.0");
    assertLine("p2p_node_downloaded_bytes_total 4096.0");
    assertLine("p2p_node_chunks_total{outcome=\"served\"} 2.0");
    assertLine("p2p_node_chunks_total{outcome=\"verified\"} 1.0");
    assertLine("p2p_node_chunks_total{outcome=\"failed\"} 1.0");
    assertLine("p2p_node_peers_banned_total 1.0");
  }

  @Test
  void serversCountConnectionsRefusalsByCauseAndBytes() {
    ServerMeters tracker = meters.server("tracker");
    tracker.opened();
    tracker.opened();
    tracker.closed();
    tracker.refusedPerIp();
    tracker.evictedAtCap();
    tracker.headerTimedOut();
    tracker.headerTimedOut();
    tracker.received(100);
    tracker.sent(40);
    meters.server("chunk server").opened();
    assertLine("p2p_connections_accepted_total{server=\"tracker\"} 2.0");
    assertLine("p2p_connections_open{server=\"tracker\"} 1.0");
    assertLine("p2p_connections_open{server=\"chunk server\"} 1.0");
    assertLine("p2p_connections_refused_total{cause=\"per_ip\",server=\"tracker\"} 1.0");
    assertLine("p2p_connections_refused_total{cause=\"total_cap\",server=\"tracker\"} 1.0");
    assertLine("p2p_connections_refused_total{cause=\"header_timeout\",server=\"tracker\"} 2.0");
    assertLine("p2p_server_received_bytes_total{server=\"tracker\"} 100.0");
    assertLine("p2p_server_sent_bytes_total{server=\"tracker\"} 40.0");
  }

  @Test
  void gaugesReadTheirOwnerAtEachScrapeAndJvmBasicsAreThere() {
    AtomicInteger files = new AtomicInteger(3);
    meters.gauge("p2p.tracker.files", "files", files, AtomicInteger::get);
    assertLine("p2p_tracker_files 3.0");
    files.set(5);
    assertLine("p2p_tracker_files 5.0");
    meters.bindJvm();
    meters.bindJvm(); // once only: a second bind would be a no-op anyway, but costs a walk
    assertTrue(meters.scrape().contains("jvm_memory_used_bytes"), meters.scrape());
    assertTrue(meters.scrape().contains("process_uptime_seconds"), meters.scrape());
  }
}
