package dev.p2p.tracker;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.p2p.app.AppSettings;
import dev.p2p.app.LocalTracker;
import dev.p2p.net.Pin;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import dev.p2p.testing.Wire;
import dev.p2p.text.P2pException;
import dev.p2p.text.UserText;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A client given several tracker addresses moves past the ones that are down. */
class TrackerClientFailoverTest {
  static final ActorTestKit testKit = ActorTestKit.create();
  static final AppSettings SETTINGS = AppSettings.create(ConfigFactory.load("application-test"));
  static final Manifest FILE = new Manifest(new FileId("cd".repeat(32)), "a.txt", 2000, 1024,
      List.of("1".repeat(64), "2".repeat(64)));

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  /** A loopback address nothing listens on (bound, then closed). */
  static InetSocketAddress deadAddress() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return new InetSocketAddress("127.0.0.1", s.getLocalPort());
    }
  }

  static TrackerClient clientOf(InetSocketAddress... addresses) {
    List<TrackerClient.Endpoint> list = Arrays.stream(addresses)
        .map(a -> new TrackerClient.Endpoint(a, Pin.none())).toList();
    return new TrackerClient(testKit.system(), list, Optional.empty(), Duration.ofSeconds(2),
        Duration.ofSeconds(5), SETTINGS.maxFrameBytes(), Wire.CLIENT);
  }

  @Test
  void movesToTheNextTrackerWhenTheFirstIsDownAndTellsTheListenerOnce() throws Exception {
    LocalTracker live = LocalTracker.start(testKit.system(), SETTINGS).toCompletableFuture().get(10, SECONDS);
    try {
      InetSocketAddress dead = deadAddress();
      TrackerClient client = clientOf(dead, live.address());
      LinkedBlockingQueue<InetSocketAddress> switches = new LinkedBlockingQueue<>();
      client.onSwitch(switches::add);

      assertEquals(1, client.register(FILE, "x", "127.0.0.1", 6001).toCompletableFuture().get(10, SECONDS));
      assertEquals(live.address(), switches.poll(1, SECONDS));
      assertEquals(live.address(), client.address());
      // The tracker that answered stays in use: no second move.
      assertEquals(FILE, client.query(FILE.id()).toCompletableFuture().get(10, SECONDS).manifest());
      assertTrue(switches.isEmpty());
    } finally {
      live.stop().toCompletableFuture().get(10, SECONDS);
    }
  }

  @Test
  void failsWithTheLastTrackersReasonWhenAllAreDown() throws Exception {
    TrackerClient client = clientOf(deadAddress(), deadAddress());
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> client.query(FILE.id()).toCompletableFuture().get(10, SECONDS));
    Throwable cause = UserText.unwrap(e);
    assertInstanceOf(TrackerClient.Unavailable.class, cause);
    assertTrue(((P2pException) cause).getMessage().contains("unreachable"), cause.getMessage());
  }
}
