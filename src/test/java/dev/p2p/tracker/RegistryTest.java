package dev.p2p.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.p2p.protocol.Codec;
import dev.p2p.protocol.ErrorCode;
import dev.p2p.protocol.Message;
import dev.p2p.protocol.Message.PeerInfo;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The registry actor on its own, with manual time for the TTL timers, read through the view it
 * publishes (the one the tracker server answers QUERY from).
 */
class RegistryTest {
  static final ActorTestKit testKit = ActorTestKit.create(
      ManualTime.config().withFallback(ConfigFactory.load("application-test")));
  static final ManualTime manualTime = ManualTime.get(testKit.system());

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  static final Duration TTL = Duration.ofSeconds(10);
  static final FileId ID = new FileId("ab".repeat(32));
  static final FileId OTHER_ID = new FileId("cd".repeat(32));
  static final String H1 = "1".repeat(64);
  static final String H2 = "2".repeat(64);
  static final String H3 = "3".repeat(64);
  /** 2000 bytes in chunks of 1024: two chunks. */
  static final Manifest FILE = new Manifest(ID, "notes.txt", 2000, 1024, List.of(H1, H2));
  static final Manifest OTHER_FILE = new Manifest(OTHER_ID, "other.bin", 1024, 1024, List.of(H3));
  static final PeerInfo PEER_A = new PeerInfo("peer-a", "10.0.0.1", 6001);
  static final PeerInfo PEER_B = new PeerInfo("peer-b", "10.0.0.2", 6002);

  /** A file no test registers: unregistering it changes nothing and only proves a round trip. */
  static final FileId NOBODY_SHARES = new FileId("ef".repeat(32));

  final TestProbe<Registry.RegisterResult> registered = testKit.createTestProbe();
  /** The view the registry under test publishes to: what the tracker server answers QUERY from. */
  PublishedFiles published;

  ActorRef<Registry.Command> registry(int maxPeersPerQuery, int maxPerHost) {
    published = new PublishedFiles(maxPeersPerQuery);
    return testKit.spawn(Registry.create(TTL, maxPerHost, published));
  }

  ActorRef<Registry.Command> registry() {
    return registry(50, 100);
  }

  Registry.RegisterResult register(ActorRef<Registry.Command> r, Manifest m, PeerInfo p) {
    r.tell(new Registry.Register(m, p, registered.getRef()));
    return registered.receiveMessage();
  }

  Registry.RegisterResult unregister(ActorRef<Registry.Command> r, FileId id, PeerInfo p) {
    r.tell(new Registry.Unregister(id, p.address(), registered.getRef()));
    return registered.receiveMessage();
  }

  static Registry.Refused refused(Registry.RegisterResult result) {
    return assertInstanceOf(Registry.Refused.class, result);
  }

  static boolean accepted(Registry.RegisterResult result) {
    return result instanceof Registry.Accepted;
  }

  /** A QUERY's answer as the tracker server would send it now, read back from its bytes. */
  record Answer(FileId id, Optional<Manifest> manifest, List<PeerInfo> peers, int variants) {}

  Answer query(ActorRef<Registry.Command> r, FileId id) {
    // The registry handles its mailbox in order: once it has answered this, it has also handled
    // every expiry timer that fired before (ManualTime delivers them when time passes).
    unregister(r, NOBODY_SHARES, PEER_A);
    return view(id);
  }

  /** The answer to a QUERY for {@code id} from the published view as it is at this moment. */
  Answer view(FileId id) {
    return view(id, List.of());
  }

  /** The same for a QUERY that excludes the variants {@code exclude}. */
  Answer view(FileId id, List<String> exclude) {
    Message m = Codec.decode(published.answer(id, exclude));
    if (m instanceof Message.Error e) {
      assertEquals(ErrorCode.NOT_FOUND, e.code(), e.reason());
      return new Answer(e.fileId(), Optional.empty(), List.of(), 0);
    }
    Message.QueryResult q = assertInstanceOf(Message.QueryResult.class, m);
    return new Answer(q.fileId(), Optional.of(q.manifest()), q.peers(), q.variants());
  }

  /** The peers QUERY_PEERS naming {@code variant} gets, or empty on NOT_FOUND. */
  Optional<Message.Peers> peersOf(FileId id, String variant) {
    Message m = Codec.decode(published.peers(id, variant));
    if (m instanceof Message.Error e) {
      assertEquals(ErrorCode.NOT_FOUND, e.code(), e.reason());
      return Optional.empty();
    }
    return Optional.of(assertInstanceOf(Message.Peers.class, m));
  }

  static PeerInfo peer(String host, int port) {
    return new PeerInfo("peer-" + port, host, port);
  }

  // --- register and query ---------------------------------------------------------------------

  @Test
  void queryReturnsRegisteredPeerAndManifest() {
    var r = registry();
    Registry.RegisterResult res = register(r, FILE, PEER_A);
    assertTrue(accepted(res));
    assertEquals(1, res.peers());
    assertEquals(ID, res.id());

    Answer q = query(r, ID);
    assertEquals(ID, q.id());
    assertEquals(Optional.of(FILE), q.manifest());
    assertEquals(List.of(PEER_A), q.peers());
  }

  @Test
  void queryForUnknownFileHasNoManifestAndNoPeers() {
    var r = registry();
    register(r, FILE, PEER_A);
    Answer q = query(r, OTHER_ID);
    assertEquals(OTHER_ID, q.id());
    assertEquals(Optional.empty(), q.manifest());
    assertEquals(List.of(), q.peers());
  }

  @Test
  void queryReturnsBothPeersOfAFile() {
    var r = registry();
    assertEquals(1, register(r, FILE, PEER_A).peers());
    assertEquals(2, register(r, FILE, PEER_B).peers());
    assertEquals(Set.of(PEER_A, PEER_B), Set.copyOf(query(r, ID).peers()));
  }

  @Test
  void filesAreKeptApart() {
    var r = registry();
    register(r, FILE, PEER_A);
    register(r, OTHER_FILE, PEER_B);
    assertEquals(List.of(PEER_A), query(r, ID).peers());
    assertEquals(List.of(PEER_B), query(r, OTHER_ID).peers());
    assertEquals(Optional.of(OTHER_FILE), query(r, OTHER_ID).manifest());
  }

  @Test
  void reRegisteringRefreshesWithoutDuplicatingThePeer() {
    var r = registry();
    register(r, FILE, PEER_A);
    Registry.RegisterResult again = register(r, FILE, PEER_A);
    assertTrue(accepted(again));
    assertEquals(1, again.peers());
    assertEquals(List.of(PEER_A), query(r, ID).peers());
  }

  @Test
  void samePeerAddressWithNewPeerIdReplacesTheEntry() {
    // A peer is its serving address: a restarted peer with a new ID is the same holder.
    var r = registry();
    register(r, FILE, PEER_A);
    PeerInfo restarted = new PeerInfo("peer-a-2", PEER_A.host(), PEER_A.port());
    assertEquals(1, register(r, FILE, restarted).peers());
    assertEquals(List.of(restarted), query(r, ID).peers());
  }

  @Test
  void differentFileNameForSameContentIsNotAConflict() {
    var r = registry();
    register(r, FILE, PEER_A);
    Manifest renamed = new Manifest(ID, "renamed.txt", FILE.size(), FILE.chunkSize(), FILE.chunkHashes());
    Registry.RegisterResult res = register(r, renamed, PEER_B);
    assertTrue(accepted(res));
    assertEquals(2, res.peers());
    assertEquals(Optional.of(FILE), query(r, ID).manifest(), "the first manifest stays");
  }

  // --- competing manifests (variants) -------------------------------------------------------

  static final List<Manifest> CONFLICTING = List.of(
      new Manifest(ID, "notes.txt", 2000, 1024, List.of(H1, H3)),          // other chunk hash
      new Manifest(ID, "notes.txt", 1900, 1024, List.of(H1, H2)),          // other size
      new Manifest(ID, "notes.txt", 2000, 2048, List.of(H1)));             // other chunk size

  @Test
  void aDifferentManifestIsAcceptedAsAnotherVariantWithItsOwnPeers() {
    var r = registry();
    register(r, FILE, PEER_A);
    for (int i = 0; i < CONFLICTING.size(); i++) {
      PeerInfo p = peer("10.0.1." + i, 7000 + i);
      Registry.RegisterResult res = register(r, CONFLICTING.get(i), p);
      assertTrue(accepted(res), CONFLICTING.get(i).toString());
      assertEquals(i + 2, res.peers(), "every registrant of the file is counted");

      Answer best = query(r, ID);
      assertEquals(Optional.of(FILE), best.manifest(), "a tie goes to the oldest variant");
      assertEquals(List.of(PEER_A), best.peers(), "never the peers of another variant");
      assertEquals(i + 2, best.variants());
      Answer next = view(ID, List.of(FILE.variant()));
      assertEquals(Optional.of(CONFLICTING.get(0)), next.manifest());
      assertEquals(List.of(peer("10.0.1.0", 7000)), next.peers());
    }
    Message.Peers of = peersOf(ID, CONFLICTING.get(2).variant()).orElseThrow();
    assertEquals(List.of(peer("10.0.1.2", 7002)), of.peers());
    assertEquals(1, of.total());
    assertEquals(List.of(PEER_A), peersOf(ID, null).orElseThrow().peers(), "no variant named: the best");
  }

  @Test
  void excludingEveryVariantOrNamingAnUnknownOneIsNotFound() {
    var r = registry();
    register(r, FILE, PEER_A);
    register(r, CONFLICTING.get(0), PEER_B);
    assertEquals(Optional.empty(), view(ID, List.of(FILE.variant(), CONFLICTING.get(0).variant())).manifest());
    assertTrue(published.answer(ID, List.of(FILE.variant(), CONFLICTING.get(0).variant())).utf8String()
        .contains("besides the 2 excluded"));
    assertEquals(Optional.of(FILE), view(ID, List.of(H3)).manifest(), "an unknown exclusion changes nothing");
    assertEquals(Optional.empty(), peersOf(ID, CONFLICTING.get(1).variant()));
  }

  @Test
  void aVariantServedFromMoreDistinctHostsRanksFirstWhateverItsAge() {
    var r = registry();
    Manifest poison = CONFLICTING.get(0);
    // The attacker comes first, from one host on five ports: that counts as one.
    for (int port = 7001; port <= 7005; port++) register(r, poison, peer("10.6.6.6", port));
    register(r, FILE, peer("10.0.0.1", 6001));
    Answer tie = query(r, ID);
    assertEquals(Optional.of(poison), tie.manifest(), "one host each: the older variant first");
    assertEquals(5, tie.peers().size());

    register(r, FILE, peer("10.0.0.2", 6001));
    Answer honest = query(r, ID);
    assertEquals(Optional.of(FILE), honest.manifest(), "two distinct hosts beat one host's five ports");
    assertEquals(2, honest.variants());
    assertEquals(Optional.of(poison), view(ID, List.of(FILE.variant())).manifest());

    unregister(r, ID, peer("10.0.0.2", 6001));
    assertEquals(Optional.of(poison), query(r, ID).manifest(), "the rank follows the registrants");
  }

  @Test
  void aKnownPeerWithAnotherManifestMovesToThatVariant() {
    var r = registry(50, 1);
    register(r, FILE, PEER_A);
    Registry.RegisterResult moved = register(r, CONFLICTING.get(0), PEER_A);
    assertTrue(accepted(moved), "a move is not a second registration of its host");
    assertEquals(1, moved.peers());
    Answer q = query(r, ID);
    assertEquals(Optional.of(CONFLICTING.get(0)), q.manifest());
    assertEquals(1, q.variants(), "the variant it left had no other peer and is gone");
    assertEquals(List.of(PEER_A), q.peers());
  }

  @Test
  void variantsPerFileAreBoundedAndAFreedSlotIsTakenAgain() {
    var r = registry();
    List<Manifest> variants = IntStream.range(0, Registry.MAX_VARIANTS + 1)
        .mapToObj(i -> new Manifest(ID, "v" + i, 1024, 1024, List.of(String.format("%064x", i + 1))))
        .toList();
    for (int i = 0; i < Registry.MAX_VARIANTS; i++) {
      assertTrue(accepted(register(r, variants.get(i), peer("10.0.2." + i, 7000))));
    }
    Manifest extra = variants.get(Registry.MAX_VARIANTS);
    Registry.Refused full = refused(register(r, extra, peer("10.0.3.1", 7000)));
    assertEquals(ErrorCode.BUSY, full.code());
    assertTrue(full.reason().contains("already has 8 competing manifests"), full.reason());
    assertEquals(Registry.MAX_VARIANTS, query(r, ID).variants());
    // A peer alone in its variant may switch to a new one: the count stays at the bound.
    assertTrue(accepted(register(r, extra, peer("10.0.2.0", 7000))));
    assertEquals(Registry.MAX_VARIANTS, query(r, ID).variants());
    assertEquals(Optional.of(variants.get(1)), query(r, ID).manifest(), "the oldest left is first");

    unregister(r, ID, peer("10.0.2.1", 7000));
    assertTrue(accepted(register(r, variants.get(0), peer("10.0.3.1", 7000))));
  }

  // --- expiry ---------------------------------------------------------------------------------

  @Test
  void peerExpiresAfterTtlAndFileIsForgotten() {
    var r = registry();
    register(r, FILE, PEER_A);

    manualTime.timePasses(TTL.minusSeconds(1));
    assertEquals(List.of(PEER_A), query(r, ID).peers(), "still there just before the TTL");

    manualTime.timePasses(Duration.ofSeconds(1));
    Answer q = query(r, ID);
    assertEquals(List.of(), q.peers());
    assertEquals(Optional.empty(), q.manifest(), "file forgotten with its last peer");

    // Forgotten for real: another manifest under the same ID is now the only variant.
    Manifest other = CONFLICTING.get(0);
    assertTrue(accepted(register(r, other, PEER_B)));
    assertEquals(Optional.of(other), query(r, ID).manifest());
    assertEquals(1, query(r, ID).variants());
  }

  @Test
  void expiryDropsOnlyThePeerWhoseTtlRanOut() {
    var r = registry();
    register(r, FILE, PEER_A);
    manualTime.timePasses(Duration.ofSeconds(5));
    register(r, FILE, PEER_B);
    manualTime.timePasses(Duration.ofSeconds(5));   // A's TTL is over, B's is not

    Answer q = query(r, ID);
    assertEquals(List.of(PEER_B), q.peers());
    assertEquals(Optional.of(FILE), q.manifest(), "file kept while a peer remains");
  }

  @Test
  void reRegisteringBeforeTtlResetsTheTimer() {
    var r = registry();
    register(r, FILE, PEER_A);
    manualTime.timePasses(Duration.ofSeconds(6));
    register(r, FILE, PEER_A);
    manualTime.timePasses(Duration.ofSeconds(6));   // 12 s after the first REGISTER

    assertEquals(List.of(PEER_A), query(r, ID).peers());

    manualTime.timePasses(Duration.ofSeconds(4));   // 10 s after the second one
    assertEquals(List.of(), query(r, ID).peers());
  }

  @Test
  void expiryIsSilent() {
    var r = registry();
    register(r, FILE, PEER_A);
    // The expiry timer is internal: nobody is told, the registration just ends.
    manualTime.expectNoMessageFor(TTL.plusSeconds(1), registered);
    assertEquals(Optional.empty(), query(r, ID).manifest());
  }

  // --- unregister -----------------------------------------------------------------------------

  @Test
  void unregisterRemovesOnlyThatPeer() {
    var r = registry();
    register(r, FILE, PEER_A);
    register(r, FILE, PEER_B);

    Registry.RegisterResult res = unregister(r, ID, PEER_A);
    assertTrue(accepted(res));
    assertEquals(1, res.peers());
    assertEquals(List.of(PEER_B), query(r, ID).peers());
  }

  @Test
  void unregisteringLastPeerForgetsTheFile() {
    var r = registry();
    register(r, FILE, PEER_A);
    assertEquals(0, unregister(r, ID, PEER_A).peers());
    assertEquals(Optional.empty(), query(r, ID).manifest());
  }

  @Test
  void unregisteringUnknownPeerOrFileIsHarmless() {
    var r = registry();
    register(r, FILE, PEER_A);
    assertEquals(1, unregister(r, ID, PEER_B).peers());
    assertEquals(0, unregister(r, OTHER_ID, PEER_A).peers());
    assertEquals(List.of(PEER_A), query(r, ID).peers());
  }

  @Test
  void registeringAgainAfterUnregisterStartsAFreshTtl() {
    var r = registry();
    register(r, FILE, PEER_A);
    manualTime.timePasses(Duration.ofSeconds(6));
    unregister(r, ID, PEER_A);
    register(r, FILE, PEER_A);                       // new TTL starts now
    manualTime.timePasses(Duration.ofSeconds(6));   // the first timer would have fired here
    assertEquals(List.of(PEER_A), query(r, ID).peers());
  }

  // --- per-host cap ---------------------------------------------------------------------------

  @Test
  void perHostCapRefusesNewPeersButLetsKnownOnesRefresh() {
    var r = registry(50, 2);
    PeerInfo a = peer("10.1.1.1", 7001);
    PeerInfo b = peer("10.1.1.1", 7002);
    PeerInfo c = peer("10.1.1.1", 7003);
    assertTrue(accepted(register(r, FILE, a)));
    assertTrue(accepted(register(r, FILE, b)));

    Registry.RegisterResult refused = register(r, FILE, c);
    assertFalse(accepted(refused));
    assertEquals(ErrorCode.BUSY, refused(refused).code());
    String why = refused(refused).reason();
    assertTrue(why.contains("10.1.1.1"), why);
    assertTrue(why.contains("limit 2"), why);
    assertEquals(Set.of(a, b), Set.copyOf(query(r, ID).peers()));

    assertTrue(accepted(register(r, FILE, a)), "a known peer may always refresh");
    assertTrue(accepted(register(r, FILE, peer("10.2.2.2", 7003))), "other hosts unaffected");
  }

  @Test
  void perHostCapCountsRegistrationsOverAllFiles() {
    var r = registry(50, 1);
    PeerInfo a = peer("10.1.1.1", 7001);
    assertTrue(accepted(register(r, FILE, a)));
    assertEquals(ErrorCode.BUSY, refused(register(r, OTHER_FILE, a)).code());
  }

  @Test
  void perHostCapIsReleasedByUnregisterAndExpiry() {
    var r = registry(50, 1);
    PeerInfo a = peer("10.1.1.1", 7001);
    PeerInfo b = peer("10.1.1.1", 7002);
    register(r, FILE, a);
    assertEquals(ErrorCode.BUSY, refused(register(r, FILE, b)).code());

    unregister(r, ID, a);
    assertTrue(accepted(register(r, FILE, b)), "slot freed by UNREGISTER");

    manualTime.timePasses(TTL);
    assertTrue(accepted(register(r, FILE, a)), "slot freed by expiry");
  }

  // --- max peers per query --------------------------------------------------------------------

  @Test
  void queryReturnsARandomSubsetOfAtMostMaxPeers() {
    int max = 3;
    var r = registry(max, 100);
    Set<PeerInfo> all = IntStream.range(0, 10)
        .mapToObj(i -> peer("10.0.1." + i, 6000 + i)).collect(Collectors.toSet());
    for (PeerInfo p : all) assertTrue(accepted(register(r, FILE, p)));

    Set<PeerInfo> seen = new HashSet<>();
    for (int i = 0; i < 50 && seen.size() <= max; i++) {
      List<PeerInfo> peers = query(r, ID).peers();
      assertEquals(max, peers.size());
      assertEquals(max, Set.copyOf(peers).size(), "no duplicates");
      assertTrue(all.containsAll(peers));
      seen.addAll(peers);
    }
    // With 10 peers and 3 per answer, 50 equal answers would have odds of 120^-49.
    assertTrue(seen.size() > max, "answers differ between queries: " + seen.size());
  }

  @Test
  void aRandomSubsetAlwaysHoldsASeederWhenThereIsOne() {
    var r = registry(3, 100);
    PeerInfo seeder = peer("10.0.2.1", 6000);
    for (int i = 0; i < 20; i++) {
      r.tell(new Registry.Register(FILE, peer("10.0.1." + i, 6000 + i), "", false, registered.getRef()));
      assertTrue(accepted(registered.receiveMessage()));
    }
    assertTrue(accepted(register(r, FILE, seeder))); // a seeder, registered last
    Set<PeerInfo> partial = new HashSet<>();
    for (int i = 0; i < 30; i++) {
      List<PeerInfo> peers = query(r, ID).peers();
      assertEquals(3, Set.copyOf(peers).size());
      assertTrue(peers.contains(seeder), "every answer names the seeder: " + peers);
      partial.addAll(peers);
    }
    assertTrue(partial.size() > 3, "the partial peers beside it are a random choice: " + partial);
  }

  @Test
  void queryReturnsAllPeersWhenNoMoreThanMax() {
    var r = registry(2, 100);
    register(r, FILE, PEER_A);
    register(r, FILE, PEER_B);
    assertEquals(Set.of(PEER_A, PEER_B), Set.copyOf(query(r, ID).peers()));
  }

  // --- shutdown -------------------------------------------------------------------------------

  @Test
  void shutdownStopsTheRegistry() {
    var r = registry();
    TestProbe<Object> watcher = testKit.createTestProbe();
    r.tell(Registry.Shutdown.INSTANCE);
    watcher.expectTerminated(r, Duration.ofSeconds(3));
  }

  // --- published view (what the tracker server answers QUERY from) -----------------------------

  @Test
  void publishedViewFollowsRegisterUnregisterAndExpiry() {
    var r = registry();
    assertTrue(view(ID).manifest().isEmpty());
    assertTrue(published.answer(ID).utf8String().contains("NOT_FOUND"));

    register(r, FILE, PEER_A);   // published before the reply: read without another round trip
    assertEquals(Optional.of(FILE), view(ID).manifest());
    assertEquals(List.of(PEER_A), view(ID).peers());
    String first = published.answer(ID).utf8String();
    assertTrue(first.contains("\"peer_id\":\"peer-a\""), first);

    register(r, FILE, PEER_B);   // the cached answer is replaced, not reused
    assertTrue(published.answer(ID).utf8String().contains("\"peer_id\":\"peer-b\""));
    unregister(r, ID, PEER_B);
    assertEquals(List.of(PEER_A), view(ID).peers());

    manualTime.timePasses(TTL.plusSeconds(1));
    query(r, ID);   // the registry has handled the expiry by the time it answers this
    assertTrue(view(ID).manifest().isEmpty());
  }

  @Test
  void publishedViewPicksAtMostMaxPeersAtRandom() {
    var r = registry(3, 100);
    for (int port = 7001; port <= 7010; port++) register(r, FILE, peer("10.0.0.9", port));
    Set<PeerInfo> seen = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      List<PeerInfo> peers = view(ID).peers();
      assertEquals(3, peers.size());
      assertEquals(3, new HashSet<>(peers).size());
      seen.addAll(peers);
    }
    assertTrue(seen.size() > 3, "random choice, saw " + seen);
  }

  // --- owners: only the node that registered an entry may change it -------------------------

  static final String NODE_1 = "1".repeat(64);
  static final String NODE_2 = "2".repeat(64);

  Registry.RegisterResult registerAs(ActorRef<Registry.Command> r, Manifest m, PeerInfo p, String owner) {
    r.tell(new Registry.Register(m, p, owner, registered.getRef()));
    return registered.receiveMessage();
  }

  Registry.RegisterResult unregisterAs(ActorRef<Registry.Command> r, FileId id, PeerInfo p, String owner) {
    r.tell(new Registry.Unregister(id, p.address(), owner, registered.getRef()));
    return registered.receiveMessage();
  }

  @Test
  void anotherNodeCanNeitherReplaceNorWithdrawAnEntryButItsOwnerCan() {
    ActorRef<Registry.Command> r = registry();
    assertTrue(accepted(registerAs(r, FILE, PEER_A, NODE_1)));
    // Same address, another node: a re-registration that would take the entry over, with the
    // same manifest or a poisoned one, and a withdrawal.
    Registry.Refused taken = refused(registerAs(r, FILE, PEER_A, NODE_2));
    assertEquals(ErrorCode.FORBIDDEN, taken.code());
    assertTrue(taken.reason().contains("registered by another node"), taken.reason());
    Manifest poisoned = new Manifest(ID, "notes.txt", 2000, 1024, List.of(H2, H1));
    assertEquals(ErrorCode.FORBIDDEN, refused(registerAs(r, poisoned, PEER_A, NODE_2)).code());
    assertEquals(ErrorCode.FORBIDDEN, refused(unregisterAs(r, ID, PEER_A, NODE_2)).code());
    // A plaintext request (proving no node) cannot either.
    assertEquals(ErrorCode.FORBIDDEN, refused(unregisterAs(r, ID, PEER_A, "")).code());
    assertEquals(List.of(PEER_A), view(ID).peers());
    // The owner refreshes and withdraws it.
    assertTrue(accepted(registerAs(r, FILE, PEER_A, NODE_1)));
    assertTrue(accepted(unregisterAs(r, ID, PEER_A, NODE_1)));
    assertTrue(view(ID).manifest().isEmpty(), "the file is gone");
  }

  @Test
  void anEntryRegisteredInPlaintextProvesNoOwnerAndAnyoneMayChangeIt() {
    ActorRef<Registry.Command> r = registry();
    assertTrue(accepted(registerAs(r, FILE, PEER_A, "")));
    assertTrue(accepted(registerAs(r, FILE, PEER_A, NODE_2)));
    // Taken over by a node that proved itself: now it is that node's.
    assertEquals(ErrorCode.FORBIDDEN, refused(unregisterAs(r, ID, PEER_A, "")).code());
  }
  // --- seeders and the short-ID index (search, the original's protocol) -----------------------

  @Test
  void aPartialHolderCountsAsAPeerButNotAsASeederUntilItRegistersAsWhole() {
    ActorRef<Registry.Command> r = registry();
    register(r, FILE, PEER_A);
    r.tell(new Registry.Register(FILE, PEER_B, "", false, registered.getRef()));
    registered.receiveMessage();
    PublishedFiles.Listing l = published.byLegacyId(ID.legacyId()).orElseThrow();
    assertEquals(List.of(1, 2), List.of(l.seeders(), l.total()));

    register(r, FILE, PEER_B);
    assertEquals(2, published.byLegacyId(ID.legacyId()).orElseThrow().seeders());
    unregister(r, ID, PEER_A);
    unregister(r, ID, PEER_B);
    assertTrue(published.byLegacyId(ID.legacyId()).isEmpty());
  }
}
