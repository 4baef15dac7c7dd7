package dev.p2p.app;

import static dev.p2p.testing.SwarmFixture.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.app.NodeFacade.HistoryEntry;
import dev.p2p.state.StateStore;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Hashing;
import dev.p2p.storage.ShareLink;
import dev.p2p.testing.SwarmFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a node with a state folder records, and what a restart makes of it. */
class StateRecordingIT {
  @RegisterExtension static final SwarmFixture swarm = new SwarmFixture();

  private Map<String, Object> state() {
    // The tests' JVM turns the manifest cache off (-Dp2p.manifest-cache=): a node with state has it.
    return Map.of("p2p.state-dir", swarm.dir("state").toString(), "p2p.manifest-cache", "on");
  }

  @Test
  void aFailedDownloadIsInTheHistoryWithItsReason() throws Exception {
    LocalPeer n = swarm.peer("n", state());
    FileId nobody = new FileId("c".repeat(64));
    ExecutionException e = assertThrows(ExecutionException.class, () -> await(n.download(nobody, swarm.dir("out"))));
    // The download's stage completes once its end is in the history: no wait needed.
    HistoryEntry h = await(n.history()).get(0);
    assertEquals(nobody, h.id());
    assertFalse(h.completed());
    assertEquals(e.getCause().getMessage(), h.reason());
    assertEquals(-1, h.size(), "never located: size unknown");
  }

  @Test
  void anUnusableStateIsOneLineAndTheNodeWorksWithoutIt() throws Exception {
    Path junk = Files.writeString(Files.createDirectories(swarm.dir("state")).resolve(StateStore.FILE),
        "not sqlite ".repeat(100));
    LocalPeer n = swarm.peer("n", state());
    Path f = swarm.file("f.bin", 50_000, 1);
    assertEquals(Hashing.fileId(f, x -> { }), await(n.share(f)).id(), "shares as ever");
    ExecutionException e = assertThrows(ExecutionException.class, () -> await(n.history()));
    assertEquals("cannot use " + junk + ": file is not a database; running without saved state"
        + " (history, shares to resume)", e.getCause().getMessage());
    Restorer.Restored r = await(n.resumeState());
    assertEquals(List.of(e.getCause().getMessage()), r.notes());
    assertEquals("not sqlite ".repeat(100), Files.readString(junk), "left as it was");
  }

  @Test
  void aPrivateShareKeepsItsKeyAcrossARestartAndItsLinkStillWorks() throws Exception {
    Path f = swarm.file("secret.bin", 80_000, 3);
    LocalPeer first = swarm.peer("first", state());
    await(first.resumeState());
    ShareLink link = await(first.share(f, ShareOptions.privateShare()));
    await(first.stop());

    LocalPeer again = swarm.peer("again", state());
    assertEquals(new Restorer.Restored(1, 0, 0, List.of()), await(again.resumeState()));
    Path got = await(swarm.peer("friend").download(link, swarm.dir("friend-out"))).path();
    assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(got));
  }

  @Test
  void unsharedGoneAndChangedFilesAreNotSharedAgainAsTheyWere() throws Exception {
    Path kept = swarm.file("kept.bin", 40_000, 1);
    Path removed = swarm.file("removed.bin", 40_000, 2);
    Path gone = swarm.file("gone.bin", 40_000, 3);
    Path changed = swarm.file("changed.bin", 40_000, 4);
    LocalPeer first = swarm.peer("first", state());
    await(first.resumeState());
    for (Path p : List.of(kept, removed, gone, changed)) await(first.share(p));
    await(first.unshare(Hashing.fileId(removed, x -> { })));
    await(first.stop());
    FileId goneId = Hashing.fileId(gone, x -> { });
    Files.delete(gone);
    Files.write(changed, SwarmFixture.bytes(40_000, 99));
    FileId now = Hashing.fileId(changed, x -> { });

    LocalPeer again = swarm.peer("again", state());
    Restorer.Restored r = await(again.resumeState());
    assertEquals(2, r.shared(), r.toString());
    assertEquals(1, r.hashed(), "only the changed file: " + r);
    assertEquals(gone + " is gone: no longer shared (" + goneId.shortHex() + ")", r.notes().get(0));
    assertTrue(r.notes().get(1).equals(changed + " changed since it was shared: shared again as " + now.hex()),
        r.notes().toString());
    // The tracker lists the restarted node for the kept file and the new content, not the others.
    Path got = swarm.download(swarm.peer("leech"), now, swarm.dir("leech-out")).path();
    assertArrayEquals(Files.readAllBytes(changed), Files.readAllBytes(got));
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> await(swarm.peer("other").download(Hashing.fileId(removed, x -> { }), swarm.dir("o"))));
    assertTrue(e.getCause().getMessage().length() > 0);
  }
}
