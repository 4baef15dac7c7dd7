package dev.p2p.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.BindException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class BindFailureTest {
  /** The chain a failed bind arrives in: the future's wrapper, our words, Pekko's, the JDK's. */
  static Throwable failedBind(String jdkMessage) {
    BindException jdk = new BindException(jdkMessage);
    RuntimeException pekko = new RuntimeException("Bind failed because of java.net.BindException: " + jdkMessage, jdk);
    return new CompletionException(new IllegalStateException("cannot listen on 127.0.0.1:6000 ("
        + pekko.getMessage() + "); choose another port with --port", pekko));
  }

  @Test
  void aBusyPortIsSaidInWordsWithoutTheJavaClass() {
    Throwable t = failedBind("[/127.0.0.1:6000] Address already in use");
    assertTrue(BindFailure.portInUse(t));
    String line = BindFailure.describe(t, "127.0.0.1", 6000, "another p2p node").orElseThrow();
    assertEquals("cannot listen on 127.0.0.1:6000: the port is in use (another p2p node?); "
        + "choose another with --port", line);
  }

  @Test
  void anotherBindFailureKeepsTheSystemsReasonWithoutPekkosPrefix() {
    Throwable t = failedBind("[/10.9.9.9:6000] Cannot assign requested address");
    assertFalse(BindFailure.portInUse(t), "not a busy port: taking a free one would not help");
    assertEquals("cannot listen on 10.9.9.9:6000: Cannot assign requested address; check --host and --port",
        BindFailure.describe(t, "10.9.9.9", 6000, "another p2p node").orElseThrow());
  }

  @Test
  void otherFailuresAreLeftAsTheyAre() {
    Throwable t = new CompletionException(new ConnectException("Connection refused"));
    assertFalse(BindFailure.portInUse(t));
    assertTrue(BindFailure.describe(t, "127.0.0.1", 5000, "another tracker").isEmpty());
  }
}
