package dev.p2p.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.p2p.storage.ShareLink;
import dev.p2p.testing.OriginalFrames;
import dev.p2p.testing.SwarmFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node as the original program's downloader finds it: every public file it shares is served in
 * the original's protocol on its usual port (TLS on), a private one never, and with
 * p2p.legacy-wire = off nothing is.
 */
class OriginalDownloaderIT {
  @RegisterExtension static final SwarmFixture swarm = new SwarmFixture();
  static final int K256 = 256 * 1024;

  @Test
  void aNodeServesItsPublicSharesToTheOriginalsDownloadersAndNotItsPrivateOnes() throws Exception {
    Path file = swarm.file("public.bin", K256 + 10, 1);
    Path secret = swarm.file("secret.bin", 5000, 2);
    SwarmFixture.Seeder s = swarm.seeder("seed", file, Map.of("p2p.chunk-size", 32768));
    ShareLink link = SwarmFixture.await(s.peer().share(secret, new ShareOptions(true, Optional.empty(), Optional.empty())));
    OriginalFrames.ChunkAnswer a = OriginalFrames.askChunk(s.peer().address(), s.manifest().id().legacyId(), 1);
    assertEquals("success", a.header().get("status").asText());
    byte[] data = Files.readAllBytes(file);
    assertArrayEquals(Arrays.copyOfRange(data, K256, data.length), a.data());
    OriginalFrames.ChunkAnswer hidden = OriginalFrames.askChunk(s.peer().address(), link.id().legacyId(), 0);
    assertEquals("not_found", hidden.header().get("status").asText());
    assertEquals(0, hidden.data().length);
  }

  @Test
  void withTheOriginalsProtocolOffANodeAnswersNoneOfItsRequests() throws Exception {
    Path file = swarm.file("public.bin", 1000, 3);
    SwarmFixture.Seeder s = swarm.seeder("seed", file, Map.of("p2p.legacy-wire", "off"));
    // Our plaintext refusal comes back, which is no frame of the original's: its reader gives up.
    assertThrows(IOException.class,
        () -> OriginalFrames.askChunk(s.peer().address(), s.manifest().id().legacyId(), 0));
  }
}
