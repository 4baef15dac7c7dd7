package dev.p2p.tracker;

import dev.p2p.net.Transport;
import dev.p2p.text.P2pException;
import dev.p2p.text.UserText;
import java.net.ConnectException;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.apache.pekko.stream.StreamTcpException;

/** How a failed exchange with a tracker is told: one line, and whether it is worth trying again. */
final class TrackerFailures {
  private TrackerFailures() {}

  /**
   * {@code t}, a failure of a request to tracker {@code hostPort}, as the user reads it: an
   * {@link TrackerClient.Unavailable} when the tracker could not be reached or did not answer in
   * time ({@code requestTimeout}), a plain {@link P2pException} otherwise.
   */
  static P2pException translate(String hostPort, Duration requestTimeout, Throwable t) {
    Throwable c = UserText.unwrap(t);
    if (c instanceof P2pException p) return p;
    if (c instanceof TimeoutException) {
      String why = "did not answer within " + requestTimeout.toSeconds() + " s";
      return new TrackerClient.Unavailable("tracker " + hostPort + " " + why, why, c);
    }
    if (c instanceof Transport.WrongPeer) return new P2pException(c.getMessage(), c);
    if (c instanceof SSLException) {
      return new TrackerClient.Unavailable("tracker " + hostPort + " failed the TLS handshake ("
          + UserText.rootReason(c) + "); both ends need the same p2p.tls (on by default)", "TLS handshake failed", c);
    }
    if (c instanceof StreamTcpException || c instanceof ConnectException
        || c instanceof NoSuchElementException) {
      String why = c.getMessage() == null ? "connection closed" : UserText.rootReason(c);
      return new TrackerClient.Unavailable("tracker " + hostPort + " is unreachable (" + why + ")", why, c);
    }
    return new P2pException("tracker " + hostPort + ": " + c.getMessage(), c);
  }
}
