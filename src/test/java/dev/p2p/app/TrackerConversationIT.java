package dev.p2p.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.app.NodeFacade.DownloadResult;
import dev.p2p.app.NodeFacade.SearchHit;
import dev.p2p.protocol.Message;
import dev.p2p.protocol.Search;
import dev.p2p.protocol.SearchResult;
import dev.p2p.storage.Manifest;
import dev.p2p.testing.ScriptedTracker;
import dev.p2p.testing.SwarmFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What real nodes say to their tracker, and how they take its answers, with the tracker played
 * by the test over real TCP ({@link ScriptedTracker}): it records every message as it arrived.
 */
class TrackerConversationIT {
  @RegisterExtension static final SwarmFixture swarm = new SwarmFixture();

  /** Long enough that no periodic re-registration happens during a test. */
  static final String NO_REANNOUNCE = "10m";

  @Test
  void aDownloaderRegistersAsPartialUntilVerifiedThenAsASeederAtOnce() throws Exception {
    Path src = swarm.file("data.bin", 2 * 1024 * 1024, 7);
    AtomicReference<Manifest> shared = new AtomicReference<>();
    AtomicReference<Message.PeerInfo> seederInfo = new AtomicReference<>();
    try (ScriptedTracker t = ScriptedTracker.start(swarm.system(), m -> answer(m, shared.get(), seederInfo.get()))) {
      Map<String, Object> viaFake = Map.of("p2p.tracker.port", t.port(), "p2p.chunk-size", 64 * 1024,
          "p2p.peer.reannounce-interval", NO_REANNOUNCE);
      // About 2 s of upload, so that the downloader registers while it has part of the file.
      LocalPeer seeder = swarm.peer("seeder", SwarmIT.with(viaFake, "p2p.upload-limit", 1024 * 1024));
      shared.set(SwarmFixture.await(seeder.share(src)));
      seederInfo.set(new Message.PeerInfo(seeder.peerId(), "127.0.0.1", seeder.address().getPort()));
      LocalPeer d = swarm.peer("out", viaFake);

      DownloadResult r = swarm.download(d, shared.get().id(), swarm.dir("out"));
      assertArrayEquals(Files.readAllBytes(src), Files.readAllBytes(r.path()));

      swarm.eventually(Duration.ofSeconds(10), () -> assertTrue(registrations(t, d).get(registrations(t, d).size() - 1)
          .complete(), "registered as a seeder after the verification: " + registrations(t, d)));
      List<Message.Register> all = registrations(t, d);
      assertFalse(all.get(0).complete(), "the first registration, at the first chunk, is partial: " + all);
      int firstComplete = 0;
      while (!all.get(firstComplete).complete()) firstComplete++;
      for (Message.Register later : all.subList(firstComplete, all.size())) {
        assertTrue(later.complete(), "never partial again once complete: " + all);
      }
      assertTrue(registrations(t, seeder).stream().allMatch(Message.Register::complete),
          "a sharer is a seeder from the start");
    }
  }

  @Test
  void aNodesSearchReturnsTheTrackersHitsWithWholeIds() throws Exception {
    String full = "ab".repeat(32);
    SearchResult answer = new SearchResult(List.of(
        new SearchResult.Found(full, "Holiday.mkv", 123_456, 1, 2, 5),
        new SearchResult.Found("0123456789abcdef", "holiday (original).avi", -1, 3, 0, 1)), 2);
    try (ScriptedTracker t = ScriptedTracker.start(swarm.system(), m -> answer)) {
      LocalPeer p = swarm.peer("p", Map.of("p2p.tracker.port", t.port(),
          "p2p.peer.reannounce-interval", NO_REANNOUNCE));
      List<SearchHit> hits = SwarmFixture.await(p.search("holiday"));
      assertEquals(List.of(new SearchHit(full, "Holiday.mkv", 123_456, 2, 5),
          new SearchHit("0123456789abcdef", "holiday (original).avi", -1, 0, 1)), hits);
      assertEquals(List.of(new Search("holiday")), t.received(Search.class));
      assertFalse(t.received().stream().anyMatch(m -> m instanceof Message.Register),
          "a search registers nothing");
    }
  }

  static List<Message.Register> registrations(ScriptedTracker t, LocalPeer from) {
    return t.received(Message.Register.class).stream().filter(r -> r.peerId().equals(from.peerId())).toList();
  }

  /** The tracker's part: one file, shared by one seeder. */
  static Message answer(Message m, Manifest file, Message.PeerInfo seeder) {
    if (m instanceof Message.Register r) return new Message.Registered(r.fileId(), 2);
    if (m instanceof Message.Unregister u) return new Message.Registered(u.fileId(), 1);
    if (m instanceof Message.Query q) return Message.QueryResult.of(file, List.of(seeder), 1);
    if (m instanceof Message.QueryPeers q) return new Message.Peers(q.fileId(), 1, List.of(seeder));
    throw new IllegalArgumentException("not expected here: " + m);
  }
}
