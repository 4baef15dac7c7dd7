package dev.p2p.app.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.p2p.metrics.Meters;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;

/**
 * A process's HTTP endpoint:
 *
 * <ul>
 *   <li>{@code GET /metrics}: {@link Meters#process} in the Prometheus text format, to anyone who
 *       reaches the port (counters only: no file names, no addresses);
 *   <li>{@code GET /status}: the {@link NodeStatus} as JSON, only with {@code Authorization: Bearer
 *       TOKEN} (a random token made at start, written to the status file for {@code p2p status}):
 *       it names the files and peers, which is this user's business; 401 otherwise.
 * </ul>
 *
 * <p>Served by the JDK's {@code com.sun.net.httpserver} (what Micrometer's own docs use), its
 * handlers on Pekko's blocking dispatcher. Pekko HTTP served it first and cost every {@code get}
 * 0.8 s and 3 s of CPU of start-up on 2 cores (1 MiB get: 2.32 s against 1.56 s with the
 * endpoint off, bench/RESULTS.md §12); this server is part of the JDK's class-data archive.
 */
public final class OpsEndpoint implements AutoCloseable {
  /** Seconds a stop lets a scrape in flight finish. */
  private static final int STOP_GRACE_SECONDS = 0;

  /** Prometheus's text exposition format (version 0.0.4). */
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final String token;
  private final Optional<Path> file;
  private final AtomicBoolean closed = new AtomicBoolean();

  private OpsEndpoint(HttpServer server, String token, Optional<Path> file) {
    this.server = server;
    this.token = token;
    this.file = file;
  }

  /**
   * Binds {@code host:port} (0: a free port) serving {@code status}; once bound, writes the
   * status file of {@code role} into {@code files}, if given. Fails when the port cannot be bound.
   */
  static CompletionStage<OpsEndpoint> start(ActorSystem<?> system, String host, int port, String role,
      Supplier<NodeStatus> status, Optional<RunFiles> files) {
    Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
    return CompletableFuture.supplyAsync(() -> {
      byte[] raw = new byte[16];
      new SecureRandom().nextBytes(raw);
      String token = HexFormat.of().formatHex(raw);
      HttpServer server;
      try {
        server = HttpServer.create(new InetSocketAddress(host, port), 0);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot listen on " + host + ":" + port + " for metrics: " + e.getMessage(), e);
      }
      server.setExecutor(blocking);
      server.createContext("/", exchange -> serve(exchange, token, status));
      server.start();
      Optional<Path> written = files.flatMap(f -> {
        try {
          return Optional.of(f.write(new RunFiles.Entry(ProcessHandle.current().pid(), role,
              clientHost(host), server.getAddress().getPort(), token)));
        } catch (IOException e) {
          system.log().warn("cannot write the status file in {} ({}): p2p status will not find this {}",
              f.dir(), e.getMessage(), role);
          return Optional.empty();
        }
      });
      return new OpsEndpoint(server, token, written);
    }, blocking);
  }

  /** The address a local client uses for a server bound to {@code host}: loopback for a wildcard. */
  static String clientHost(String host) {
    return host.equals("0.0.0.0") || host.equals("::") || host.isBlank() ? "127.0.0.1" : host;
  }

  private static void serve(HttpExchange x, String token, Supplier<NodeStatus> status) throws IOException {
    try (x) {
      String path = x.getRequestURI().getPath();
      if (!path.equals("/metrics") && !path.equals("/status")) {
        reply(x, 404, "text/plain; charset=utf-8", "not found: /metrics or /status");
      } else if (!x.getRequestMethod().equals("GET")) {
        x.getResponseHeaders().set("Allow", "GET");
        reply(x, 405, "text/plain; charset=utf-8", "only GET");
      } else if (path.equals("/metrics")) {
        Meters.process().bindJvm(); // at the first scrape: a process nobody scrapes never loads them
        reply(x, 200, PROMETHEUS_TEXT, Meters.process().scrape());
      } else if (!authorized(x.getRequestHeaders().getFirst("Authorization"), token)) {
        reply(x, 401, "text/plain; charset=utf-8", "a valid token is needed (Authorization: Bearer TOKEN)");
      } else {
        reply(x, 200, "application/json", json(status.get()));
      }
    }
  }

  /** Constant time: the comparison says nothing of how much of a guess was right. */
  static boolean authorized(String header, String token) {
    return header != null && MessageDigest.isEqual(("Bearer " + token).getBytes(StandardCharsets.UTF_8),
        header.getBytes(StandardCharsets.UTF_8));
  }

  private static void reply(HttpExchange x, int code, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", type);
    x.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static String json(NodeStatus s) {
    try {
      return RunFiles.JSON.writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode the status", e);
    }
  }

  /** Where it listens. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** The token /status asks for. */
  public String token() {
    return token;
  }

  /** Deletes the status file at once, then stops listening; a second call does nothing. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) return;
    file.ifPresent(RunFiles::delete);
    server.stop(STOP_GRACE_SECONDS);
  }
}
