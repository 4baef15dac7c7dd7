package dev.p2p.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.app.AppSettings;
import dev.p2p.app.LocalPeer;
import dev.p2p.app.LocalTracker;
import dev.p2p.app.NodeFacade.DownloadResult;
import dev.p2p.storage.Manifest;
import dev.p2p.testing.RecordingProxy;
import dev.p2p.testing.SwarmFixture;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a capture on the wire shows of a share and a get: every byte between the downloader and
 * the tracker, and between the downloader and the sharer, passes through a {@link RecordingProxy}.
 * Over TLS (the default) it holds neither file bytes nor JSON nor the file's ID or name; the same
 * capture of a plaintext swarm shows all of them, which proves the capture sees what it should.
 */
class EncryptedWireIT {
  @RegisterExtension static final SwarmFixture swarm = new SwarmFixture();

  @Test
  void overTlsTheWireShowsNoFileBytesNoJsonNoIdAndNoName() throws Exception {
    Capture c = shareAndGet(true);
    assertTrue(c.seen.length > c.size, "the capture saw the transfer: " + c.seen.length + " bytes");
    assertEquals(0, fileSlicesIn(c), "slices of the file on the wire");
    for (String visible : c.visibleTexts()) {
      assertEquals(-1, indexOf(c.seen, visible.getBytes(StandardCharsets.UTF_8)), "'" + visible + "' on the wire");
    }
  }

  @Test
  void inPlaintextTheSameCaptureShowsThemAll() throws Exception {
    Capture c = shareAndGet(false);
    assertEquals(SLICES, fileSlicesIn(c), "slices of the file on the wire");
    for (String visible : c.visibleTexts()) {
      assertTrue(indexOf(c.seen, visible.getBytes(StandardCharsets.UTF_8)) >= 0, "'" + visible + "' on the wire");
    }
  }

  private static final int SLICES = 64;
  private static final int SLICE = 32;

  private record Capture(byte[] data, byte[] seen, Manifest manifest, int size) {
    /** Text a plaintext session carries: the JSON type field, the file's ID and name. */
    String[] visibleTexts() {
      return new String[] {"\"type\"", manifest.id().hex(), manifest.name()};
    }
  }

  private Capture shareAndGet(boolean tls) throws Exception {
    int size = 2 * 1024 * 1024 + 11;
    Path src = swarm.file("secret-report.bin", size, 42);
    LocalTracker plain = tls ? null : SwarmFixture.await(LocalTracker.start(swarm.system(),
        AppSettings.load(Map.of("p2p.tls", false, "p2p.tracker.port", 0))));
    int trackerPort = tls ? swarm.trackerAddress().getPort() : plain.address().getPort();
    try (RecordingProxy toTracker = RecordingProxy.start();
        RecordingProxy toSharer = RecordingProxy.start()) {
      toTracker.forwardTo(new InetSocketAddress("127.0.0.1", trackerPort));
      // The sharer tells the tracker the proxy's port, as behind a forwarded port.
      LocalPeer sharer = swarm.peer("sharer", Map.of("p2p.tls", tls, "p2p.tracker.port", trackerPort,
          "p2p.peer.announce-port", toSharer.port()));
      toSharer.forwardTo(sharer.address());
      Manifest m = SwarmFixture.await(sharer.share(src));
      LocalPeer getter = swarm.peer("getter", Map.of("p2p.tls", tls, "p2p.tracker.port", toTracker.port()));
      DownloadResult r = swarm.download(getter, m.id(), swarm.dir("out"));
      byte[] data = Files.readAllBytes(src);
      assertArrayEquals(data, Files.readAllBytes(r.path()));
      byte[] seen = concat(toTracker.seen(), toSharer.seen());
      return new Capture(data, seen, m, size);
    } finally {
      if (plain != null) SwarmFixture.await(plain.stop());
    }
  }

  /** How many of {@link #SLICES} slices of the file, spread over it, appear in the capture. */
  private static int fileSlicesIn(Capture c) {
    int found = 0;
    for (int i = 0; i < SLICES; i++) {
      // Inside a chunk, never across the boundary of two (a frame header sits between them).
      int at = i * (c.data.length / SLICES) + 100;
      if (indexOf(c.seen, Arrays.copyOfRange(c.data, at, at + SLICE)) >= 0) found++;
    }
    return found;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i <= hay.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) continue outer;
      }
      return i;
    }
    return -1;
  }
}
