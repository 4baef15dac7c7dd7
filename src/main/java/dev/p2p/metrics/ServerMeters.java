package dev.p2p.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The connection meters of the servers of one name (see {@link Meters}): connections accepted,
 * open and refused by cause, bytes of the frames received and sent (after TLS: its overhead is
 * not counted; one add per frame, which on the data path is one chunk).
 */
public final class ServerMeters {
  private final Counter accepted;
  private final Counter refusedPerIp;
  private final Counter refusedTotalCap;
  private final Counter refusedHeaderTimeout;
  private final Counter received;
  private final Counter sent;
  private final AtomicLong open = new AtomicLong();

  ServerMeters(MeterRegistry registry, String server) {
    accepted = Counter.builder("p2p.connections.accepted").tag("server", server)
        .description("connections admitted").register(registry);
    refusedPerIp = refused(registry, server, "per_ip");
    refusedTotalCap = refused(registry, server, "total_cap");
    refusedHeaderTimeout = refused(registry, server, "header_timeout");
    received = Counter.builder("p2p.server.received").tag("server", server).baseUnit("bytes")
        .description("bytes of frames received on accepted connections").register(registry);
    sent = Counter.builder("p2p.server.sent").tag("server", server).baseUnit("bytes")
        .description("bytes of frames sent on accepted connections").register(registry);
    Gauge.builder("p2p.connections.open", open, AtomicLong::get).tag("server", server)
        .description("connections open now").register(registry);
  }

  private static Counter refused(MeterRegistry registry, String server, String cause) {
    return Counter.builder("p2p.connections.refused").tag("server", server).tag("cause", cause)
        .description("connections refused or closed by the server's limits: per_ip (newcomer refused), "
            + "total_cap (an idle one closed for a newcomer), header_timeout (no first frame in time)")
        .register(registry);
  }

  /** A connection was admitted. */
  public void opened() {
    accepted.increment();
    open.incrementAndGet();
  }

  /** An admitted connection ended (once per connection). */
  public void closed() {
    open.decrementAndGet();
  }

  /** A newcomer was refused: its address holds its share of connections already. */
  public void refusedPerIp() {
    refusedPerIp.increment();
  }

  /** A connection was closed to make room at the total cap. */
  public void evictedAtCap() {
    refusedTotalCap.increment();
  }

  /** A connection was closed for not completing a first frame within the header timeout. */
  public void headerTimedOut() {
    refusedHeaderTimeout.increment();
  }

  /** A frame of {@code bytes} arrived on a connection. */
  public void received(int bytes) {
    received.increment(bytes);
  }

  /** A frame of {@code bytes} is on its way to a connection's socket. */
  public void sent(int bytes) {
    sent.increment(bytes);
  }
}
