package dev.p2p.app;

import static dev.p2p.testing.SwarmFixture.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.app.NodeFacade.HistoryEntry;
import dev.p2p.app.NodeFacade.Totals;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import dev.p2p.storage.PartialFile;
import dev.p2p.testing.EventRecorder;
import dev.p2p.testing.SwarmFixture;
import dev.p2p.transfer.TransferEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node with a state folder is stopped with two shares and a download half-way, and started
 * again on the same folder: it is the same node (ID), shares both files again without hashing
 * them, resumes the download from its .part and completes it, and its history and totals say so.
 */
class RestartIT {
  @RegisterExtension static final SwarmFixture swarm = new SwarmFixture();
  static final int CHUNK = 32 * 1024;

  @Test
  void aRestartedNodeSharesWithoutHashingResumesItsDownloadAndKeepsItsHistory() throws Exception {
    Path state = swarm.dir("state");
    Path out = swarm.dir("out");
    // The tests' JVM turns the manifest cache off (-Dp2p.manifest-cache=): a node with state has it.
    Map<String, Object> settings = Map.of("p2p.state-dir", state.toString(), "p2p.chunk-size", CHUNK,
        "p2p.manifest-cache", "on");
    // 1 MiB at 256 KiB/s: about 4 s, time enough to stop the node half-way.
    Path big = swarm.file("big.bin", 1024 * 1024, 7);
    Manifest bigM = swarm.seeder("seed", big, Map.of("p2p.chunk-size", CHUNK, "p2p.upload-limit", 256 * 1024)).manifest();
    Path one = swarm.file("one.bin", 100_000, 1);
    Path two = swarm.file("two.bin", 200_000, 2);

    LocalPeer first = swarm.peer("first", settings);
    assertEquals(new Restorer.Restored(0, 0, 0, List.of()), await(first.resumeState()), "nothing saved yet");
    FileId idOne = await(first.share(one)).id();
    FileId idTwo = await(first.share(two)).id();
    first.download(bigM.id(), out);
    Path bitmap = PartialFile.bitmapPathFor(out, bigM.id());
    swarm.eventually(Duration.ofSeconds(30), () -> assertTrue(SwarmFixture.chunksOnDisk(bitmap) >= 4, "some chunks on disk"));
    swarm.eventually(Duration.ofSeconds(30), () -> assertTrue(await(first.totals()).downloaded() > 0));
    long firstRun = await(first.totals()).downloaded();
    String nodeId = first.peerId();
    await(first.stop());
    int before = SwarmFixture.chunksOnDisk(bitmap);
    assertTrue(before < bigM.numChunks(), "stopped half-way: " + before);

    LocalPeer again = swarm.peer("again", settings);
    EventRecorder events = swarm.record(again);
    assertEquals(nodeId, again.peerId(), "the same identity, from identity.pem in the state folder");
    Restorer.Restored r = await(again.resumeState());
    assertEquals(new Restorer.Restored(2, 0, 1, List.of()), r, "both shared again, neither hashed");

    swarm.eventually(SwarmFixture.TIMEOUT, () -> assertTrue(await(again.history()).stream()
        .anyMatch(e -> e.id().equals(bigM.id())), "the download ended"));
    HistoryEntry done = await(again.history()).get(0);
    assertEquals(bigM.id(), done.id());
    assertTrue(done.completed(), done.reason());
    assertEquals("big.bin", done.name());
    assertEquals(bigM.size(), done.size());
    assertEquals(1, done.peers());
    assertTrue(done.bytesPerSecond() > 0);
    assertArrayEquals(Files.readAllBytes(big), Files.readAllBytes(out.resolve("big.bin")));
    assertEquals(List.of(), events.ofType(TransferEvent.Hashing.class), "no file was hashed");
    Set<FileId> shared = events.ofType(TransferEvent.Shared.class).stream().map(TransferEvent.Shared::fileId)
        .collect(Collectors.toSet());
    assertEquals(Set.of(idOne, idTwo), shared);
    int resumed = events.ofType(TransferEvent.Located.class).get(0).resumedChunks();
    assertTrue(resumed >= before, "resumed " + resumed + " chunks of the " + before + " on disk");

    // Someone downloads one.bin from the restarted node: its uploads count.
    Path got = swarm.download(swarm.peer("leech"), idOne, swarm.dir("leech-out")).path();
    assertArrayEquals(Files.readAllBytes(one), Files.readAllBytes(got));
    swarm.eventually(Duration.ofSeconds(20), () -> {
      Totals t = await(again.totals());
      assertTrue(t.uploaded() >= Files.size(one), "uploaded " + t);
      // The second run's chunks and what the first had counted (its last progress tick, a quarter
      // of a second, may be cut short by the stop).
      assertTrue(t.downloaded() >= firstRun + bigM.size() - (long) resumed * CHUNK, "downloaded over both runs " + t);
    });
  }
}
