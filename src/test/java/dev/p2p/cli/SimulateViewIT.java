package dev.p2p.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.app.LocalPeer;
import dev.p2p.app.SwarmRun;
import dev.p2p.storage.Manifest;
import dev.p2p.testing.SwarmFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The result table of a real swarm run in which one peer cannot write its download. */
class SimulateViewIT {
  @RegisterExtension static final SwarmFixture swarm = new SwarmFixture();

  @Test
  void theTableCountsThePeerThatCannotWriteAndTheOthersFinish() throws Exception {
    Path src = swarm.file("sim.bin", 512 * 1024, 7);
    Map<String, Object> small = Map.of("p2p.chunk-size", 64 * 1024);
    SwarmFixture.Seeder seeder = swarm.seeder("seed", src, small);
    Manifest m = seeder.manifest();
    List<LocalPeer> peers = new ArrayList<>();
    List<Path> dirs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      peers.add(swarm.peer("p" + i, small));
      dirs.add(swarm.dir("p" + i));
    }
    // Peer 2's download folder is a file: nothing can be written under it (even by root).
    Path notAFolder = swarm.dir().resolve("not-a-folder");
    Files.writeString(notAFolder, "x");
    dirs.set(2, notAFolder);

    SwarmRun.Report r = SwarmRun.start(peers, dirs, m.id(), m.size(), SwarmFixture.key(seeder.peer().address()))
        .report().get(60, TimeUnit.SECONDS);
    List<String> rows = SimulateView.table(r);

    assertEquals("peers       3 finished, 1 failed (of 4)", rows.get(0));
    assertTrue(rows.get(1).startsWith("failed      1 x disk (exit 6), first: peer 2: cannot write to "), rows.get(1));
    assertTrue(rows.get(1).contains("not-a-folder"), rows.get(1));
    assertTrue(rows.stream().anyMatch(row -> row.matches("per peer    fastest [0-9.]+ s, median [0-9.]+ s, slowest [0-9.]+ s")), rows.toString());
    assertTrue(rows.stream().anyMatch(row -> row.matches("chunks      \\d+ from the seeder \\(\\d+%\\), \\d+ from re-sharing peers \\(\\d+%\\)")), rows.toString());
    assertEquals(3L * m.numChunks(), r.chunksFromSeeder() + r.chunksFromPeers());
    assertEquals("exit code   6", rows.get(rows.size() - 1));
    assertEquals(6, SimulateView.exitCode(r));
  }
}
