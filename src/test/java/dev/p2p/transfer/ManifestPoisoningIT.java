package dev.p2p.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.app.LocalPeer;
import dev.p2p.app.NodeFacade.DownloadResult;
import dev.p2p.protocol.Codec;
import dev.p2p.protocol.Message;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Hashing;
import dev.p2p.storage.Manifest;
import dev.p2p.testing.EventRecorder;
import dev.p2p.testing.HostilePeer;
import dev.p2p.testing.SwarmFixture;
import dev.p2p.testing.Wire;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Manifest poisoning on loopback: an attacker who knows a file's ID registers a wrong manifest
 * for it with the tracker first, over a raw socket, and serves chunks from a raw-socket peer;
 * then an honest node shares the real file. Everything is on 127.0.0.1, so both variants have
 * one host and the attacker's, the older, is the tracker's first answer. The download must still
 * end with the right file, from the honest node, and say that it switched.
 */
class ManifestPoisoningIT {
  @RegisterExtension static final SwarmFixture swarm = new SwarmFixture();

  static final int SIZE = 512 * 1024;
  static final int CHUNK = 16 * 1024;

  /** Registers {@code m} as served at 127.0.0.1:{@code port}, speaking the protocol by hand. */
  static void registerByHand(Manifest m, int port) throws Exception {
    try (Socket s = Wire.connect(swarm.trackerAddress())) {
      Wire.send(s, Wire.frame(Codec.encode(Message.Register.of(m, "attacker-" + port, "127.0.0.1", port))));
      assertInstanceOf(Message.Registered.class, Wire.readFrame(s), "the tracker took the poisoned manifest");
    }
  }

  private DownloadResult downloadAfterPoisoning(Path src, List<HostilePeer> attackers,
      String expectedLine) throws Exception {
    Manifest real = swarm.seeder("seed", src, Map.of("p2p.chunk-size", CHUNK)).manifest();
    LocalPeer d = swarm.peer("out");
    EventRecorder events = swarm.record(d);
    DownloadResult r;
    try (events) {
      r = swarm.download(d, real.id(), swarm.dir("out"));
    }
    assertArrayEquals(Files.readAllBytes(src), Files.readAllBytes(r.path()));
    for (HostilePeer a : attackers) assertTrue(a.requests() > 0, "the poisoned manifest was tried first");
    List<TransferEvent.ManifestRejected> switched = events.ofType(TransferEvent.ManifestRejected.class);
    assertEquals(List.of("file " + real.id().shortHex() + ": " + expectedLine),
        switched.stream().map(TransferEvent.ManifestRejected::message).toList(), events.toString());
    assertEquals(SIZE, r.peers().stream().mapToLong(TransferEvent.PeerStat::bytes).sum());
    for (HostilePeer a : attackers) {
      assertEquals(0, SwarmFixture.bytesFrom(r, a.key()), "nothing kept came from " + a.key());
    }
    return r;
  }

  @Test
  void aPoisonerWhoseChunksMatchItsOwnFakeHashesIsCaughtByTheWholeFileCheck() throws Exception {
    Path src = swarm.file("f.bin", SIZE, 21);
    FileId id = Hashing.fileId(src, done -> {});
    // Other bytes of the same size in chunks of another size: every chunk the attacker serves
    // matches its manifest, only the whole file does not match the ID.
    Path other = swarm.file("other.bin", SIZE, 22);
    Manifest fake = Hashing.manifest(other, "f.bin", 2 * CHUNK, done -> {});
    Manifest poisoned = new Manifest(id, "f.bin", SIZE, 2 * CHUNK, fake.chunkHashes());
    try (HostilePeer attacker = HostilePeer.start(Files.readAllBytes(other), poisoned,
        HostilePeer.Mode.TRUE_TO_ITS_DATA)) {
      registerByHand(poisoned, attacker.port());
      downloadAfterPoisoning(src, List.of(attacker),
          "the tracker's first manifest was wrong (from 1 peer), trying the next of 2");
    }
  }

  @Test
  void aManifestOfMadeUpChunkHashesFromTwoPeersIsLeftOnceBothAreBanned() throws Exception {
    Path src = swarm.file("f.bin", SIZE, 23);
    FileId id = Hashing.fileId(src, done -> {});
    List<String> madeUp = IntStream.range(0, SIZE / CHUNK).mapToObj(i -> String.format("%064x", i + 1)).toList();
    Manifest poisoned = new Manifest(id, "f.bin", SIZE, CHUNK, madeUp);
    byte[] real = Files.readAllBytes(src);
    HostilePeer first = HostilePeer.start(real, poisoned, HostilePeer.Mode.TRUE_TO_ITS_DATA);
    HostilePeer second = HostilePeer.start(real, poisoned, HostilePeer.Mode.TRUE_TO_ITS_DATA);
    try (first; second) {
      registerByHand(poisoned, first.port());
      registerByHand(poisoned, second.port());
      downloadAfterPoisoning(src, List.of(first, second),
          "the tracker's first manifest was wrong (from 2 peers), trying the next of 2");
    }
  }
}
