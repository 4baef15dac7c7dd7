package dev.p2p.app.ops;

import dev.p2p.text.P2pException;
import dev.p2p.text.UserText;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** Asks one endpoint for its {@link NodeStatus} (GET /status with the token), for {@code p2p status}. */
public final class StatusClient {
  /** The most of an answer read: a node's status is a few KiB; more is not an endpoint of ours. */
  static final int MAX_BODY_BYTES = 4 << 20;

  /** Nothing listens there (any more): the process ended, its status file is stale. */
  public static final class Unreachable extends P2pException {
    Unreachable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final HttpClient http;
  private final Duration timeout;

  /** A client whose connects and answers each take at most {@code timeout}. */
  public StatusClient(Duration timeout) {
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /**
   * The status at {@code baseUrl} ({@code http://host:port}). Fails with {@link Unreachable} when
   * nothing answers, else with a one-line {@link P2pException} (a refused token, a bad answer).
   */
  public NodeStatus fetch(String baseUrl, String token) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/status")).timeout(timeout)
        .header("Authorization", "Bearer " + token).GET().build();
    HttpResponse<InputStream> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (ConnectException e) {
      throw new Unreachable("nothing answers at " + baseUrl + " (connection refused)", e);
    } catch (HttpTimeoutException e) {
      throw new Unreachable(baseUrl + " did not answer within " + timeout.toMillis() + " ms", e);
    } catch (IOException e) {
      throw new Unreachable("cannot ask " + baseUrl + ": " + UserText.oneLine(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new P2pException("interrupted", e);
    }
    try (InputStream body = response.body()) {
      byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
      if (response.statusCode() == 401) {
        throw new P2pException(baseUrl + " refused the token (give the one in its status file, or none to read it from there)");
      }
      if (response.statusCode() != 200) {
        throw new P2pException(baseUrl + " answered HTTP " + response.statusCode() + ": not a p2p status endpoint?");
      }
      if (bytes.length > MAX_BODY_BYTES) {
        throw new P2pException(baseUrl + " sent a status over " + (MAX_BODY_BYTES >> 20) + " MiB: not a p2p node?");
      }
      return RunFiles.JSON.readValue(bytes, NodeStatus.class);
    } catch (IOException e) {
      throw new P2pException(baseUrl + " sent a status that cannot be read: " + UserText.oneLine(e), e);
    }
  }
}
