package dev.p2p.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.p2p.peer.Library;
import dev.p2p.peer.PeerConnection;
import dev.p2p.protocol.Message.PeerInfo;
import dev.p2p.storage.Manifest;
import dev.p2p.storage.PartialFile;
import dev.p2p.storage.SharedFile;
import dev.p2p.tracker.TrackerClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The download actor alone: the tracker is a future the test completes, every peer connection a
 * probe the test answers for, time is {@link ManualTime}; the file and its SHA-256 checks are real.
 */
class DownloadTest {
  static final ActorTestKit testKit = ActorTestKit.create(
      ManualTime.config().withFallback(ConfigFactory.load("application-test")));
  static final ManualTime manualTime = ManualTime.get(testKit.system());
  static final Duration WAIT = Duration.ofSeconds(5);
  static final int CHUNK = Manifest.MIN_CHUNK_SIZE;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @TempDir Path dir;

  /** A partial file open that waits until the test lets it finish, and keeps what it opened. */
  static final class HeldOpener implements Download.PartialFileOpener {
    final CompletableFuture<Void> release = new CompletableFuture<>();
    final CompletableFuture<Void> started = new CompletableFuture<>();
    final BlockingQueue<PartialFile> opened = new LinkedBlockingQueue<>();

    @Override
    public PartialFile open(Path dir, Manifest manifest) throws IOException {
      started.complete(null);
      release.orTimeout(10, TimeUnit.SECONDS).join();
      PartialFile f = PartialFile.open(dir, manifest);
      opened.add(f);
      return f;
    }
  }

  /** Open file descriptors of this JVM that point at {@code path} (Linux: /proc/self/fd). */
  static long openDescriptorsOf(Path path) throws IOException {
    Path real = path.toRealPath();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.filter(fd -> {
        try {
          return Files.readSymbolicLink(fd).equals(real);
        } catch (IOException | UnsupportedOperationException gone) {
          return false; // closed meanwhile, or the listing's own descriptor
        }
      }).count();
    }
  }

  private Manifest manifestOf(byte[] data) throws IOException {
    Path src = Files.write(dir.resolve("src.bin"), data);
    try (SharedFile f = SharedFile.hashAndOpen(src, CHUNK, done -> {})) {
      return f.manifest();
    }
  }

  @Test
  void cancelWhileThePartialFileOpensClosesItOnceOpenedAndReportsOnce() throws Exception {
    byte[] data = new byte[3 * CHUNK + 100];
    new Random(3).nextBytes(data);
    Manifest m = manifestOf(data);
    Path out = dir.resolve("out");
    CompletableFuture<TrackerClient.Located> located = CompletableFuture.completedFuture(
        new TrackerClient.Located(m, List.of(new PeerInfo("seeder", "127.0.0.1", 7001))));
    HeldOpener opener = new HeldOpener();
    TestProbe<Download.Outcome> outcome = testKit.createTestProbe();
    TestProbe<Manifest> announce = testKit.createTestProbe();
    TestProbe<TransferEvent> events = testKit.createTestProbe();
    Download.ConnectionFactory noPeers = (peer, address, id, n, owner) -> {
      throw new AssertionError("no peer is contacted before the file is open");
    };
    Download.Deps deps = new Download.Deps(id -> located, noPeers, new Library(),
        announce.getRef(), events.getRef(), opener, System::nanoTime);
    Download.Settings settings = new Download.Settings(out, Duration.ofSeconds(1), 3, 4, 4,
        "me", "127.0.0.1", 7000);
    ActorRef<Download.Command> d = testKit.spawn(Download.create(m.id(), settings, deps,
        outcome.getRef()));
    opener.started.get(5, TimeUnit.SECONDS);
    d.tell(Download.Cancel.INSTANCE);
    opener.release.complete(null);
    PartialFile opened = opener.opened.poll(5, TimeUnit.SECONDS);
    assertTrue(opened != null, "the open ran to its end");
    Download.Aborted a = outcome.expectMessageClass(Download.Aborted.class, WAIT);
    assertEquals("cancelled", a.reason());
    Path part = PartialFile.partPathFor(out, m.id());
    Path bitmap = PartialFile.bitmapPathFor(out, m.id());
    testKit.createTestProbe().awaitAssert(WAIT, () -> {
      try {
        assertEquals(0, openDescriptorsOf(part), "data channel closed");
        assertEquals(0, openDescriptorsOf(bitmap), "bitmap channel closed");
      } catch (IOException e) {
        throw new AssertionError(e);
      }
      return null;
    });
    outcome.expectNoMessage(Duration.ofMillis(200));
    assertFalse(Files.exists(out.resolve(m.name())));
  }
}
