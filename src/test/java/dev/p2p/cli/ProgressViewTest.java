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
}
