package dev.p2p.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.net.FramedServer;
import dev.p2p.net.NodeIdentity;
import dev.p2p.net.Transport;
import dev.p2p.protocol.Codec;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Hashing;
import dev.p2p.storage.Manifest;
import dev.p2p.storage.PartialFile;
import dev.p2p.storage.ShareKey;
import dev.p2p.storage.SharedFile;
import dev.p2p.testing.OriginalFrames;
import dev.p2p.testing.Wire;
import java.io.DataInputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our chunk server as the original program's downloader sees it, over raw sockets: one framed
 * CHUNK_REQUEST per connection on the usual (TLS) port, answered in the original's shapes, in
 * 256 KiB slices whatever the file's chunk size here, public files only, and bad input closes
 * that connection only.
 */
class LegacyChunkServerTest {
  static final ActorTestKit testKit = ActorTestKit.create();
  static final int K256 = 256 * 1024;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @TempDir Path dir;
  final Library library = new Library();
  FramedServer.Server server;
  byte[] data;

  @BeforeEach
  void start() throws Exception {
    server = PeerServer.bind(testKit.system(), library, "127.0.0.1", 0,
            new FramedServer.Limits(8, 8, Codec.DEFAULT_MAX_FRAME, Duration.ofSeconds(30)),
            Transport.tls(NodeIdentity.ephemeral()), 2, new RateLimiter(testKit.system(), 0), true)
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    data = new byte[2 * K256 + 1000];
    new Random(7).nextBytes(data);
  }

  @AfterEach
  void stop() throws Exception {
    server.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private FileId share(String name, byte[] bytes, int chunkSize, Optional<Library.Privacy> privacy) throws Exception {
    SharedFile f = SharedFile.hashAndOpen(Files.write(dir.resolve(name), bytes), chunkSize, d -> {});
    library.put(f, privacy);
    return f.manifest().id();
  }

  private static Map<String, Object> request(String id, Object index) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "CHUNK_REQUEST");
    m.put("file_id", id);
    m.put("chunk_index", index);
    return m;
  }

  /** What comes back for {@code request}: the header's JSON text, then the bytes until close. */
  private record Answer(String header, byte[] data) {}

  private Answer ask(byte[] request) throws Exception {
    try (Socket s = Wire.connectPlain(server.localAddress())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request);
      s.getOutputStream().flush();
      DataInputStream in = new DataInputStream(s.getInputStream());
      byte[] len = in.readNBytes(8);
      if (len.length < 8) return new Answer(null, len);
      byte[] header = in.readNBytes((int) ByteBuffer.wrap(len).getLong());
      return new Answer(new String(header, StandardCharsets.US_ASCII), in.readAllBytes());
    } catch (SocketException reset) {
      // A connection ended on bad input may be reset rather than closed: no answer either way.
      return new Answer(null, new byte[0]);
    }
  }

  @ParameterizedTest(name = "chunk size {0}")
  @ValueSource(ints = {64 * 1024, 256 * 1024, 1024 * 1024})
  void servesTheOriginals256KiBChunksWhateverTheChunkSizeHereThenCloses(int chunkSize) throws Exception {
    FileId id = share("f.bin", data, chunkSize, Optional.empty());
    String shortId = id.legacyId();
    for (int i = 0; i < 3; i++) {
      Answer a = ask(OriginalFrames.frame(request(shortId, i)));
      int size = Math.min(K256, data.length - i * K256);
      assertEquals("{\"type\": \"CHUNK_RESPONSE\", \"file_id\": \"" + shortId + "\", \"chunk_index\": " + i
          + ", \"chunk_size\": " + size + ", \"status\": \"success\"}", a.header());
      assertArrayEquals(Arrays.copyOfRange(data, i * K256, i * K256 + size), a.data(),
          "exactly chunk_size bytes, then the connection closes");
    }
  }

  @Test
  void answersNotFoundInTheOriginalsShapeForAnUnknownFileOrChunk() throws Exception {
    FileId id = share("f.bin", data, K256, Optional.empty());
    Answer beyond = ask(OriginalFrames.frame(request(id.legacyId(), 3)));
    assertEquals("{\"type\": \"CHUNK_RESPONSE\", \"file_id\": \"" + id.legacyId()
        + "\", \"chunk_index\": 3, \"chunk_size\": 0, \"status\": \"not_found\"}", beyond.header());
    assertEquals(0, beyond.data().length);
    Answer unknown = ask(OriginalFrames.frame(request("00000000000000AB", 0)));
    assertEquals("{\"type\": \"CHUNK_RESPONSE\", \"file_id\": \"00000000000000AB\", \"chunk_index\": 0,"
        + " \"chunk_size\": 0, \"status\": \"not_found\"}", unknown.header());
  }

  @Test
  void aPrivateShareIsInvisibleToTheOriginalsProtocol() throws Exception {
    FileId id = share("secret.bin", data, K256,
        Optional.of(new Library.Privacy(ShareKey.generate(), null, null)));
    Answer a = ask(OriginalFrames.frame(request(id.legacyId(), 0)));
    assertEquals("{\"type\": \"CHUNK_RESPONSE\", \"file_id\": \"" + id.legacyId()
        + "\", \"chunk_index\": 0, \"chunk_size\": 0, \"status\": \"not_found\"}", a.header());
    assertEquals(0, a.data().length);
  }

  @Test
  void badInputClosesThatConnectionWithoutAWordAndTheServerGoesOn() throws Exception {
    FileId id = share("f.bin", data, K256, Optional.empty());
    byte[] notJson = "{\"type\": \"CHUNK_REQUEST\", oops".getBytes(StandardCharsets.US_ASCII);
    byte[] bad = ByteBuffer.allocate(8 + notJson.length).putLong(notJson.length).put(notJson).array();
    byte[] huge = ByteBuffer.allocate(8).putLong(0xFFFF_FFF0L).array(); // just under 4 GiB
    byte[] tooBig = ByteBuffer.allocate(8).putLong(LegacyChunkServer.MAX_REQUEST + 1).array();
    for (byte[] input : new byte[][] {bad, huge, tooBig,
        OriginalFrames.frame(request(id.legacyId(), 1.0)),
        OriginalFrames.frame(request(id.legacyId(), "1")),
        OriginalFrames.frame(request("../../etc/passwd", 0)),
        OriginalFrames.frame(Map.of("type", "QUERY", "file_id", id.legacyId()))}) {
      Answer a = ask(input);
      assertNull(a.header(), "closed without an answer");
      assertEquals(0, a.data().length);
    }
    Answer good = ask(OriginalFrames.frame(request(id.legacyId(), 2)));
    assertArrayEquals(Arrays.copyOfRange(data, 2 * K256, data.length), good.data());
  }

  @Test
  void withTheOriginalsProtocolOffItsRequestsAreNotAnswered() throws Exception {
    FileId id = share("f.bin", data, K256, Optional.empty());
    FramedServer.Server off = PeerServer.bind(testKit.system(), library, "127.0.0.1", 0,
            new FramedServer.Limits(8, 8, Codec.DEFAULT_MAX_FRAME, Duration.ofSeconds(30)),
            Transport.tls(NodeIdentity.ephemeral()), 2, new RateLimiter(testKit.system(), 0))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    try (Socket s = Wire.connectPlain(off.localAddress())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(OriginalFrames.frame(request(id.legacyId(), 0)));
      // Our own protocol's refusal of plaintext, never a CHUNK_RESPONSE.
      String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      assertTrue(answer.contains("plaintext refused") && !answer.contains("CHUNK_RESPONSE"), answer);
    } finally {
      off.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aDownloadInProgressServesOnlyTheSlicesWhoseChunksAreAllHere() throws Exception {
    int chunk = 64 * 1024;
    Manifest m = Hashing.manifest(Files.write(dir.resolve("src.bin"), data), "p.bin", chunk, d -> {});
    PartialFile partial = PartialFile.open(Files.createDirectories(dir.resolve("dl")), m);
    try {
      for (int i = 0; i < 5; i++) { // the first 256 KiB slice, and one chunk of the second
        assertTrue(partial.writeIfIntact(i, ByteBuffer.wrap(data, i * chunk, chunk)));
      }
      library.put(partial);
      Answer first = ask(OriginalFrames.frame(request(m.id().legacyId(), 0)));
      assertArrayEquals(Arrays.copyOfRange(data, 0, K256), first.data());
      Answer second = ask(OriginalFrames.frame(request(m.id().legacyId(), 1)));
      assertTrue(second.header().endsWith("\"chunk_size\": 0, \"status\": \"not_found\"}"), second.header());
    } finally {
      partial.close();
    }
  }

  @Test
  void countsWhatItServedAsUploads() throws Exception {
    FileId id = share("f.bin", data, K256, Optional.empty());
    ask(OriginalFrames.frame(request(id.legacyId(), 0)));
    assertEquals(K256, library.get(id).orElseThrow().bytesServed());
  }
}
