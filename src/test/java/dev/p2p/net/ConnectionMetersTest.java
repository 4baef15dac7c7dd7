package dev.p2p.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.metrics.Meters;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The server's limits show in its metrics: each refusal by its cause, and what is open now. */
class ConnectionMetersTest {
  private static final String SERVER = "meters-test";

  private static double value(String name, String labels) {
    String series = name + "{" + labels + "} ";
    return Meters.process().scrape().lines().filter(l -> l.startsWith(series))
        .mapToDouble(l -> Double.parseDouble(l.substring(series.length()))).findFirst().orElse(0);
  }

  private static double refused(String cause) {
    return value("p2p_connections_refused_total", "cause=\"" + cause + "\",server=\"" + SERVER + "\"");
  }

  @Test
  void refusalsPerIpAndClosingsAtTheCapAreCountedApartAndOpenFollowsReleases() {
    long[] now = {0};
    ConnectionSlots slots = new ConnectionSlots(SERVER, 2, 1, Duration.ofSeconds(5), () -> now[0]);
    double perIp = refused("per_ip");
    double cap = refused("total_cap");
    double accepted = value("p2p_connections_accepted_total", "server=\"" + SERVER + "\"");

    Optional<ConnectionSlots.Slot> a = slots.admit(new InetSocketAddress("127.0.0.1", 40000));
    assertTrue(slots.admit(new InetSocketAddress("127.0.0.1", 40001)).isEmpty());
    assertEquals(perIp + 1, refused("per_ip"));
    now[0] = 10; // so that the first is the idlest, the one that gives way at the cap
    slots.admit(new InetSocketAddress("127.0.0.2", 40000));
    assertEquals(2.0, value("p2p_connections_open", "server=\"" + SERVER + "\""));
    slots.admit(new InetSocketAddress("127.0.0.3", 40000)); // full: the oldest gives way
    assertEquals(cap + 1, refused("total_cap"));
    assertEquals(accepted + 3, value("p2p_connections_accepted_total", "server=\"" + SERVER + "\""));
    assertEquals(2.0, value("p2p_connections_open", "server=\"" + SERVER + "\""));
    a.orElseThrow().release(); // already released by the eviction: counted once
    assertEquals(2.0, value("p2p_connections_open", "server=\"" + SERVER + "\""));
  }
}
