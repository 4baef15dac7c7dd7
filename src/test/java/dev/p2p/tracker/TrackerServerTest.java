package dev.p2p.tracker;

import dev.p2p.net.NodeIdentity;
import dev.p2p.net.Transport;
import dev.p2p.net.Pin;
import static dev.p2p.testing.Wire.expectErrorThenClose;
import static dev.p2p.testing.Wire.frame;
import static dev.p2p.testing.Wire.jsonFrame;
import static dev.p2p.testing.Wire.send;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.p2p.app.AppSettings;
import dev.p2p.app.LocalTracker;
import dev.p2p.protocol.Codec;
import dev.p2p.protocol.ErrorCode;
import dev.p2p.protocol.Message;
import dev.p2p.net.FramedServer;
import dev.p2p.text.P2pException;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import dev.p2p.testing.Wire;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The tracker over real TCP on 127.0.0.1: {@link TrackerClient}, and raw sockets for bad input. */
class TrackerServerTest {
  static final ActorTestKit testKit = ActorTestKit.create();
  static final AppSettings SETTINGS =
      AppSettings.create(ConfigFactory.load("application-test"));

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  static final FileId ID = new FileId("ab".repeat(32));
  static final FileId UNKNOWN = new FileId("ef".repeat(32));
  static final Manifest FILE =
      new Manifest(ID, "notes.txt", 2000, 1024, List.of("1".repeat(64), "2".repeat(64)));

  LocalTracker tracker;
  TrackerClient client;

  @BeforeEach
  void startTracker() throws Exception {
    tracker = await(LocalTracker.start(testKit.system(), SETTINGS));
    client = clientFor(tracker.address());
  }

  @AfterEach
  void stopTracker() throws Exception {
    await(tracker.stop());
  }

  /** The node ID the test clients' TLS certificate proves. */
  static final String CLIENT_ID = Wire.CLIENT.identity().orElseThrow().nodeId();

  static TrackerClient clientFor(InetSocketAddress address) {
    return new TrackerClient(testKit.system(), address, Optional.empty(), Duration.ofSeconds(2),
        Duration.ofSeconds(5), SETTINGS.maxFrameBytes(), Wire.CLIENT, Pin.none());
  }

  static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(10, SECONDS);
  }

  /** The failure of {@code stage} (which must fail within 10 s), unwrapped. */
  static Throwable failureOf(CompletionStage<?> stage) {
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> stage.toCompletableFuture().get(10, SECONDS));
    return e.getCause();
  }

  // --- raw socket helpers (the frame helpers are in Wire) -------------------------------------

  Socket rawSocket() throws IOException {
    return rawSocket(tracker.address());
  }

  static Socket rawSocket(InetSocketAddress address) throws IOException {
    return Wire.connect(address);
  }

  /** One frame read from {@code s}, of a sane length for a tracker's reply. */
  static Message readMessage(Socket s) throws IOException {
    return Wire.readFrame(s.getInputStream(), 1_000_000);
  }

  // --- TrackerClient round trips --------------------------------------------------------------

  @Test
  void registerThenQueryRoundTrips() throws Exception {
    assertEquals(1, await(client.register(FILE, "peer-a", "127.0.0.1", 6001)));
    assertEquals(2, await(client.register(FILE, "peer-b", "127.0.0.1", 6002)));

    TrackerClient.Located located = await(client.query(ID));
    assertEquals(FILE, located.manifest());
    assertEquals(List.of(6001, 6002),
        located.peers().stream().map(Message.PeerInfo::port).sorted().toList());
  }

  @Test
  void queryPeersListsThePeersAndTheirTotalWithoutTheManifest() throws Exception {
    await(client.register(FILE, "peer-a", "127.0.0.1", 6001));
    await(client.register(FILE, "peer-b", "127.0.0.1", 6002));
    TrackerClient.PeersFound found = await(client.peers(ID));
    assertEquals(2, found.total());
    assertEquals(List.of(6001, 6002), found.peers().stream().map(Message.PeerInfo::port).sorted().toList());
    try (Socket s = rawSocket()) {
      send(s, frame(Codec.encode(new Message.QueryPeers(UNKNOWN))));
      assertEquals(ErrorCode.NOT_FOUND, ((Message.Error) readMessage(s)).code());
    }
  }

  @Test
  void registeredHostAndPeerIdAreWhatTheConnectionProvesNotWhatItClaims() throws Exception {
    await(client.register(FILE, "peer-a", "10.9.9.9", 6001));
    List<Message.PeerInfo> peers = await(client.query(ID)).peers();
    assertEquals(List.of(new Message.PeerInfo(CLIENT_ID, "127.0.0.1", 6001)), peers);
  }

  @Test
  void unregisterRemovesThePeer() throws Exception {
    await(client.register(FILE, "peer-a", "127.0.0.1", 6001));
    await(client.register(FILE, "peer-b", "127.0.0.1", 6002));
    assertEquals(1, await(client.unregister(ID, "peer-a", 6001)));
    assertEquals(List.of(6002), await(client.query(ID)).peers().stream()
        .map(Message.PeerInfo::port).toList());
  }

  @Test
  void anotherNodeOnTheSameAddressCanNeitherWithdrawNorReplaceAnEntry() throws Exception {
    await(client.register(FILE, "peer-a", "127.0.0.1", 6001));
    // Another TLS identity from the same IP (127.0.0.1 for both): the one the tracker records
    // as the entry's owner did not register it.
    TrackerClient other = new TrackerClient(testKit.system(), tracker.address(), Optional.empty(),
        Duration.ofSeconds(2), Duration.ofSeconds(5), SETTINGS.maxFrameBytes(),
        Transport.tls(NodeIdentity.ephemeral()), Pin.none());
    for (CompletionStage<Integer> attempt : List.of(other.unregister(ID, "peer-a", 6001),
        other.register(FILE, "peer-a", "127.0.0.1", 6001))) {
      P2pException p = assertInstanceOf(P2pException.class, failureOf(attempt));
      assertTrue(p.getMessage().contains("registered by another node"), p.getMessage());
    }
    assertEquals(List.of(new Message.PeerInfo(CLIENT_ID, "127.0.0.1", 6001)), await(client.query(ID)).peers());
    assertEquals(0, await(client.unregister(ID, "peer-a", 6001)), "its owner withdraws it");
  }

  @Test
  void queryForUnknownFileFailsWithUnknownFile() {
    Throwable t = failureOf(client.query(UNKNOWN));
    P2pException p = assertInstanceOf(P2pException.class, t);
    assertTrue(p.getMessage().startsWith("unknown file"), p.getMessage());
  }

  @Test
  void aSecondManifestIsAnotherVariantReachedByExcludingTheFirst() throws Exception {
    await(client.register(FILE, "peer-a", "127.0.0.1", 6001));
    Manifest other = new Manifest(ID, "notes.txt", 2000, 1024, List.of("1".repeat(64), "3".repeat(64)));
    assertEquals(2, await(client.register(other, "peer-b", "127.0.0.1", 6002)), "accepted, no CONFLICT");

    TrackerClient.Located first = await(client.query(ID));
    assertEquals(FILE, first.manifest(), "a tie goes to the oldest");
    assertEquals(2, first.variants());
    assertEquals(List.of(6001), first.peers().stream().map(Message.PeerInfo::port).toList());
    TrackerClient.Located next = await(client.query(ID, List.of(FILE.variant())));
    assertEquals(other, next.manifest());
    assertEquals(List.of(6002), next.peers().stream().map(Message.PeerInfo::port).toList());
    assertEquals(List.of(6002), await(client.peers(ID, other.variant())).peers().stream()
        .map(Message.PeerInfo::port).toList(), "QUERY_PEERS lists only the named variant's peers");

    Throwable none = failureOf(client.query(ID, List.of(FILE.variant(), other.variant())));
    assertTrue(none.getMessage().startsWith("unknown file"), none.getMessage());
    try (Socket s = rawSocket()) {   // the same on the wire, and an oversized exclude list is refused
      send(s, frame(Codec.encode(new Message.Query(ID, List.of(FILE.variant())))));
      assertEquals(other, assertInstanceOf(Message.QueryResult.class, readMessage(s)).manifest());
      String nine = String.join(",", Collections.nCopies(9, "\"" + FILE.variant() + "\""));
      send(s, jsonFrame("{\"type\":\"QUERY\",\"file_id\":\"" + ID.hex() + "\",\"exclude\":[" + nine + "]}"));
      assertTrue(expectErrorThenClose(s, ErrorCode.BAD_REQUEST).reason()
          .contains("exclude lists 9 variants, more than 8"));
    }
  }

  @Test
  void clientReportsClosedPortAsUnreachableQuickly() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    TrackerClient nowhere = clientFor(new InetSocketAddress("127.0.0.1", closedPort));
    long start = System.nanoTime();
    Throwable t = failureOf(nowhere.query(ID));
    long millis = (System.nanoTime() - start) / 1_000_000;

    P2pException p = assertInstanceOf(P2pException.class, t);
    assertTrue(p.getMessage().contains("unreachable"), p.getMessage());
    assertTrue(p.getMessage().contains("127.0.0.1:" + closedPort), p.getMessage());
    assertTrue(millis < 2000, "refused connections fail fast, took " + millis + " ms");
  }

  // --- bad input on raw sockets ---------------------------------------------------------------

  @Test
  void garbageBytesGetOneBadRequestAndClose() throws Exception {
    try (Socket s = rawSocket()) {
      // Reads as a length of 0x47455420 (about 1.2 GB): over the maximum frame size.
      send(s, "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      Message.Error e = expectErrorThenClose(s, ErrorCode.BAD_REQUEST);
      assertTrue(e.reason().contains("Maximum allowed frame size"), e.reason());
    }
    assertTrackerStillAnswers();
  }

  @Test
  void oversizedFrameGetsOneBadRequestAndClose() throws Exception {
    try (Socket s = rawSocket()) {
      // Only the header: the server must refuse on the announced length, not wait for the body.
      send(s, ByteBuffer.allocate(4).putInt(SETTINGS.maxFrameBytes() + 1).array());
      expectErrorThenClose(s, ErrorCode.BAD_REQUEST);
    }
    assertTrackerStillAnswers();
  }

  @Test
  void invalidJsonGetsOneBadRequestAndClose() throws Exception {
    try (Socket s = rawSocket()) {
      send(s, jsonFrame("{\"type\":\"QUERY\",\"file_id\":"));
      Message.Error e = expectErrorThenClose(s, ErrorCode.BAD_REQUEST);
      assertTrue(e.reason().startsWith("bad control message"), e.reason());
    }
    assertTrackerStillAnswers();
  }

  @Test
  void unknownFrameKindGetsOneBadRequestAndClose() throws Exception {
    try (Socket s = rawSocket()) {
      send(s, frame(new byte[] {0x07, 1, 2, 3}));
      Message.Error e = expectErrorThenClose(s, ErrorCode.BAD_REQUEST);
      assertTrue(e.reason().contains("unknown frame kind 0x07"), e.reason());
    }
  }

  @Test
  void chunkRequestToTheTrackerIsRejectedAndClosed() throws Exception {
    try (Socket s = rawSocket()) {
      send(s, frame(Codec.encode(new Message.ChunkRequest(ID, 0))));
      Message.Error e = expectErrorThenClose(s, ErrorCode.BAD_REQUEST);
      assertTrue(e.reason().contains("ChunkRequest"), e.reason());
    }
    assertTrackerStillAnswers();
  }

  @Test
  void badClientDoesNotDisturbAnHonestOneOnAnotherConnection() throws Exception {
    try (Socket honest = rawSocket(); Socket bad = rawSocket()) {
      send(honest, frame(Codec.encode(new Message.Query(UNKNOWN))));
      assertEquals(ErrorCode.NOT_FOUND, assertInstanceOf(Message.Error.class, readMessage(honest)).code());

      send(bad, jsonFrame("not json at all"));
      expectErrorThenClose(bad, ErrorCode.BAD_REQUEST);

      await(client.register(FILE, "peer-a", "127.0.0.1", 6001));
      send(honest, frame(Codec.encode(new Message.Query(ID))));
      Message.QueryResult r = assertInstanceOf(Message.QueryResult.class, readMessage(honest));
      assertEquals(FILE, r.manifest());
    }
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws Exception {
    List<FileId> ids = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      FileId id = new FileId(String.format("%064x", i + 1));
      ids.add(id);
      // Every other file is known, so the answers differ in kind as well as in file ID.
      if (i % 2 == 0) {
        await(client.register(new Manifest(id, "f" + i, 1024, 1024, List.of("1".repeat(64))),
            "peer-" + i, "127.0.0.1", 6000 + i));
      }
    }
    try (Socket s = rawSocket()) {
      ByteString all = ByteString.emptyByteString();
      for (FileId id : ids) all = all.concat(ByteString.fromArray(frame(Codec.encode(new Message.Query(id)))));
      send(s, all.toArray());   // one write: all six requests before any answer

      for (int i = 0; i < ids.size(); i++) {
        Message m = readMessage(s);
        if (i % 2 == 0) {
          Message.QueryResult r = assertInstanceOf(Message.QueryResult.class, m, "answer " + i);
          assertEquals(ids.get(i), r.fileId());
          assertEquals(6000 + i, r.peers().get(0).port());
        } else {
          Message.Error e = assertInstanceOf(Message.Error.class, m, "answer " + i);
          assertEquals(ErrorCode.NOT_FOUND, e.code());
          assertEquals(ids.get(i), e.fileId());
        }
      }
    }
  }

  @Test
  void connectionCanBeReusedAfterARequest() throws Exception {
    try (Socket s = rawSocket()) {
      send(s, frame(Codec.encode(Message.Register.of(FILE, "peer-a", "10.9.9.9", 6001))));
      assertEquals(new Message.Registered(ID, 1), readMessage(s));
      send(s, frame(Codec.encode(new Message.Query(ID))));
      Message.QueryResult r = assertInstanceOf(Message.QueryResult.class, readMessage(s));
      assertEquals("127.0.0.1", r.peers().get(0).host());
    }
  }

  // --- connection cap -------------------------------------------------------------------------

  @Test
  void connectionOverThePerIpCapGetsBusyAndIsClosed() throws Exception {
    FramedServer.Limits limits = new FramedServer.Limits(8, 2, SETTINGS.maxFrameBytes(),
        Duration.ofSeconds(30), Duration.ofSeconds(1));
    try (CappedTracker t = new CappedTracker(limits);
        Socket first = rawSocket(t.address());
        Socket second = rawSocket(t.address())) {
      for (Socket s : List.of(first, second)) assertServed(s);
      try (Socket third = rawSocket(t.address())) {
        Message.Error e = expectErrorThenClose(third, ErrorCode.BUSY);
        assertTrue(e.reason().contains("too many connections"), e.reason());
        // Closed, not half-closed: by the header timeout the server's socket is gone (it answers
        // our bytes with a reset), so refused connections cannot pile up as file descriptors.
        testKit.createTestProbe().awaitAssert(Duration.ofSeconds(10), () -> assertThrows(IOException.class, () -> {
          third.getOutputStream().write(new byte[16]);
          third.getOutputStream().flush();
        }));
      }
      // The first two are still served.
      assertServed(first);
      assertServed(second);
    }
  }

  @Test
  void atTheTotalCapTheIdlestConnectionIsClosedAndTheNewcomerIsServed() throws Exception {
    FramedServer.Limits limits =
        new FramedServer.Limits(2, 8, SETTINGS.maxFrameBytes(), Duration.ofSeconds(30));
    try (CappedTracker t = new CappedTracker(limits);
        Socket first = rawSocket(t.address());
        Socket second = rawSocket(t.address())) {
      assertServed(first);
      assertServed(second);
      assertServed(first); // second is now the idlest
      try (Socket third = rawSocket(t.address())) {
        assertServed(third);
        Wire.expectClosed(second);
        assertServed(first);
        assertServed(third);
        // The real client too: it evicts the idlest (first) rather than being refused.
        assertEquals(1, await(clientFor(t.address()).register(FILE, "peer-a", "127.0.0.1", 6001)));
        Wire.expectClosed(first);
        assertServed(third);
      }
    }
  }

  /** A tracker with its own limits, stopped on close. */
  static final class CappedTracker implements AutoCloseable {
    final ActorRef<Registry.Command> registry;
    final FramedServer.Server server;

    CappedTracker(FramedServer.Limits limits) throws Exception {
      PublishedFiles published = new PublishedFiles(50);
      registry = testKit.spawn(Registry.create(Duration.ofMinutes(1), 100, published));
      server = await(TrackerServer.bind(testKit.system(), registry, published,
          new PrivateShares(Clock.systemUTC(), Duration.ofMinutes(1), 100, 50),
          "127.0.0.1", 0, limits, SETTINGS.transport(), Duration.ofSeconds(5)));
    }

    InetSocketAddress address() {
      return server.localAddress();
    }

    @Override
    public void close() throws Exception {
      await(server.stop());
      testKit.stop(registry);
    }
  }

  /** A QUERY on {@code s} is answered (NOT_FOUND): the server holds the connection. */
  static void assertServed(Socket s) throws IOException {
    send(s, frame(Codec.encode(new Message.Query(UNKNOWN))));
    assertEquals(ErrorCode.NOT_FOUND, assertInstanceOf(Message.Error.class, readMessage(s)).code());
  }


  // --- restart ------------------------------------------------------------------------------

  @Test
  void restartedTrackerOnSamePortAcceptsReRegistrationAndAnswersQueries() throws Exception {
    await(client.register(FILE, "peer-a", "127.0.0.1", 6001));
    int port = tracker.address().getPort();

    await(tracker.stop());
    P2pException down = assertInstanceOf(P2pException.class, failureOf(client.query(ID)));
    assertTrue(down.getMessage().contains("unreachable"), down.getMessage());

    AppSettings samePort = AppSettings.create(ConfigFactory.parseMap(Map.of("p2p.tracker.port", port))
        .withFallback(ConfigFactory.load("application-test")));
    tracker = await(LocalTracker.start(testKit.system(), samePort));   // stopped by @AfterEach
    assertEquals(port, tracker.address().getPort());

    // The registry lived in memory: the file is unknown until its peer re-registers, which the
    // same client (same address) can do without any reconfiguration.
    P2pException unknown = assertInstanceOf(P2pException.class, failureOf(client.query(ID)));
    assertTrue(unknown.getMessage().startsWith("unknown file"), unknown.getMessage());

    assertEquals(1, await(client.register(FILE, "peer-a", "127.0.0.1", 6001)));
    TrackerClient.Located located = await(client.query(ID));
    assertEquals(FILE, located.manifest());
    assertEquals(List.of(new Message.PeerInfo(CLIENT_ID, "127.0.0.1", 6001)), located.peers());
  }

  // --- helpers --------------------------------------------------------------------------------

  void assertTrackerStillAnswers() throws Exception {
    await(client.register(FILE, "peer-z", "127.0.0.1", 6999));
    assertEquals(FILE, await(client.query(ID)).manifest());
  }
}
