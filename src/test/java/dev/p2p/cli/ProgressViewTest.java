package dev.p2p.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.p2p.storage.FileId;
import dev.p2p.transfer.TransferEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
}
