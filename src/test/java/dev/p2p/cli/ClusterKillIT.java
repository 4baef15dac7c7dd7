package dev.p2p.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.protocol.Message;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Hashing;
import dev.p2p.testing.SwarmFixture;
import dev.p2p.testing.Wire;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three {@code p2p tracker --join} processes form a cluster; a sharer given all three addresses
 * uses the first; {@code kill -9} of that one; a {@code get} through the third completes.
 */
class ClusterKillIT {
  @RegisterExtension static final SwarmFixture swarm = new SwarmFixture();

  /** The bound from kill -9 to a working download through a survivor. */
  static final Duration AFTER_KILL = Duration.ofSeconds(30);

  final List<ChildP2p> children = new ArrayList<>();

  @AfterEach
  void stopChildren() throws InterruptedException {
    for (ChildP2p c : children) c.process().destroyForcibly();
    for (ChildP2p c : children) c.process().waitFor(30, TimeUnit.SECONDS);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** A fresh identity per process: the tests never touch ~/.p2p. */
  static final List<String> PROPS = List.of("-Dp2p.state-dir=");

  @Test
  void aDownloadThroughASurvivorCompletesAfterKillMinus9OfTheSharersTracker() throws Exception {
    int[] tcp = {freePort(), freePort(), freePort()};
    int[] cluster = {freePort(), freePort(), freePort()};
    String join = "127.0.0.1:" + cluster[0] + ",127.0.0.1:" + cluster[1] + ",127.0.0.1:" + cluster[2];
    List<ChildP2p> nodes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ChildP2p node = ChildP2p.start(swarm.dir(), "tracker" + i, PROPS, "tracker", "--port", String.valueOf(tcp[i]),
          "--cluster-port", String.valueOf(cluster[i]), "--join", join);
      nodes.add(node);
      children.add(node);
    }
    for (ChildP2p n : nodes) {
      swarm.eventually(Duration.ofSeconds(60), () -> assertTrue(n.stderr().contains(" is up"), n.stderr()));
    }
    Path file = swarm.file("movie.bin", 3 * 65536 + 17, 7);
    FileId id = Hashing.fileId(file, x -> {});
    String all = "127.0.0.1:" + tcp[0] + ",127.0.0.1:" + tcp[1] + ",127.0.0.1:" + tcp[2];
    // The sharer re-announces every 5 s rather than 20 s: the same path, a shorter test.
    List<String> sharerProps = new ArrayList<>(PROPS);
    sharerProps.add("-Dp2p.peer.reannounce-interval=5s");
    ChildP2p sharer = ChildP2p.start(swarm.dir(), "sharer", sharerProps, "share", file.toString(),
        "--port", "0", "--tracker", all);
    children.add(sharer);
    swarm.eventually(Duration.ofSeconds(30), () -> assertTrue(sharer.stderr().contains("Ctrl-C to stop"), sharer.stderr()));
    swarm.eventually(Duration.ofSeconds(10), () -> assertInstanceOf(Message.QueryResult.class, query(tcp[2], id)));

    long killed = System.nanoTime();
    nodes.get(0).process().destroyForcibly(); // SIGKILL: no leaving, no hand-off
    swarm.eventually(AFTER_KILL, () -> assertInstanceOf(Message.QueryResult.class, query(tcp[2], id)));
    Path out = swarm.dir("downloads");
    ChildP2p get = ChildP2p.start(swarm.dir(), "get", PROPS, "get", id.hex(), "--port", "0",
        "--tracker", "127.0.0.1:" + tcp[2], "--out", out.toString());
    children.add(get);
    assertEquals(0, get.waitForExit(), get.stderr());
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
    System.err.println("kill -9 of the sharer's tracker node to a verified download through another: " + ms + " ms");
    assertTrue(ms < AFTER_KILL.toMillis(), ms + " ms");
    assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(out.resolve("movie.bin")));
    // The sharer moves at its next re-registration (every 5 s here), which a quick get may beat.
    swarm.eventually(Duration.ofSeconds(15), () ->
        assertTrue(sharer.stderr().contains("now using tracker 127.0.0.1:" + tcp[1]), sharer.stderr()));
  }

  /** QUERY {@code id} through the tracker node on {@code port}; an unanswered request is an assertion failure. */
  static Message query(int port, FileId id) {
    try (Socket s = Wire.connect(new InetSocketAddress("127.0.0.1", port))) {
      Wire.send(s, new Message.Query(id));
      return Wire.readFrame(s.getInputStream(), 1_000_000);
    } catch (IOException e) {
      throw new AssertionError("tracker on " + port + ": " + e, e);
    }
  }
}
