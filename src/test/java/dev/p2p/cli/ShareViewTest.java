package dev.p2p.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.p2p.storage.FileId;
import dev.p2p.transfer.TransferEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ShareViewTest {
  static final long MIB = 1 << 20;
  static final long SECOND = 1_000_000_000L;
  static final FileId ID = new FileId("ab".repeat(32));

  final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  final AtomicLong now = new AtomicLong();
  final ShareView view = new ShareView(new PrintStream(bytes, true, StandardCharsets.UTF_8), now::get);

  List<String> lines() {
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void aBigFileSaysHowFarItsHashingIsAtMostOnceASecondAndWhenItIsDone() {
    Path file = Path.of("/data/movie.bin");
    long total = 2048 * MIB;
    view.accept(new TransferEvent.Hashing("n", file, 0, total));
    now.addAndGet(SECOND / 10);
    view.accept(new TransferEvent.Hashing("n", file, 100 * MIB, total));
    now.addAndGet(SECOND);
    view.accept(new TransferEvent.Hashing("n", file, 1024 * MIB, total));
    view.accept(new TransferEvent.Hashing("n", file, total, total));
    assertEquals(List.of("hashing movie.bin: 0% (0 B of 2.0 GiB)", "hashing movie.bin: 50% (1.0 GiB of 2.0 GiB)",
        "hashing movie.bin: 100% (2.0 GiB of 2.0 GiB)"), lines());
  }

  @Test
  void aSmallFileHashesSilently() {
    view.accept(new TransferEvent.Hashing("n", Path.of("a.txt"), 0, MIB));
    view.accept(new TransferEvent.Hashing("n", Path.of("a.txt"), MIB, MIB));
    assertEquals(List.of(), lines());
  }

  @Test
  void uploadsAreOneLineEveryTenSecondsAndOneWhenTheyStop() {
    view.accept(new TransferEvent.Shared("n", ID, "movie\u001b[2J.bin", 10 * MIB, Path.of("/data/movie.bin")));
    view.accept(new TransferEvent.Uploading("n", ID, 2, MIB, 5 * MIB));
    now.addAndGet(SECOND);
    view.accept(new TransferEvent.Uploading("n", ID, 2, 6 * MIB, 5 * MIB));
    now.addAndGet(10 * SECOND);
    view.accept(new TransferEvent.Uploading("n", ID, 1, 50 * MIB, 4 * MIB));
    view.accept(new TransferEvent.Uploading("n", ID, 0, 60 * MIB, 0));
    view.accept(new TransferEvent.Uploading("n", ID, 0, 60 * MIB, 0));
    assertEquals(List.of("uploading movie?[2J.bin to 2 peer(s) at 5.0 MiB/s (1.0 MiB served)",
        "uploading movie?[2J.bin to 1 peer(s) at 4.0 MiB/s (50.0 MiB served)",
        "movie?[2J.bin: nobody is downloading it now (60.0 MiB served in all)"), lines());
  }
}
