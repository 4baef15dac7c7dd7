package dev.p2p.app;

import dev.p2p.net.KnownTrackers;
import dev.p2p.net.NodeIdentity;
import dev.p2p.net.Transport;
import dev.p2p.text.HostPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The {@code p2p { }} section of the configuration, read once. See application.conf for each
 * key's unit and default.
 */
public record AppSettings(
    String role,
    String trackerHost,
    int trackerPort,
    Duration peerTtl,
    int maxPeersPerQuery,
    int maxRegistrationsPerIp,
    String peerHost,
    int peerPort,
    int announcePort,
    Duration reannounceInterval,
    int chunkSize,
    Duration requestTimeout,
    Duration connectTimeout,
    Duration idleTimeout,
    Duration headerTimeout,
    Path downloadDir,
    int retries,
    int parallelism,
    int pipelineDepth,
    int maxPeersPerDownload,
    int maxConnections,
    int maxConnectionsPerIp,
    int maxFrameBytes,
    long uploadLimit,
    long downloadLimit,
    boolean tls,
    String stateDir,
    List<HostPort> trackerAddresses,
    boolean legacyWire,
    boolean manifestCache,
    Duration waitForPeers,
    boolean zeroCopy) {

  public AppSettings {
    if (!role.equals("tracker") && !role.equals("peer")) {
      throw new IllegalArgumentException("p2p.role must be tracker or peer, not " + role);
    }
    if (retries < 1 || parallelism < 1 || pipelineDepth < 1 || maxConnections < 1 || maxPeersPerDownload < 1) {
      throw new IllegalArgumentException("p2p.retries, parallelism, pipeline-depth, max-peers-per-download and max-connections must be >= 1");
    }
    if (waitForPeers.isNegative()) throw new IllegalArgumentException("p2p.wait-for-peers must not be negative");
  }

  public static AppSettings create(Config root) {
    Config c = root.getConfig("p2p");
    return new AppSettings(
        c.getString("role"),
        c.getString("tracker.host"),
        c.getInt("tracker.port"),
        c.getDuration("tracker.peer-ttl"),
        c.getInt("tracker.max-peers-per-query"),
        c.getInt("tracker.max-registrations-per-ip"),
        c.getString("peer.host"),
        c.getInt("peer.port"),
        c.getInt("peer.announce-port"),
        c.getDuration("peer.reannounce-interval"),
        c.getInt("chunk-size"),
        c.getDuration("request-timeout"),
        c.getDuration("connect-timeout"),
        c.getDuration("idle-timeout"),
        c.getDuration("header-timeout"),
        Path.of(c.getString("download-dir")),
        c.getInt("retries"),
        c.getInt("parallelism"),
        c.getInt("pipeline-depth"),
        c.getInt("max-peers-per-download"),
        c.getInt("max-connections"),
        c.getInt("max-connections-per-ip"),
        c.getInt("max-frame-bytes"),
        c.getBytes("upload-limit"),
        c.getBytes("download-limit"),
        c.getBoolean("tls"),
        c.getString("state-dir"),
        trackerAddresses(c),
        c.getBoolean("legacy-wire"),
        manifestCache(c),
        c.getDuration("wait-for-peers"),
        c.getBoolean("zero-copy"));
  }

  /** {@code p2p.manifest-cache}: on unless "off", "false" or "" (what -Dp2p.manifest-cache= gives). */
  private static boolean manifestCache(Config c) {
    String v = c.hasPath("manifest-cache") ? c.getString("manifest-cache").strip() : "on";
    return !(v.isEmpty() || v.equalsIgnoreCase("off") || v.equalsIgnoreCase("false"));
  }

  /**
   * The trackers a node uses, in order: {@code p2p.tracker.addresses} ("HOST:PORT" each, the
   * nodes of a tracker cluster) or, when that is empty, {@code p2p.tracker.host:port}.
   */
  private static List<HostPort> trackerAddresses(Config c) {
    List<String> listed = c.hasPath("tracker.addresses") ? c.getStringList("tracker.addresses") : List.of();
    if (listed.isEmpty()) return List.of(new HostPort(c.getString("tracker.host"), c.getInt("tracker.port")));
    List<HostPort> out = new ArrayList<>();
    for (String a : listed) {
      try {
        out.add(HostPort.parse(a.trim(), 0));
      } catch (HostPort.Invalid e) {
        throw new IllegalArgumentException("p2p.tracker.addresses: '" + a + "' is not HOST:PORT", e);
      }
    }
    return List.copyOf(out);
  }

  /**
   * How this node's connections are carried: TLS with the identity kept in the state folder
   * (made there at first start), a fresh identity when the folder is "", or plaintext when
   * {@code p2p.tls} is off.
   */
  /** The trackers this machine has used and the node IDs they presented (none without a state folder). */
  public KnownTrackers knownTrackers() {
    return stateDir.isEmpty() ? KnownTrackers.none() : KnownTrackers.in(Path.of(stateDir));
  }

  public Transport transport() {
    if (!tls) return Transport.plaintext();
    return Transport.tls(stateDir.isEmpty() ? NodeIdentity.ephemeral()
        : NodeIdentity.loadOrCreate(Path.of(stateDir)));
  }

  /** The default configuration (application.conf, system properties) with {@code overrides}
   * (keys such as {@code "p2p.tracker.port"}) on top. */
  public static AppSettings load(Map<String, ?> overrides) {
    return create(ConfigFactory.parseMap(overrides)
        .withFallback(ConfigFactory.load()));
  }
}
