package dev.p2p.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.app.NodeFacade.DownloadResult;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import dev.p2p.storage.PartialFile;
import dev.p2p.testing.EventRecorder;
import dev.p2p.testing.SwarmFixture;
import dev.p2p.text.UserText;
import dev.p2p.transfer.TransferEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Pause, resume and cancel through the facade, on a real swarm over loopback TCP. */
class PauseResumeIT {
  @RegisterExtension static final SwarmFixture swarm = new SwarmFixture();
  static final Duration WAIT = Duration.ofSeconds(20);

  /** About 3 s of upload at 1 MiB/s: the download is still running when the test acts. */
  static final Map<String, Object> SLOW = Map.of("p2p.chunk-size", 64 * 1024, "p2p.upload-limit", 1024 * 1024);

  Path src;
  Manifest m;
  LocalPeer d;

  void seedAndStart() throws Exception {
    src = swarm.file("data.bin", 3 * 1024 * 1024, 11);
    m = swarm.seeder("seed", src, SLOW).manifest();
    d = swarm.peer("out");
  }

  /** Starts the download and waits until it has verified a chunk or two. */
  CompletableFuture<DownloadResult> startAndWaitForChunks(EventRecorder events) {
    CompletableFuture<DownloadResult> result = d.download(m.id(), swarm.dir("out")).toCompletableFuture();
    swarm.eventually(WAIT, () -> assertTrue(events.ofType(TransferEvent.Progress.class).stream()
        .anyMatch(p -> p.chunksDone() > 0), "a chunk is in"));
    return result;
  }

  static String failure(CompletableFuture<?> f) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
    return UserText.oneLine(UserText.unwrap(e));
  }

  @Test
  void pausedThenResumedTheDownloadCompletesWithTheRightBytes() throws Exception {
    seedAndStart();
    try (EventRecorder events = swarm.record(d)) {
      CompletableFuture<DownloadResult> result = startAndWaitForChunks(events);
      SwarmFixture.await(d.pause(m.id()));
      swarm.eventually(WAIT, () -> assertTrue(events.lastOfType(TransferEvent.Paused.class).isPresent()));
      assertTrue(Files.exists(PartialFile.partPathFor(swarm.dir("out"), m.id())), "the .part stays");
      assertFalse(result.isDone(), "a pause does not end the download");
      String again = failure(d.pause(m.id()).toCompletableFuture());
      assertEquals("the download of " + m.id().hex() + " is paused already", again);

      SwarmFixture.await(d.resume(m.id()));
      DownloadResult r = SwarmFixture.await(result);
      assertArrayEquals(Files.readAllBytes(src), Files.readAllBytes(r.path()));
      swarm.eventually(WAIT, () -> assertTrue(events.lastOfType(TransferEvent.Resumed.class).isPresent()));
    }
  }

  @Test
  void cancelEndsTheDownloadDeletesItsPartialFileAndUnregistersIt() throws Exception {
    seedAndStart();
    try (EventRecorder events = swarm.record(d)) {
      CompletableFuture<DownloadResult> result = startAndWaitForChunks(events);
      // Registered as a (partial) source at its first chunk: the seeder and this downloader.
      swarm.eventually(WAIT, () -> assertEquals(2, SwarmFixture.await(swarm.trackerClient().peers(m.id())).total()));
      SwarmFixture.await(d.cancel(m.id()));
      assertTrue(result.isCompletedExceptionally(), "the download's stage has ended when cancel completes");
      assertEquals("cancelled", failure(result));
      assertFalse(Files.exists(PartialFile.partPathFor(swarm.dir("out"), m.id())), "the .part is deleted");
      assertFalse(Files.exists(PartialFile.bitmapPathFor(swarm.dir("out"), m.id())), "its bitmap too");
      assertFalse(Files.exists(swarm.dir("out").resolve("data.bin")));
      swarm.eventually(WAIT, () -> assertEquals(1, SwarmFixture.await(swarm.trackerClient().peers(m.id())).total(),
          "unregistered at once, not after the tracker's TTL"));

      // Asked again, it starts afresh: nothing of the cancelled one is left to resume.
      DownloadResult again = swarm.download(d, m.id(), swarm.dir("out"));
      assertArrayEquals(Files.readAllBytes(src), Files.readAllBytes(again.path()));
      assertEquals(0, events.lastOfType(TransferEvent.Located.class).orElseThrow().resumedChunks());
    }
  }

  @Test
  void pauseResumeAndCancelOfADownloadThatIsNotRunningFailInOneLine() throws Exception {
    LocalPeer p = swarm.peer("idle");
    FileId unknown = new FileId("ef".repeat(32));
    String expected = "no download of " + unknown.hex() + " is running on this node";
    assertEquals(expected, failure(p.pause(unknown).toCompletableFuture()));
    assertEquals(expected, failure(p.resume(unknown).toCompletableFuture()));
    assertEquals(expected, failure(p.cancel(unknown).toCompletableFuture()));
  }
}
