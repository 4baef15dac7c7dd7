package dev.p2p.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToDoubleFunction;

/**
 * The meters of one process, read as Prometheus text ({@link #scrape}). A Prometheus target is a
 * process, so there is one set per process ({@link #process}): a process that runs several nodes
 * (tests, {@code demo}) adds theirs up. Names (Micrometer's, then Prometheus's):
 *
 * <pre>
 *   p2p.tracker.registers                       p2p_tracker_registers_total     REGISTER requests
 *   p2p.tracker.queries{result=found|not_found} p2p_tracker_queries_total       QUERY requests
 *   p2p.tracker.files, p2p.tracker.registrations (gauges, set by the tracker)   files, (file, peer) entries
 *   p2p.connections.accepted{server}            p2p_connections_accepted_total
 *   p2p.connections.open{server}                p2p_connections_open            (gauge)
 *   p2p.connections.refused{server,cause}       p2p_connections_refused_total   cause: per_ip, total_cap, header_timeout
 *   p2p.server.received / sent{server}          p2p_server_received_bytes_total / p2p_server_sent_bytes_total (frames)
 *   p2p.node.uploaded / downloaded              p2p_node_uploaded_bytes_total / p2p_node_downloaded_bytes_total
 *   p2p.node.chunks{outcome=served|verified|failed}  p2p_node_chunks_total
 *   p2p.node.peers.banned                       p2p_node_peers_banned_total
 *   p2p.node.transfers.active                   p2p_node_transfers_active       (gauge, set by the node)
 * </pre>
 *
 * <p>Every counter is Micrometer's cumulative counter (a {@code DoubleAdder}): one uncontended
 * add per event, no lock.
 */
public final class Meters {
  private static final Meters PROCESS = new Meters(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));

  private final PrometheusMeterRegistry registry;
  private final Counter registers;
  private final Counter queriesFound;
  private final Counter queriesNotFound;
  private final Counter uploaded;
  private final Counter downloaded;
  private final Counter chunksServed;
  private final Counter chunksVerified;
  private final Counter chunksFailed;
  private final Counter peersBanned;
  private final Map<String, ServerMeters> servers = new ConcurrentHashMap<>();
  private final AtomicBoolean jvmBound = new AtomicBoolean();

  /** Meters on {@code registry}; the process's own are {@link #process}. */
  public Meters(PrometheusMeterRegistry registry) {
    this.registry = registry;
    registers = Counter.builder("p2p.tracker.registers").description("REGISTER requests answered by the tracker")
        .register(registry);
    queriesFound = queries("found");
    queriesNotFound = queries("not_found");
    uploaded = Counter.builder("p2p.node.uploaded").baseUnit("bytes")
        .description("chunk bytes this node served").register(registry);
    downloaded = Counter.builder("p2p.node.downloaded").baseUnit("bytes")
        .description("verified chunk bytes this node downloaded").register(registry);
    chunksServed = chunks("served");
    chunksVerified = chunks("verified");
    chunksFailed = chunks("failed");
    peersBanned = Counter.builder("p2p.node.peers.banned")
        .description("peers banned from a download for sending chunks that fail their hash").register(registry);
  }

  /** The meters of this process: what its endpoint serves. */
  public static Meters process() {
    return PROCESS;
  }

  private Counter queries(String result) {
    return Counter.builder("p2p.tracker.queries").tag("result", result)
        .description("QUERY requests answered by the tracker").register(registry);
  }

  private Counter chunks(String outcome) {
    return Counter.builder("p2p.node.chunks").tag("outcome", outcome)
        .description("chunks served to peers, downloaded and verified, or failed (timeout, error, bad hash)")
        .register(registry);
  }

  /** A REGISTER came in. */
  public void registered() {
    registers.increment();
  }

  /** A QUERY was answered: with a file ({@code found}) or NOT_FOUND. */
  public void queried(boolean found) {
    (found ? queriesFound : queriesNotFound).increment();
  }

  /** A chunk of {@code bytes} was read to be sent to a peer. */
  public void chunkServed(long bytes) {
    chunksServed.increment();
    uploaded.increment(bytes);
  }

  /** A downloaded chunk of {@code bytes}, new to its download, passed its hash. */
  public void chunkVerified(long bytes) {
    chunksVerified.increment();
    downloaded.increment(bytes);
  }

  /** A chunk request failed on a peer (it is asked again, maybe of another). */
  public void chunkFailed() {
    chunksFailed.increment();
  }

  /** A peer was banned from a download. */
  public void peerBanned() {
    peersBanned.increment();
  }

  /** The connection meters of the servers called {@code name} ("tracker", "chunk server"). */
  public ServerMeters server(String name) {
    return servers.computeIfAbsent(name, n -> new ServerMeters(registry, n));
  }

  /**
   * A gauge {@code name} read from {@code owner} at each scrape. Micrometer holds {@code owner}
   * weakly and keeps the first owner of a name: one per process, as the class comment says.
   */
  public <T> void gauge(String name, String description, T owner, ToDoubleFunction<T> value) {
    if (registry.find(name).gauge() != null) return; // Micrometer would keep the first anyway, with a warning
    Gauge.builder(name, owner, value).description(description).strongReference(false).register(registry);
  }

  /** Adds the JVM's basics (memory, threads, classes, CPU, uptime), once; at the first endpoint. */
  public void bindJvm() {
    if (!jvmBound.compareAndSet(false, true)) return;
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /** Everything, in the Prometheus text format. */
  public String scrape() {
    return registry.scrape();
  }

  MeterRegistry registry() {
    return registry;
  }
}
