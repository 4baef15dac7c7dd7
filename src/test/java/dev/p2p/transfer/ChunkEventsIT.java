package dev.p2p.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.app.LocalPeer;
import dev.p2p.app.NodeFacade.DownloadResult;
import dev.p2p.storage.Manifest;
import dev.p2p.testing.EventRecorder;
import dev.p2p.testing.SwarmFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The per-chunk events a window's piece map draws, from a real download of two seeders over loopback TCP. */
class ChunkEventsIT {
  @RegisterExtension static final SwarmFixture swarm = new SwarmFixture();

  @Test
  void aTwoPeerDownloadNamesEachVerifiedChunkOnceWithThePeerThatWasAskedForIt() throws Exception {
    Path src = swarm.file("two.bin", 4 * 1024 * 1024, 13);
    // Each seeder sends 2 MiB/s at most: neither can take every request before the other is asked.
    Map<String, Object> slow = Map.of("p2p.chunk-size", 32 * 1024, "p2p.upload-limit", 2 * 1024 * 1024);
    SwarmFixture.Seeder a = swarm.seeder("a", src, slow);
    LocalPeer b = swarm.seeder("b", src, slow).peer();
    Manifest m = a.manifest();
    LocalPeer d = swarm.peer("out");
    try (EventRecorder events = swarm.record(d)) {
      DownloadResult r = swarm.download(d, m.id(), swarm.dir("out"));
      assertArrayEquals(Files.readAllBytes(src), Files.readAllBytes(r.path()));

      List<TransferEvent.ChunkVerified> verified = events.ofType(TransferEvent.ChunkVerified.class);
      List<Integer> indices = verified.stream().map(TransferEvent.ChunkVerified::index).sorted().toList();
      assertEquals(IntStream.range(0, m.numChunks()).boxed().toList(), indices, "every index once");
      Set<String> peers = verified.stream().map(TransferEvent.ChunkVerified::peer).collect(Collectors.toSet());
      assertEquals(Set.of(SwarmFixture.key(a.peer().address()), SwarmFixture.key(b.address())), peers);
      assertTrue(verified.stream().allMatch(v -> v.fileId().equals(m.id())));

      // Each verified chunk was asked of the peer that delivered it, before it came.
      Set<String> asked = new HashSet<>();
      for (TransferEvent e : events.all()) {
        if (e instanceof TransferEvent.ChunkRequested q) asked.add(q.index() + "@" + q.peer());
        if (e instanceof TransferEvent.ChunkVerified v) {
          assertTrue(asked.contains(v.index() + "@" + v.peer()), "chunk " + v.index() + " asked of " + v.peer());
        }
      }
      Set<Integer> requested = events.ofType(TransferEvent.ChunkRequested.class).stream()
          .map(TransferEvent.ChunkRequested::index).collect(Collectors.toCollection(TreeSet::new));
      assertEquals(new TreeSet<>(indices), requested, "requests name real indices, all of them");
    }
  }
}
