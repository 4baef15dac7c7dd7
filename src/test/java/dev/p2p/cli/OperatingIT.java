package dev.p2p.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.app.ops.RunFiles;
import dev.p2p.testing.SwarmFixture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Operating it, from the outside: a tracker, a sharer and a slow downloader, each its own
 * {@code p2p} process with its own state folder, found through their status files; their
 * /metrics scraped over real HTTP, {@code p2p status} run as the user runs it.
 */
class OperatingIT {
  @RegisterExtension static final SwarmFixture swarm = new SwarmFixture();

  private static final Duration WITHIN = Duration.ofSeconds(60);
  private static final int SIZE = 2 * 1024 * 1024;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<ChildP2p> children = new ArrayList<>();

  @AfterEach
  void stopChildren() throws InterruptedException {
    for (ChildP2p c : children) {
      c.process().destroy();
      c.process().waitFor(30, TimeUnit.SECONDS);
    }
  }

  private ChildP2p p2p(String name, List<String> props, String... args) throws IOException {
    ChildP2p c = ChildP2p.start(swarm.dir(), name, props, args);
    children.add(c);
    return c;
  }

  private RunFiles.Entry endpoint(Path stateDir) {
    List<RunFiles.Entry> live = new ArrayList<>();
    swarm.eventually(WITHIN, () -> {
      live.clear();
      live.addAll(RunFiles.in(stateDir.toString()).orElseThrow().live());
      assertEquals(1, live.size(), "status files in " + stateDir);
    });
    return live.get(0);
  }

  private HttpResponse<String> get(RunFiles.Entry e, String path, String token) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(e.url() + path)).timeout(Duration.ofSeconds(5));
    if (token != null) r.header("Authorization", "Bearer " + token);
    return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The value of the sample {@code series} (name with its labels as Prometheus writes them). */
  private double metric(RunFiles.Entry e, String series) throws Exception {
    HttpResponse<String> r = get(e, "/metrics", null);
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), r.headers().toString());
    return r.body().lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
        .findFirst().orElseThrow(() -> new AssertionError("no " + series + " in\n" + r.body()));
  }

  private static int port(String text, String pattern) {
    Matcher m = Pattern.compile(pattern).matcher(text);
    assertTrue(m.find(), text);
    return Integer.parseInt(m.group(1));
  }

  @Test
  void metricsMoveAndStatusShowsASlowDownloadWithItsPeer() throws Exception {
    Path trackerState = swarm.dir("state-tracker");
    Path sharerState = swarm.dir("state-sharer");
    Path getterState = swarm.dir("state-getter");
    ChildP2p tracker = p2p("tracker", List.of("-Dp2p.state-dir=" + trackerState), "tracker", "--port", "0");
    RunFiles.Entry trackerEndpoint = endpoint(trackerState);
    String trackerAt = "127.0.0.1:" + port(tracker.stderr(), "tracker listening on 127\\.0\\.0\\.1:(\\d+)");

    Path file = swarm.file("big.bin", SIZE, 13);
    ChildP2p sharer = p2p("sharer", List.of(), "share", file.toString(), "--tracker", trackerAt, "--port", "0",
        "--state-dir", sharerState.toString());
    swarm.eventually(WITHIN, () -> assertTrue(sharer.stderr().contains("Ctrl-C to stop"), sharer.stderr()));
    String id = sharer.stdout().strip().split("  ")[0];
    int sharerPort = port(sharer.stderr(), "serving on 127\\.0\\.0\\.1:(\\d+)");
    RunFiles.Entry sharerEndpoint = endpoint(sharerState);

    // 2 MiB at 256 KB/s: about 8 s to look at it while it runs.
    ChildP2p getter = p2p("get", List.of("-Dp2p.download-limit=256000"), "get", id, "--tracker", trackerAt,
        "--port", "0", "--out", swarm.dir("dl").toString(), "--state-dir", getterState.toString());
    RunFiles.Entry getterEndpoint = endpoint(getterState);
    swarm.eventually(WITHIN, () -> {
      String json = get(getterEndpoint, "/status", getterEndpoint.token()).body();
      assertTrue(json.contains("\"state\":\"downloading\"") && json.contains("\"bytesDone\":") && json.contains("\"peers\":[{"), json);
    });

    Captured status = Captured.run("status", "--state-dir", getterState.toString());
    assertEquals(0, status.code(), status.err());
    assertEquals("", status.err());
    List<String> lines = status.out().lines().toList();
    assertTrue(lines.get(0).startsWith("node ") && lines.get(0).contains("tracker " + trackerAt), status.out());
    assertTrue(lines.stream().anyMatch(l -> l.contains(id.substring(0, 8)) && l.contains("downloading")
        && l.endsWith("big.bin")), status.out());
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("  peer 127.0.0.1:" + sharerPort + " for " + id.substring(0, 8))),
        status.out());

    // The tracker counted the REGISTERs and the getter's QUERY; its server, the connections and bytes.
    assertTrue(metric(trackerEndpoint, "p2p_tracker_registers_total") >= 1);
    assertTrue(metric(trackerEndpoint, "p2p_tracker_queries_total{result=\"found\"}") >= 1);
    assertTrue(metric(trackerEndpoint, "p2p_tracker_files") >= 1);
    assertTrue(metric(trackerEndpoint, "p2p_connections_accepted_total{server=\"tracker\"}") >= 2);
    assertTrue(metric(trackerEndpoint, "p2p_server_received_bytes_total{server=\"tracker\"}") > 0);
    assertTrue(metric(trackerEndpoint, "p2p_server_sent_bytes_total{server=\"tracker\"}") > 0);
    // The sharer served chunks; the getter verified them.
    assertTrue(metric(sharerEndpoint, "p2p_node_chunks_total{outcome=\"served\"}") >= 1);
    assertTrue(metric(sharerEndpoint, "p2p_node_uploaded_bytes_total") > 0);
    assertEquals(1.0, metric(getterEndpoint, "p2p_node_transfers_active"));
    // The first chunk (256 KiB at 256 KB/s) may still be on its way when the download shows.
    swarm.eventually(WITHIN, () -> {
      assertTrue(metric(getterEndpoint, "p2p_node_chunks_total{outcome=\"verified\"}") >= 1);
      assertTrue(metric(getterEndpoint, "p2p_node_downloaded_bytes_total") > 0);
    });

    // Without the token, or with a wrong one, /status names nothing.
    assertEquals(401, get(getterEndpoint, "/status", null).statusCode());
    assertEquals(401, get(getterEndpoint, "/status", "wrong").statusCode());
    Captured refused = Captured.run("status", "--node", "127.0.0.1:" + getterEndpoint.port(), "--token", "wrong");
    assertEquals(1, refused.code(), refused.out() + refused.err());
    assertTrue(refused.err().startsWith("error: ") && refused.err().contains("refused the token"), refused.err());
    assertEquals(1, refused.err().lines().count(), refused.err());

    assertEquals(0, getter.waitForExit(), getter.stderr());
    assertTrue(metric(sharerEndpoint, "p2p_node_uploaded_bytes_total") >= SIZE);
    // The getter's status file went with it: nothing runs there now.
    try (Stream<Path> left = Files.list(getterState.resolve("run"))) {
      assertEquals(List.of(), left.filter(p -> p.toString().endsWith(".json")).toList());
    }
    Captured after = Captured.run("status", "--state-dir", getterState.toString());
    assertEquals(StatusCommand.NOTHING_RUNNING, after.code(), after.out());
  }

  @Test
  void aFixedMetricsPortServesPrometheusWithoutAStateFolder() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    ChildP2p tracker = p2p("fixed", List.of(), "tracker", "--port", "0", "--metrics-port", String.valueOf(port));
    swarm.eventually(WITHIN, () -> assertTrue(tracker.stderr().contains("metrics on http://127.0.0.1:" + port + "/metrics"),
        tracker.stderr()));
    RunFiles.Entry at = new RunFiles.Entry(0, "tracker", "127.0.0.1", port, "");
    assertEquals(0.0, metric(at, "p2p_tracker_registrations"));
    assertTrue(metric(at, "jvm_threads_live_threads") > 0);
    // No state folder, so no status file and no token to read: /status stays shut.
    Captured c = Captured.run("status", "--metrics-port", String.valueOf(port));
    assertEquals(1, c.code(), c.out() + c.err());
    assertTrue(c.err().contains("refused the token"), c.err());
  }

  @Test
  void nothingRunningIsOneLineAndItsOwnExitCode() {
    Captured c = Captured.run("status", "--state-dir", swarm.dir("empty").toString());
    assertEquals(StatusCommand.NOTHING_RUNNING, c.code());
    assertEquals(1, c.out().lines().count(), c.out());
    assertTrue(c.out().startsWith("nothing running: "), c.out());
    assertEquals("", c.err());
    assertFalse(c.out().contains("Exception"), c.out());
  }
}
