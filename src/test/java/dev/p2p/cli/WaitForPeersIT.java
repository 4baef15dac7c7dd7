package dev.p2p.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.protocol.Message.PeerInfo;
import dev.p2p.storage.Manifest;
import dev.p2p.storage.PartialFile;
import dev.p2p.storage.SharedFile;
import dev.p2p.testing.HostilePeer;
import dev.p2p.testing.SwarmFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code p2p get} in its own JVM when its only sharer goes away mid-way: it says at once what it
 * waits for, goes on when a sharer comes back within {@code --wait}, and otherwise exits 4 with
 * the chunks it keeps and a resume command that, pasted, finishes the file. A get that never had
 * a chunk is never listed by the tracker.
 */
class WaitForPeersIT {
  @RegisterExtension static final SwarmFixture swarm = new SwarmFixture();
  static final int CHUNK = 32 * 1024;
  /** The sharers' settings: 32 KiB chunks at 512 KiB/s, so a 2 MiB file takes about 4 s. */
  static final Map<String, Object> SLOW = Map.of("p2p.chunk-size", CHUNK, "p2p.upload-limit", 512 * 1024);

  private static String tracker() {
    return "127.0.0.1:" + swarm.trackerAddress().getPort();
  }

  private static ChildP2p get(String name, String... args) throws Exception {
    return ChildP2p.start(swarm.dir(), name, List.of(), args);
  }

  /** A get under way, of the file {@code manifest} describes. */
  private record Started(ChildP2p run, Manifest manifest) {}

  /** Starts the get, and stops the only sharer once a few chunks are on disk. */
  private static Started getAndStopTheSharerMidWay(Path src, Path out, String wait) throws Exception {
    SwarmFixture.Seeder s = swarm.seeder("seed", src, SLOW);
    Path bitmap = PartialFile.bitmapPathFor(out, s.manifest().id());
    ChildP2p run = get("first", "get", s.manifest().id().hex(), "--tracker", tracker(), "--out", out.toString(),
        "--port", "0", "--no-progress", "--wait", wait);
    swarm.eventually(Duration.ofSeconds(30), () -> {
      assertTrue(run.process().isAlive(), () -> "the get ended early: " + run.stderr());
      assertTrue(SwarmFixture.chunksOnDisk(bitmap) >= 4, "no chunks within 30 s");
    });
    SwarmFixture.await(s.peer().stop());
    return new Started(run, s.manifest());
  }

  @Test
  void withItsOnlySharerGoneItExits4SayingWhatIsKeptAndThePastedResumeCommandFinishes() throws Exception {
    Path src = swarm.file("video.bin", 2 * 1024 * 1024, 5);
    Path out = swarm.dir("out");
    Started started = getAndStopTheSharerMidWay(src, out, "2s");
    ChildP2p first = started.run();
    assertEquals(4, first.waitForExit(), first.stderr());
    List<String> lines = first.stderr().lines().toList();
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("waiting: no peer has the missing ")
        && l.contains("went away") && l.endsWith("; asking the tracker again in 1 s")), first.stderr());
    assertFalse(first.stderr().contains("asking another peer"), "there was no other peer: " + first.stderr());
    Path part = PartialFile.partPathFor(out, started.manifest().id());
    String error = lines.stream().filter(l -> l.startsWith("error: ")).findFirst().orElseThrow();
    assertTrue(error.startsWith("error: gave up after waiting 2 s: no peer has the missing "), error);
    int kept = SwarmFixture.chunksOnDisk(PartialFile.bitmapPathFor(out, started.manifest().id()));
    assertTrue(error.endsWith("; " + kept + " of 64 chunks are kept in " + part.toAbsolutePath()), error);
    String resume = lines.get(lines.size() - 1);
    assertTrue(resume.startsWith("to resume: p2p get "), first.stderr());

    // A sharer is back (another node, another port): the pasted command finishes the file.
    swarm.seeder("seed-again", src, Map.of("p2p.chunk-size", CHUNK));
    String[] args = resume.substring("to resume: p2p ".length()).split(" ");
    assertFalse(Arrays.stream(args).anyMatch(a -> a.contains("'")), "nothing here needs quoting: " + resume);
    ChildP2p second = get("second", args);
    assertEquals(0, second.waitForExit(), second.stderr());
    assertArrayEquals(Files.readAllBytes(src), Files.readAllBytes(Path.of(second.stdout().strip())));
  }

  @Test
  void aSharerThatComesBackWithinTheWaitLetsTheSameGetFinish() throws Exception {
    Path src = swarm.file("video.bin", 2 * 1024 * 1024, 6);
    Path out = swarm.dir("out");
    ChildP2p run = getAndStopTheSharerMidWay(src, out, "60s").run();
    swarm.eventually(Duration.ofSeconds(30), () -> assertTrue(run.stderr().lines()
        .anyMatch(l -> l.startsWith("waiting: no peer has the missing ")), "it says what it waits for: " + run.stderr()));
    assertTrue(run.process().isAlive(), run.stderr());
    swarm.seeder("seed-again", src, Map.of("p2p.chunk-size", CHUNK));
    assertEquals(0, run.waitForExit(), run.stderr());
    assertArrayEquals(Files.readAllBytes(src), Files.readAllBytes(Path.of(run.stdout().strip())));
  }

  @Test
  void aGetThatNeverHadAChunkIsNeverListedByTheTracker() throws Exception {
    Path src = swarm.file("doc.bin", 256 * 1024, 7);
    Manifest m;
    try (SharedFile f = SharedFile.hashAndOpen(src, CHUNK, done -> {})) {
      m = f.manifest();
    }
    // It claims every chunk and refuses each request: the get connects, and gets nothing.
    HostilePeer liar = swarm.hostilePeer(src, m, HostilePeer.Mode.NO_CHUNK);
    ChildP2p run = get("never", "get", m.id().hex(), "--tracker", tracker(), "--out", swarm.dir("out").toString(),
        "--port", "0", "--no-progress", "--wait", "2s");
    int asked = 0;
    do {
      List<PeerInfo> listed = SwarmFixture.await(swarm.trackerClient().peers(m.id())).peers();
      assertEquals(List.of(liar.port()), listed.stream().map(PeerInfo::port).toList(), "listed: " + listed);
      asked++;
    } while (run.process().isAlive());
    assertEquals(4, run.waitForExit(), run.stderr());
    assertTrue(run.stderr().contains("; 0 of 8 chunks are kept in "), run.stderr());
    assertTrue(asked > 5, "the tracker was asked while the get ran: " + asked);
    assertEquals(List.of(liar.port()), SwarmFixture.await(swarm.trackerClient().peers(m.id())).peers().stream()
        .map(PeerInfo::port).toList());
  }
}
