package dev.p2p.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.app.NodeFacade.HistoryEntry;
import dev.p2p.app.NodeFacade.Totals;
import dev.p2p.state.StateStore;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import dev.p2p.transfer.Download;
import dev.p2p.transfer.TransferEvent;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.LongStream;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recorder's rules, event by event, against a real state.db. */
class StateRecorderTest {
  static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @TempDir Path dir;
  NodeState state;
  ActorRef<StateRecorder.Command> recorder;

  static final FileId ID = new FileId("d".repeat(64));
  static final Manifest M = new Manifest(ID, "film.mkv", 3000, 1024, List.of("1".repeat(64), "2".repeat(64), "3".repeat(64)));

  @BeforeEach
  void start() {
    state = NodeState.open(AppSettings.load(Map.of("p2p.state-dir", dir.toString())), Runnable::run);
    recorder = testKit.spawn(StateRecorder.create(state, state.manifests()));
  }

  @AfterEach
  void stop() {
    TestProbe<Done> closed = testKit.createTestProbe();
    recorder.tell(new StateRecorder.Close(closed.getRef()));
    closed.expectMessage(Done.getInstance());
    state.close();
  }

  private static List<TransferEvent.PeerStat> peers(long... bytes) {
    return LongStream.of(bytes)
        .mapToObj(b -> new TransferEvent.PeerStat("127.0.0.1:" + b, b, 1, 0, 0, false)).toList();
  }

  private void event(TransferEvent e) {
    recorder.tell(new StateRecorder.Event(e));
  }

  private void end(Download.Outcome o) {
    TestProbe<Done> recorded = testKit.createTestProbe();
    recorder.tell(new StateRecorder.Ended(ID, o, recorded.getRef()));
    recorded.expectMessage(Done.getInstance());
  }

  private Totals totals() {
    TestProbe<Totals> p = testKit.createTestProbe();
    recorder.tell(new StateRecorder.GetTotals(p.getRef()));
    return p.receiveMessage();
  }

  private List<HistoryEntry> history() {
    TestProbe<StatusReply<List<HistoryEntry>>> p = testKit.createTestProbe();
    recorder.tell(new StateRecorder.History(10, p.getRef()));
    return p.receiveMessage().getValue();
  }

  private List<StateStore.Download> savedDownloads() {
    return state.store().toCompletableFuture().join().orElseThrow().downloads();
  }

  @Test
  void aDownloadsBytesCountOnceEvenWhenItsLastEventsComeAfterItsEnd() {
    event(new TransferEvent.Locating("n", ID));
    event(new TransferEvent.Progress("n", ID, 1024, 3000, 1, 3, 0, peers(1024)));
    event(new TransferEvent.Progress("n", ID, 2048, 3000, 2, 3, 0, peers(1024, 1024)));
    end(new Download.Finished(dir.resolve("film.mkv"), M, 2.0, peers(1024, 1976)));
    // The Completed event travels on another stream than the end: it may come after it.
    event(new TransferEvent.Completed("n", ID, dir.resolve("film.mkv"), 3000, 2.0, peers(1024, 1976)));
    assertEquals(new Totals(0, 3000), totals());
    HistoryEntry h = history().get(0);
    assertEquals(new HistoryEntry(ID, "film.mkv", 3000, h.ended(), true, "", 1500.0, 2), h);
  }

  @Test
  void aKeptDownloadIsSavedUntilItEndsAndSharedOnceDone() {
    recorder.tell(StateRecorder.Keep.INSTANCE);
    recorder.tell(new StateRecorder.Started(new StateStore.Download(ID, dir, "", Optional.empty(), Instant.now())));
    event(new TransferEvent.Located("n", ID, "film.mkv", 3000, 3, 1, 0));
    assertEquals(List.of(), history()); // an answer: everything sent before is handled
    assertEquals("film.mkv", savedDownloads().get(0).name(), "named once the tracker said it");
    end(new Download.Finished(dir.resolve("film.mkv"), M, 1.0, peers(3000)));
    assertEquals(List.of(), savedDownloads());
    assertEquals(List.of(ID), state.store().toCompletableFuture().join().orElseThrow().shares().stream()
        .map(StateStore.Share::id).toList(), "a node seeds what it downloaded");
  }

  @Test
  void aDownloadCutShortByTheStopIsKeptToResumeAndIsNoFailure() {
    recorder.tell(StateRecorder.Keep.INSTANCE);
    recorder.tell(new StateRecorder.Started(new StateStore.Download(ID, dir, "", Optional.empty(), Instant.now())));
    recorder.tell(StateRecorder.Stopping.INSTANCE);
    end(new Download.Aborted(ID, "cancelled"));
    assertEquals(List.of(), history());
    assertEquals(List.of(ID), savedDownloads().stream().map(StateStore.Download::id).toList());
  }

  @Test
  void aFailedDownloadIsHistoryWithItsReasonAndIsNotResumed() {
    recorder.tell(StateRecorder.Keep.INSTANCE);
    recorder.tell(new StateRecorder.Started(new StateStore.Download(ID, dir, "", Optional.empty(), Instant.now())));
    event(new TransferEvent.Locating("n", ID));
    event(new TransferEvent.Located("n", ID, "film.mkv", 3000, 3, 1, 0));
    event(new TransferEvent.Progress("n", ID, 1024, 3000, 1, 3, 0, peers(1024)));
    end(new Download.Aborted(ID, "every peer failed"));
    event(new TransferEvent.Failed("n", ID, "every peer failed")); // a download's, not a share's end
    HistoryEntry h = history().get(0);
    assertEquals("every peer failed", h.reason());
    assertEquals(3000, h.size());
    assertEquals(1, h.peers());
    assertTrue(h.bytesPerSecond() > 0);
    assertEquals(List.of(), savedDownloads());
  }

  @Test
  void aShareThatEndsIsForgottenAndUploadsCountOncePerByte() {
    recorder.tell(StateRecorder.Keep.INSTANCE);
    recorder.tell(new StateRecorder.Shared(new StateStore.Share(ID, dir.resolve("film.mkv"), "film.mkv", 3000,
        Optional.empty())));
    event(new TransferEvent.Uploading("n", ID, 1, 1000, 1000));
    event(new TransferEvent.Uploading("n", ID, 1, 2500, 1500));
    event(new TransferEvent.Uploading("n", ID, 0, 2500, 0));
    event(new TransferEvent.Failed("n", ID, "private share ended: revoked"));
    assertEquals(new Totals(2500, 0), totals());
    assertEquals(List.of(), state.store().toCompletableFuture().join().orElseThrow().shares());
  }
}
