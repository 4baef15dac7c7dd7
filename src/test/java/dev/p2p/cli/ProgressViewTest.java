package dev.p2p.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.storage.FileId;
import dev.p2p.transfer.TransferEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ProgressViewTest {
  @Test
  void aManifestFoundWrongIsOneLineOfItsOwn() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressView view = new ProgressView(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
    String line = "file 01234567: the tracker's first manifest was wrong (from 1 peer), trying the next of 2";
    view.accept(new TransferEvent.ManifestRejected("me", new FileId("01".repeat(32)), line));
    assertEquals(line + System.lineSeparator(), bytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  void withoutTheProgressLineOnlyAManifestFoundWrongIsPrinted() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    var notes = ProgressView.manifestNotes(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    FileId id = new FileId("01".repeat(32));
    notes.accept(new TransferEvent.Verifying("me", id));
    notes.accept(new TransferEvent.ManifestRejected("me", id, "file 01010101: the tracker's first"
        + " manifest was wrong (from 1 peer), trying the next of 2"));
    assertEquals("file 01010101: the tracker's first manifest was wrong (from 1 peer), trying the next of 2"
        + System.lineSeparator(), bytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aNameOrReasonFromTheNetworkCannotDriveTheTerminal() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressView view = new ProgressView(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
    view.accept(new TransferEvent.Located("me", null, "evil\u001b[2J\u202ename.bin", 1024, 1, 1, 0));
    view.accept(new TransferEvent.PeerLost("me", null, "1.2.3.4:5", "bye\r\u001b[1A"));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertFalse(out.contains("\u001b") || out.contains("\u202e") || out.contains("\r"), out);
    assertTrue(out.contains("evil?[2J?name.bin"), out);
  }

  @Test
  void aDownloadSaysAtOnceWhatItLooksUpAndWhatItWaitsFor() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressView view = new ProgressView(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
    FileId id = new FileId("01".repeat(32));
    view.accept(new TransferEvent.Locating("me", id));
    view.accept(new TransferEvent.Waiting("me", id, "tracker 127.0.0.1:5000 is unreachable (Connection refused)",
        Duration.ofSeconds(2)));
    assertEquals(List.of("looking up 01010101… at the tracker", "waiting: tracker 127.0.0.1:5000 is unreachable"
        + " (Connection refused); asking the tracker again in 2 s"), bytes.toString(StandardCharsets.UTF_8).lines().toList());
    ByteArrayOutputStream quiet = new ByteArrayOutputStream();
    var notes = ProgressView.manifestNotes(new PrintStream(quiet, true, StandardCharsets.UTF_8));
    notes.accept(new TransferEvent.Locating("me", id));
    notes.accept(new TransferEvent.Waiting("me", id, "tracker down", Duration.ofMillis(500)));
    assertEquals("waiting: tracker down; asking the tracker again in 1 s" + System.lineSeparator(),
        quiet.toString(StandardCharsets.UTF_8), "without the progress line, only the wait");
  }

  static final FileId ID = new FileId("01".repeat(32));
  static final long MIB = 1024 * 1024;

  @Test
  void theLineSaysBytesDoneOfTotalRatePeersAndEtaAndFitsTheTerminal() {
    TransferEvent.Progress p = new TransferEvent.Progress("me", ID, 128 * MIB, 256 * MIB, 512, 1024,
        64.0 * MIB, List.of(new TransferEvent.PeerStat("a", 128 * MIB, 512, 2, 0, false)));
    String wide = ProgressView.line(p, 200);
    assertEquals("[##########----------]  50.0%  128.0 MiB / 256.0 MiB  64.0 MiB/s  1 peer(s)  ETA 2 s", wide);
    assertEquals(wide.substring(0, 39), ProgressView.line(p, 40), "one less than the width: no wrap");
  }

  @Test
  void theEndIsOneSummaryLineOverTheProgressLine() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressView view = new ProgressView(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, 80);
    view.accept(new TransferEvent.Completed("me", ID, Path.of("/tmp/x"), 256 * MIB, 4.0, List.of(
        new TransferEvent.PeerStat("a", 200 * MIB, 800, 0, 0, false),
        new TransferEvent.PeerStat("b", 56 * MIB, 224, 0, 0, false),
        new TransferEvent.PeerStat("c", 0, 0, 0, 1, false))));
    assertEquals("\r\u001b[Kdone: 256.0 MiB in 4 s, 64.0 MiB/s on average, from 2 peer(s)" + System.lineSeparator(),
        bytes.toString(StandardCharsets.UTF_8));
  }

  static TransferEvent.Progress at(long bytesDone, double rate) {
    return new TransferEvent.Progress("me", ID, bytesDone, 256 * MIB, (int) (bytesDone / MIB), 256, rate, List.of());
  }

  @Test
  void theEtaHoldsWhileNothingArrivesThenSaysStalledNotHours() {
    // 128 MiB left at the 64 MiB/s of the last chunk: 2 s, however far the smoothed rate decays.
    assertEquals("2 s", ProgressView.eta(at(128 * MIB, 64.0 * MIB), 0, 64.0 * MIB, false));
    assertEquals("2 s", ProgressView.eta(at(128 * MIB, 0.001), 4.9, 64.0 * MIB, false));
    assertEquals("stalled", ProgressView.eta(at(128 * MIB, 0.001), 5, 64.0 * MIB, false));
    // A slow download gets two chunks' time (1 MiB chunks at 64 KiB/s: 32 s) before it counts as stalled.
    assertEquals("34 min 08 s", ProgressView.eta(at(128 * MIB, 0.001), 31, 64.0 * 1024, false));
    assertEquals("stalled", ProgressView.eta(at(128 * MIB, 0.001), 32, 64.0 * 1024, false));
    assertEquals("?", ProgressView.eta(at(0, 0), 0, 0, false), "nothing measured yet");
  }

  @Test
  void whileTheDownloadWaitsForAPeerTheEtaSaysSoUntilABytesArrives() {
    assertEquals("waiting", ProgressView.eta(at(128 * MIB, 0), 1, 64.0 * MIB, true));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressView view = new ProgressView(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, 200);
    view.accept(at(128 * MIB, 64.0 * MIB));
    view.accept(new TransferEvent.Waiting("me", ID, "no peer has the missing 128 chunks (the last one,"
        + " 127.0.0.1:6001, went away: connection refused)", Duration.ofSeconds(1)));
    view.accept(at(128 * MIB, 1.0 * MIB));
    view.accept(at(129 * MIB, 1.0 * MIB)); // a peer is back
    List<String> shown = bytes.toString(StandardCharsets.UTF_8).lines().flatMap(l -> Stream.of(l.split("\r")))
        .filter(l -> !l.isEmpty()).toList();
    assertTrue(shown.get(0).endsWith("ETA 2 s\u001b[K"), shown.toString());
    assertEquals("\u001b[Kwaiting: no peer has the missing 128 chunks (the last one, 127.0.0.1:6001, went away:"
        + " connection refused); asking the tracker again in 1 s", shown.get(1));
    assertTrue(shown.get(2).endsWith("ETA waiting\u001b[K"), shown.toString());
    assertTrue(shown.get(3).endsWith("ETA 2 min 07 s\u001b[K"), shown.toString());
  }

  @Test
  void failuresWithNoOtherPeerToAskAreOneLineWithoutAskingAnotherPeer() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressView view = new ProgressView(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
    for (int i = 20; i < 28; i++) {
      view.accept(new TransferEvent.ChunkRetried("me", ID, i, "127.0.0.1:6001", "connection closed by the peer", false));
    }
    view.accept(new TransferEvent.PeerLost("me", ID, "127.0.0.1:6001", "connection lost"));
    view.accept(new TransferEvent.PeerLost("me", ID, "127.0.0.1:6001", "connection refused"));
    view.accept(new TransferEvent.PeerLost("me", ID, "127.0.0.1:6001", "connection refused")); // tried again
    view.accept(new TransferEvent.ChunkRetried("me", ID, 3, "127.0.0.1:6002", "no answer within 10000 ms", true));
    assertEquals(List.of("chunk 20 failed on 127.0.0.1:6001 (connection closed by the peer)",
        "peer 127.0.0.1:6001 dropped: connection lost", "peer 127.0.0.1:6001 dropped: connection refused",
        "chunk 3 failed on 127.0.0.1:6002 (no answer within 10000 ms); asking another peer"),
        bytes.toString(StandardCharsets.UTF_8).lines().toList());
  }
}
