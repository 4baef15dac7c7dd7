package dev.p2p.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.net.Pin;
import dev.p2p.peer.Library;
import dev.p2p.protocol.Codec;
import dev.p2p.protocol.Message;
import dev.p2p.storage.Manifest;
import dev.p2p.storage.PartialFile;
import dev.p2p.storage.SharedFile;
import dev.p2p.testing.ScriptedTracker;
import dev.p2p.testing.Wire;
import dev.p2p.tracker.TrackerClient;
import dev.p2p.transfer.Download;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REGISTER a node sends for what its library serves, as the tracker receives it. */
class AnnouncerTest {
  static final ActorTestKit testKit = ActorTestKit.create();
  static final Download.Settings SETTINGS = new Download.Settings(Path.of("unused"), Duration.ofSeconds(5),
      3, 4, 4, "peer-7f3a", "127.0.0.1", 6001);

  @TempDir Path dir;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void aFileServedFromItsPartialFileIsRegisteredAsPartialAndOnceVerifiedAsASeeder() throws Exception {
    byte[] data = new byte[3 * Manifest.MIN_CHUNK_SIZE];
    new Random(5).nextBytes(data);
    Manifest m;
    try (SharedFile f = SharedFile.hashAndOpen(Files.write(dir.resolve("src.bin"), data),
        Manifest.MIN_CHUNK_SIZE, done -> {})) {
      m = f.manifest();
    }
    try (ScriptedTracker t = ScriptedTracker.start(testKit.system(), r -> new Message.Registered(m.id(), 1));
        PartialFile part = PartialFile.open(dir.resolve("dl"), m)) {
      TrackerClient client = new TrackerClient(testKit.system(), t.address(), Optional.empty(),
          Duration.ofSeconds(5), Duration.ofSeconds(5), Codec.DEFAULT_MAX_FRAME, Wire.CLIENT, Pin.none());
      Library library = new Library();
      Announcer announcer = new Announcer(client, library, SETTINGS);
      library.put(part);
      announcer.register(m).toCompletableFuture().get(10, TimeUnit.SECONDS);
      SharedFile whole = SharedFile.hashAndOpen(dir.resolve("src.bin"), Manifest.MIN_CHUNK_SIZE, done -> {});
      library.replace(part, whole, Optional.empty());
      announcer.register(m).toCompletableFuture().get(10, TimeUnit.SECONDS);
      whole.close();

      List<Message.Register> got = t.received(Message.Register.class);
      assertEquals(2, got.size());
      assertFalse(got.get(0).complete(), "partial while served from the .part");
      assertTrue(got.get(0).partial());
      assertTrue(got.get(1).complete(), "a seeder once the whole file is verified");
      assertEquals(Message.Register.of(m, "peer-7f3a", "127.0.0.1", 6001).withPartial(true), got.get(0));
    }
  }
}
