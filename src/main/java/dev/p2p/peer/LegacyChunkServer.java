package dev.p2p.peer;

import dev.p2p.net.FramedServer;
import dev.p2p.protocol.legacy.LegacyChunkRequest;
import dev.p2p.protocol.legacy.LegacyChunkResponse;
import dev.p2p.protocol.legacy.LegacyWire;
import dev.p2p.storage.ChunkSource;
import dev.p2p.storage.Manifest;
import dev.p2p.storage.SharedFile;
import dev.p2p.text.UserText;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.pf.PFBuilder;
import org.apache.pekko.stream.Graph;
import org.apache.pekko.stream.SourceShape;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chunk server's answer to the original program's downloaders, on the node's usual port: one
 * CHUNK_REQUEST per connection, answered with a framed CHUNK_RESPONSE and then, if found, the
 * chunk's raw bytes, and the connection is closed. The original's chunk {@code i} is the 256 KiB
 * of the file from {@code i * 256 KiB}, whatever chunk size the file was shared with here: it is
 * cut from this node's verified chunks that cover it (all of them must be here).
 *
 * <p>Only public files are found (by the first 16 hex characters of their ID): a private share
 * answers not_found, exactly as a file not served here. Bad input (no frame within the header
 * timeout, a frame over {@link #MAX_REQUEST}, bad JSON, another type) is one log line and a
 * closed connection, as the original closes silently.
 */
final class LegacyChunkServer implements FramedServer.LegacyProtocol {
  private static final Logger log = LoggerFactory.getLogger(LegacyChunkServer.class);

  /** The largest request read: a CHUNK_REQUEST is about 80 bytes. */
  static final int MAX_REQUEST = 4096;

  private final Library library;
  private final Executor blocking;
  private final RateLimiter upload;

  LegacyChunkServer(Library library, Executor blocking, RateLimiter upload) {
    this.library = library;
    this.blocking = blocking;
    this.upload = upload;
  }

  @Override
  public Flow<ByteString, ByteString, NotUsed> connection(InetSocketAddress remote,
      Flow<ByteString, ByteString, NotUsed> framesSeen) {
    String who = remote.getHostString() + ":" + remote.getPort();
    return Flow.of(ByteString.class)
        .via(LegacyWire.deframer(MAX_REQUEST))
        .via(framesSeen)
        .take(1)
        .mapAsync(1, body -> answer(LegacyChunkRequest.from(LegacyWire.parse(body)), remote.getHostString()))
        .mapAsync(1, reply -> upload.acquire(reply.size()).thenApply(v -> reply))
        .recoverWithRetries(1, new PFBuilder<Throwable, Graph<SourceShape<ByteString>, NotUsed>>()
            .matchAny(t -> {
              log.info("chunk server: closing original-protocol connection from {}: {}", who,
                  UserText.oneLine(UserText.unwrap(t)));
              return Source.empty();
            })
            .build());
  }

  private CompletionStage<ByteString> answer(LegacyChunkRequest r, String host) {
    Optional<Library.Entry> found = library.legacy(r.lookupId());
    if (found.isEmpty()) return notFound(r, "file not served here");
    Library.Entry entry = found.get();
    ChunkSource src = entry.source();
    Manifest m = src.manifest();
    long offset = (long) r.chunkIndex() * LegacyWire.CHUNK_SIZE;
    if (offset >= m.size()) return notFound(r, "beyond the end of the file");
    int length = (int) Math.min(LegacyWire.CHUNK_SIZE, m.size() - offset);
    int first = (int) (offset / m.chunkSize());
    int last = (int) ((offset + length - 1) / m.chunkSize());
    for (int i = first; i <= last; i++) {
      if (!src.has(i)) return notFound(r, "not downloaded here yet");
    }
    return CompletableFuture.supplyAsync(() -> {
      try {
        byte[] data = slice(src, offset, length);
        entry.bytesServed.addAndGet(length);
        // By address, not connection: the original opens a connection per chunk.
        entry.downloaders.add(host);
        LegacyChunkResponse header = LegacyChunkResponse.success(r, length);
        return LegacyWire.frame(header.json()).concat(ByteString.fromArrayUnsafe(data));
      } catch (IOException e) {
        if (src instanceof SharedFile sf && !sf.isIntact()) library.changed(sf);
        log.info("chunk server: chunk {} of {} for {} cannot be read: {}", r.chunkIndex(), r.fileId(),
            host, UserText.oneLine(e));
        return LegacyWire.frame(LegacyChunkResponse.notFound(r).json());
      }
    }, blocking);
  }

  /**
   * Bytes {@code offset .. offset+length} of the file (the chunks under them checked
   * present by the caller), read as one range: never more than is sent, whatever our chunk size.
   */
  private static byte[] slice(ChunkSource src, long offset, int length) throws IOException {
    // A new heap buffer of exactly length bytes: its array is the slice.
    return src.readRange(offset, length).array();
  }

  private static CompletionStage<ByteString> notFound(LegacyChunkRequest r, String why) {
    log.debug("chunk server: original-protocol chunk {} of {}: not_found ({})", r.chunkIndex(), r.fileId(), why);
    return CompletableFuture.completedFuture(LegacyWire.frame(LegacyChunkResponse.notFound(r).json()));
  }
}
