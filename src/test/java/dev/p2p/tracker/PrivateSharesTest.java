package dev.p2p.tracker;

import static dev.p2p.testing.Wire.connectFrom;
import static dev.p2p.testing.Wire.readBody;
import static dev.p2p.testing.Wire.send;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.p2p.net.FramedServer;
import dev.p2p.protocol.Codec;
import dev.p2p.protocol.ErrorCode;
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
 * Private shares at a real tracker over TCP, with raw sockets from 127.0.0.1 (the owner),
 * 127.0.0.2 and 127.0.0.3 (downloaders or attackers): the tracker tells each client apart by its
 * connection, as it will by its TLS identity.
 */
class PrivateSharesTest {
  static final ActorTestKit testKit = ActorTestKit.create();
  static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
  static final FileId ID = new FileId("ab".repeat(32));
  static final Manifest FILE = new Manifest(ID, "notes.txt", 2000, 1024, List.of("1".repeat(64), "2".repeat(64)));
  static final ShareKey KEY = ShareKey.generate();
  static final Duration TTL = Duration.ofMinutes(1);

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
            Duration.ofSeconds(5))
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
  byte[] ask(String fromIp, Message m) throws IOException {
    try (Socket s = connectFrom(fromIp, tracker())) {
      send(s, m);
      return readBody(s);
    }
  }

  Message askDecoded(String fromIp, Message m) throws IOException {
    return Codec.decode(ByteString.fromArray(ask(fromIp, m)));
  }

  static Message.Register privately(Long expiresAt, Integer maxDownloads) {
    return Message.Register.of(FILE, "owner", "ignored", 6001)
        .withTerms(KEY.lookupHash(ID), expiresAt, maxDownloads);
  }

  static Message.Query query(ShareKey k) {
    return new Message.Query(ID, k == null ? null : k.lookup(ID));
  }

  @Test
  void withoutTheLookupAPrivateFileIsNotFoundByteForByteAsAnUnknownOne() throws Exception {
    byte[] unknown = ask("127.0.0.2", query(null));
    byte[] unknownPeers = ask("127.0.0.2", new Message.QueryPeers(ID));
    assertEquals(ErrorCode.NOT_FOUND, ((Message.Error) Codec.decode(ByteString.fromArray(unknown))).code());

    assertEquals(new Message.Registered(ID, 1), askDecoded("127.0.0.1", privately(null, null)));

    assertArrayEquals(unknown, ask("127.0.0.2", query(null)));
    assertArrayEquals(unknown, ask("127.0.0.2", query(ShareKey.generate())));
    assertArrayEquals(unknownPeers, ask("127.0.0.2", new Message.QueryPeers(ID)));
    assertArrayEquals(unknownPeers, ask("127.0.0.2", new Message.QueryPeers(ID, ShareKey.generate().lookup(ID))));

    Message.QueryResult r = assertInstanceOf(Message.QueryResult.class, askDecoded("127.0.0.2", query(KEY)));
    assertEquals(FILE, r.manifest());
    assertEquals(List.of(new Message.PeerInfo("owner", "127.0.0.1", 6001)), r.peers());
    Message.Peers p = assertInstanceOf(Message.Peers.class,
        askDecoded("127.0.0.2", new Message.QueryPeers(ID, KEY.lookup(ID))));
    assertEquals(1, p.total());
  }

  @Test
  void aPublicRegistrationOrAnotherKeyNeverJoinsThePrivateShare() throws Exception {
    askDecoded("127.0.0.1", privately(null, null));
    // An attacker who knows the ID registers it publicly, and privately under a key of its own.
    assertEquals(new Message.Registered(ID, 1),
        askDecoded("127.0.0.3", Message.Register.of(FILE, "attacker", "x", 7000)));
    ShareKey theirs = ShareKey.generate();
    askDecoded("127.0.0.3", Message.Register.of(FILE, "attacker", "x", 7001).withTerms(theirs.lookupHash(ID), null, null));

    Message.QueryResult mine = (Message.QueryResult) askDecoded("127.0.0.2", query(KEY));
    assertEquals(List.of(new Message.PeerInfo("owner", "127.0.0.1", 6001)), mine.peers());
    Message.QueryResult bare = (Message.QueryResult) askDecoded("127.0.0.2", query(null));
    assertEquals(List.of(new Message.PeerInfo("attacker", "127.0.0.3", 7000)), bare.peers());
    // Someone with the key re-shares it: it joins.
    askDecoded("127.0.0.2", Message.Register.of(FILE, "resharer", "x", 6002).withTerms(KEY.lookupHash(ID), null, null));
    assertEquals(2, ((Message.QueryResult) askDecoded("127.0.0.2", query(KEY))).peers().size());
  }

  @Test
  void anExpiredShareIsNotFoundAndCannotBeRegisteredAgain() throws Exception {
    long expires = NOW.plusSeconds(3600).getEpochSecond();
    askDecoded("127.0.0.1", privately(expires, null));
    byte[] unknown = ask("127.0.0.2", new Message.Query(new FileId("cd".repeat(32))));
    assertInstanceOf(Message.QueryResult.class, askDecoded("127.0.0.2", query(KEY)));

    clock.advance(Duration.ofSeconds(3600));
    Message.Error e = assertInstanceOf(Message.Error.class, askDecoded("127.0.0.2", query(KEY)));
    assertEquals(ErrorCode.NOT_FOUND, e.code());
    assertEquals(new String(unknown).replace("cd".repeat(32), ID.hex()), new String(ask("127.0.0.2", query(KEY))));
    Message.Error again = assertInstanceOf(Message.Error.class,
        askDecoded("127.0.0.1", privately(expires + 7200, null)));
    assertEquals(ErrorCode.NOT_FOUND, again.code());
    assertEquals("this private share of file " + ID + " was revoked or has expired", again.reason());
  }

  @Test
  void maxDownloadsRefusesANewDownloaderButNotOneAlreadyServed() throws Exception {
    askDecoded("127.0.0.1", privately(null, 1));
    assertInstanceOf(Message.QueryResult.class, askDecoded("127.0.0.2", query(KEY)));
    assertEquals(ErrorCode.NOT_FOUND,
        assertInstanceOf(Message.Error.class, askDecoded("127.0.0.3", query(KEY))).code());
    // The one served re-queries (a running download) and is still answered; so is the owner.
    assertInstanceOf(Message.Peers.class, askDecoded("127.0.0.2", new Message.QueryPeers(ID, KEY.lookup(ID))));
    assertInstanceOf(Message.QueryResult.class, askDecoded("127.0.0.2", query(KEY)));
    assertInstanceOf(Message.QueryResult.class, askDecoded("127.0.0.1", query(KEY)));
    assertEquals(ErrorCode.NOT_FOUND,
        assertInstanceOf(Message.Error.class, askDecoded("127.0.0.3", new Message.QueryPeers(ID, KEY.lookup(ID)))).code());
  }

  @Test
  void onlyTheOwnerMayRevokeAndARevokedShareStaysGone() throws Exception {
    askDecoded("127.0.0.1", privately(null, null));
    askDecoded("127.0.0.2", Message.Register.of(FILE, "resharer", "x", 6002).withTerms(KEY.lookupHash(ID), null, null));

    Message.Error refused = assertInstanceOf(Message.Error.class, askDecoded("127.0.0.2", new Message.Revoke(ID)));
    assertEquals(ErrorCode.NOT_FOUND, refused.code());
    assertArrayEquals(ask("127.0.0.3", new Message.Revoke(new FileId("cd".repeat(32)))),
        new String(ask("127.0.0.3", new Message.Revoke(ID))).replace(ID.hex(), "cd".repeat(32)).getBytes());
    assertInstanceOf(Message.QueryResult.class, askDecoded("127.0.0.3", query(KEY)));

    assertEquals(new Message.Registered(ID, 0), askDecoded("127.0.0.1", new Message.Revoke(ID)));
    assertEquals(ErrorCode.NOT_FOUND,
        assertInstanceOf(Message.Error.class, askDecoded("127.0.0.3", query(KEY))).code());
    // Its sharers learn it at their next re-registration, and the share does not come back.
    for (String ip : List.of("127.0.0.1", "127.0.0.2")) {
      Message.Error e = assertInstanceOf(Message.Error.class, askDecoded(ip, privately(null, null)));
      assertEquals(ErrorCode.NOT_FOUND, e.code());
    }
    assertEquals(ErrorCode.NOT_FOUND,
        assertInstanceOf(Message.Error.class, askDecoded("127.0.0.3", query(KEY))).code());
  }

  @Test
  void peersThatStopReRegisteringLapseAfterTheTtl() throws Exception {
    askDecoded("127.0.0.1", privately(null, null));
    clock.advance(TTL);
    assertEquals(ErrorCode.NOT_FOUND,
        assertInstanceOf(Message.Error.class, askDecoded("127.0.0.2", query(KEY))).code());
    // Not revoked: the owner may register it again.
    assertEquals(new Message.Registered(ID, 1), askDecoded("127.0.0.1", privately(null, null)));
  }
}
