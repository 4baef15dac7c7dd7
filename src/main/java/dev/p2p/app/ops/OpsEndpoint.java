package dev.p2p.app.ops;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.optionalHeaderValueByName;
import static org.apache.pekko.http.javadsl.server.Directives.path;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.p2p.metrics.Meters;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * A process's HTTP endpoint, served by Pekko HTTP on the process's actor system:
 *
 * <ul>
 *   <li>{@code GET /metrics}: {@link Meters#process} in the Prometheus text format, to anyone who
 *       reaches the port (counters only: no file names, no addresses);
 *   <li>{@code GET /status}: the {@link NodeStatus} as JSON, only with {@code Authorization: Bearer
 *       TOKEN} (a random token made at start, written to the status file for {@code p2p status}):
 *       it names the files and peers, which is this user's business; 401 otherwise.
 * </ul>
 */
public final class OpsEndpoint implements AutoCloseable {
  /** How long a stop lets a scrape in flight finish. */
  private static final Duration UNBIND_GRACE = Duration.ofMillis(200);

  /** Prometheus's text exposition format (version 0.0.4). */
  private static final ContentType PROMETHEUS_TEXT =
      ContentTypes.parse("text/plain; version=0.0.4; charset=utf-8");

  private final ServerBinding binding;
  private final String token;
  private final Optional<Path> file;
  private final AtomicBoolean closed = new AtomicBoolean();

  private OpsEndpoint(ServerBinding binding, String token, Optional<Path> file) {
    this.binding = binding;
    this.token = token;
    this.file = file;
  }

  /**
   * Binds {@code host:port} (0: a free port) serving {@code status}; once bound, writes the
   * status file of {@code role} into {@code files}, if given. Fails when the port cannot be bound.
   */
  static CompletionStage<OpsEndpoint> start(ActorSystem<?> system, String host, int port, String role,
      Supplier<NodeStatus> status, Optional<RunFiles> files) {
    byte[] raw = new byte[16];
    new SecureRandom().nextBytes(raw);
    String token = HexFormat.of().formatHex(raw);
    Meters.process().bindJvm();
    return Http.get(system).newServerAt(host, port).bind(routes(token, status))
        .thenApply(b -> {
          Optional<Path> written = files.flatMap(f -> {
            try {
              return Optional.of(f.write(new RunFiles.Entry(ProcessHandle.current().pid(), role,
                  clientHost(host), b.localAddress().getPort(), token)));
            } catch (IOException e) {
              system.log().warn("cannot write the status file in {} ({}): p2p status will not find this {}",
                  f.dir(), e.getMessage(), role);
              return Optional.empty();
            }
          });
          return new OpsEndpoint(b, token, written);
        });
  }

  /** The address a local client uses for a server bound to {@code host}: loopback for a wildcard. */
  static String clientHost(String host) {
    return host.equals("0.0.0.0") || host.equals("::") || host.isBlank() ? "127.0.0.1" : host;
  }

  static Route routes(String token, Supplier<NodeStatus> status) {
    byte[] expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    return concat(
        path("metrics", () -> get(() ->
            complete(HttpEntities.create(PROMETHEUS_TEXT,
                Meters.process().scrape().getBytes(StandardCharsets.UTF_8))))),
        path("status", () -> get(() -> optionalHeaderValueByName("Authorization", auth -> {
          // Constant time: the comparison says nothing of how much of a guess was right.
          boolean ok = auth.isPresent()
              && MessageDigest.isEqual(expected, auth.get().getBytes(StandardCharsets.UTF_8));
          if (!ok) return complete(StatusCodes.UNAUTHORIZED, "a valid token is needed (Authorization: Bearer TOKEN)");
          return complete(HttpEntities.create(ContentTypes.APPLICATION_JSON, json(status.get())));
        }))));
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
    return binding.localAddress();
  }

  /** The token /status asks for. */
  public String token() {
    return token;
  }

  /** Deletes the status file at once, then unbinds; a second call does nothing. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) return;
    file.ifPresent(RunFiles::delete);
    binding.terminate(UNBIND_GRACE);
  }
}
