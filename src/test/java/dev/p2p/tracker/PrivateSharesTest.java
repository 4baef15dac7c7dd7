package dev.p2p.tracker;

import static dev.p2p.testing.Wire.connectAs;
import static dev.p2p.testing.Wire.readBody;
import static dev.p2p.testing.Wire.send;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.p2p.net.FramedServer;
import dev.p2p.net.NodeIdentity;
import dev.p2p.net.Transport;
import dev.p2p.protocol.Codec;
import dev.p2p.protocol.ErrorCode;
import dev.p2p.protocol.Revoke;
import dev.p2p.protocol.Message;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import dev.p2p.storage.ShareKey;
import dev.p2p.testing.ManualClock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Private shares at a real tracker over TLS, with raw sockets of three nodes, each with its own
 * identity: the owner, a downloader (alice) and an attacker (mallory). The tracker tells them
 * apart by the node ID each connection proves.
 */
class PrivateSharesTest {
  static final ActorTestKit testKit = ActorTestKit.create();
  static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
  static final FileId ID = new FileId("ab".repeat(32));
  static final Manifest FILE = new Manifest(ID, "notes.txt", 2000, 1024, List.of("1".repeat(64), "2".repeat(64)));
  static final ShareKey KEY = ShareKey.generate();
  static final Duration TTL = Duration.ofMinutes(1);
  /** Three nodes, each proving its own node ID over TLS: the tracker tells clients apart by it. */
  static final Transport OWNER = Transport.tls(NodeIdentity.ephemeral());
  static final Transport ALICE = Transport.tls(NodeIdentity.ephemeral());
  static final Transport MALLORY = Transport.tls(NodeIdentity.ephemeral());

  static String id(Transport t) {
    return t.identity().orElseThrow().nodeId();
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  ManualClock clock;
  ActorRef<Registry.Command> registry;
  FramedServer.Server server;

  @BeforeEach
  void start() throws Exception {
    clock = new ManualClock(NOW);
    PublishedFiles published = new PublishedFiles(50);
    registry = testKit.spawn(Registry.create(TTL, 100, published));
    server = TrackerServer.bind(testKit.system(), registry, published,
            new PrivateShares(clock, TTL, 100, 50), "127.0.0.1", 0,
            new FramedServer.Limits(64, 64, Codec.DEFAULT_MAX_FRAME, Duration.ofSeconds(30)),
            Transport.tls(NodeIdentity.ephemeral()), Duration.ofSeconds(5))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    server.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
    testKit.stop(registry);
  }

  InetSocketAddress tracker() {
    return server.localAddress();
  }

  /** One request from {@code fromIp}, its reply's bytes. */
  byte[] ask(Transport as, Message m) throws IOException {
    try (Socket s = connectAs(as, tracker())) {
      send(s, m);
      return readBody(s);
    }
  }

  Message askDecoded(Transport as, Message m) throws IOException {
    return Codec.decode(ByteString.fromArray(ask(as, m)));
  }

  static Message.Register privately(Long expiresAt, Integer maxDownloads) {
    return Message.Register.of(FILE, "owner", "ignored", 6001)
        .withTerms(KEY.lookupHash(ID), expiresAt, maxDownloads);
  }

  static Message.Query query(ShareKey k) {
    return new Message.Query(ID, List.of(), k == null ? null : k.lookup(ID));
  }

  @Test
  void withoutTheLookupAPrivateFileIsNotFoundByteForByteAsAnUnknownOne() throws Exception {
    byte[] unknown = ask(ALICE, query(null));
    byte[] unknownPeers = ask(ALICE, new Message.QueryPeers(ID));
    assertEquals(ErrorCode.NOT_FOUND, ((Message.Error) Codec.decode(ByteString.fromArray(unknown))).code());

    assertEquals(new Message.Registered(ID, 1), askDecoded(OWNER, privately(null, null)));

    assertArrayEquals(unknown, ask(ALICE, query(null)));
    assertArrayEquals(unknown, ask(ALICE, query(ShareKey.generate())));
    assertArrayEquals(unknownPeers, ask(ALICE, new Message.QueryPeers(ID)));
    assertArrayEquals(unknownPeers, ask(ALICE, new Message.QueryPeers(ID, null, ShareKey.generate().lookup(ID))));

    Message.QueryResult r = assertInstanceOf(Message.QueryResult.class, askDecoded(ALICE, query(KEY)));
    assertEquals(FILE, r.manifest());
    assertEquals(List.of(new Message.PeerInfo(id(OWNER), "127.0.0.1", 6001)), r.peers());
    Message.Peers p = assertInstanceOf(Message.Peers.class,
        askDecoded(ALICE, new Message.QueryPeers(ID, null, KEY.lookup(ID))));
    assertEquals(1, p.total());
  }

  @Test
  void aPublicRegistrationOrAnotherKeyNeverJoinsThePrivateShare() throws Exception {
    askDecoded(OWNER, privately(null, null));
    // An attacker who knows the ID registers it publicly, and privately under a key of its own.
    assertEquals(new Message.Registered(ID, 1),
        askDecoded(MALLORY, Message.Register.of(FILE, "attacker", "x", 7000)));
    ShareKey theirs = ShareKey.generate();
    askDecoded(MALLORY, Message.Register.of(FILE, "attacker", "x", 7001).withTerms(theirs.lookupHash(ID), null, null));

    Message.QueryResult mine = (Message.QueryResult) askDecoded(ALICE, query(KEY));
    assertEquals(List.of(new Message.PeerInfo(id(OWNER), "127.0.0.1", 6001)), mine.peers());
    Message.QueryResult bare = (Message.QueryResult) askDecoded(ALICE, query(null));
    assertEquals(List.of(new Message.PeerInfo(id(MALLORY), "127.0.0.1", 7000)), bare.peers());
    // Someone with the key re-shares it: it joins.
    askDecoded(ALICE, Message.Register.of(FILE, "resharer", "x", 6002).withTerms(KEY.lookupHash(ID), null, null));
    assertEquals(2, ((Message.QueryResult) askDecoded(ALICE, query(KEY))).peers().size());
  }

  @Test
  void anExpiredShareIsNotFoundAndCannotBeRegisteredAgain() throws Exception {
    long expires = NOW.plusSeconds(3600).getEpochSecond();
    askDecoded(OWNER, privately(expires, null));
    byte[] unknown = ask(ALICE, new Message.Query(new FileId("cd".repeat(32))));
    assertInstanceOf(Message.QueryResult.class, askDecoded(ALICE, query(KEY)));

    clock.advance(Duration.ofSeconds(3600));
    Message.Error e = assertInstanceOf(Message.Error.class, askDecoded(ALICE, query(KEY)));
    assertEquals(ErrorCode.NOT_FOUND, e.code());
    assertEquals(new String(unknown).replace("cd".repeat(32), ID.hex()), new String(ask(ALICE, query(KEY))));
    Message.Error again = assertInstanceOf(Message.Error.class,
        askDecoded(OWNER, privately(expires + 7200, null)));
    assertEquals(ErrorCode.NOT_FOUND, again.code());
    assertEquals("this private share of file " + ID + " was revoked or has expired", again.reason());
  }

  @Test
  void maxDownloadsRefusesANewDownloaderButNotOneAlreadyServed() throws Exception {
    askDecoded(OWNER, privately(null, 1));
    assertInstanceOf(Message.QueryResult.class, askDecoded(ALICE, query(KEY)));
    assertEquals(ErrorCode.NOT_FOUND,
        assertInstanceOf(Message.Error.class, askDecoded(MALLORY, query(KEY))).code());
    // The one served re-queries (a running download) and is still answered; so is the owner.
    assertInstanceOf(Message.Peers.class, askDecoded(ALICE, new Message.QueryPeers(ID, null, KEY.lookup(ID))));
    assertInstanceOf(Message.QueryResult.class, askDecoded(ALICE, query(KEY)));
    assertInstanceOf(Message.QueryResult.class, askDecoded(OWNER, query(KEY)));
    assertEquals(ErrorCode.NOT_FOUND,
        assertInstanceOf(Message.Error.class, askDecoded(MALLORY, new Message.QueryPeers(ID, null, KEY.lookup(ID)))).code());
  }

  @Test
  void onlyTheOwnerMayRevokeAndARevokedShareStaysGone() throws Exception {
    askDecoded(OWNER, privately(null, null));
    askDecoded(ALICE, Message.Register.of(FILE, "resharer", "x", 6002).withTerms(KEY.lookupHash(ID), null, null));

    Message.Error refused = assertInstanceOf(Message.Error.class, askDecoded(ALICE, new Revoke(ID)));
    assertEquals(ErrorCode.NOT_FOUND, refused.code());
    assertArrayEquals(ask(MALLORY, new Revoke(new FileId("cd".repeat(32)))),
        new String(ask(MALLORY, new Revoke(ID))).replace(ID.hex(), "cd".repeat(32)).getBytes());
    assertInstanceOf(Message.QueryResult.class, askDecoded(MALLORY, query(KEY)));

    assertEquals(new Message.Registered(ID, 0), askDecoded(OWNER, new Revoke(ID)));
    assertEquals(ErrorCode.NOT_FOUND,
        assertInstanceOf(Message.Error.class, askDecoded(MALLORY, query(KEY))).code());
    // Its sharers learn it at their next re-registration, and the share does not come back.
    for (Transport ip : List.of(OWNER, ALICE)) {
      Message.Error e = assertInstanceOf(Message.Error.class, askDecoded(ip, privately(null, null)));
      assertEquals(ErrorCode.NOT_FOUND, e.code());
    }
    assertEquals(ErrorCode.NOT_FOUND,
        assertInstanceOf(Message.Error.class, askDecoded(MALLORY, query(KEY))).code());
  }

  @Test
  void onlyTheNodeThatRegisteredAPeerMayWithdrawIt() throws Exception {
    askDecoded(OWNER, privately(null, null));
    askDecoded(MALLORY, new Message.Unregister(ID, "owner", 6001));   // same IP and port, other node
    assertEquals(1, ((Message.QueryResult) askDecoded(ALICE, query(KEY))).peers().size());
    askDecoded(OWNER, new Message.Unregister(ID, "owner", 6001));
    assertEquals(ErrorCode.NOT_FOUND,
        assertInstanceOf(Message.Error.class, askDecoded(ALICE, query(KEY))).code());
  }

  @Test
  void peersThatStopReRegisteringLapseAfterTheTtl() throws Exception {
    askDecoded(OWNER, privately(null, null));
    clock.advance(TTL);
    assertEquals(ErrorCode.NOT_FOUND,
        assertInstanceOf(Message.Error.class, askDecoded(ALICE, query(KEY))).code());
    // Not revoked: the owner may register it again.
    assertEquals(new Message.Registered(ID, 1), askDecoded(OWNER, privately(null, null)));
  }
}
