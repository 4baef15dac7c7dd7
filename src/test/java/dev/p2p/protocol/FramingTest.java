package dev.p2p.protocol;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.storage.FileId;
import dev.p2p.testing.Wire;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.scaladsl.Framing.FramingException;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The framing BidiFlow of {@link Codec#stack}, run as plain streams: no sockets. */
class FramingTest {
  static final ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "framing-test");

  @AfterAll
  static void shutdown() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(10, SECONDS);
  }

  static final FileId ID = CodecTest.ID;
  static final int MAX = 4096;

  static final List<Message> MESSAGES = List.of(
      new Message.Query(ID),
      new Message.ChunkRequest(ID, 3),
      new Message.Chunk(ID, 3, ByteString.fromString("0123456789abcdef")),
      Message.Error.of(ErrorCode.NO_CHUNK, "not here"),
      new Message.Chunk(ID, 4, ByteString.emptyByteString()));

  static BidiFlow<Message, ByteString, ByteString, Message, NotUsed> stack(int max) {
    return Codec.stack(max);
  }

  /** The bytes the outbound side writes for {@code msgs}, concatenated. */
  static ByteString encode(List<Message> msgs, int max) throws Exception {
    Flow<ByteString, ByteString, java.util.concurrent.CompletionStage<List<ByteString>>> capture =
        Flow.fromSinkAndSourceMat(Sink.seq(), Source.empty(), Keep.left());
    var written = Source.from(msgs)
        .viaMat(stack(max).join(capture, Keep.right()), Keep.right())
        .to(Sink.ignore())
        .run(system);
    ByteString all = ByteString.emptyByteString();
    for (ByteString b : written.toCompletableFuture().get(5, SECONDS)) all = all.concat(b);
    return all;
  }

  /** The messages the inbound side decodes from {@code pieces}, arriving one after another. */
  static List<Message> decode(List<ByteString> pieces, int max) throws Exception {
    Flow<ByteString, ByteString, ?> feed =
        Flow.fromSinkAndSource(Sink.ignore(), Source.from(pieces));
    return Source.<Message>empty()
        .via(stack(max).join(feed))
        .runWith(Sink.seq(), system)
        .toCompletableFuture()
        .get(5, SECONDS);
  }

  static Throwable decodeFailure(List<ByteString> pieces, int max) {
    var e = assertThrows(ExecutionException.class, () -> decode(pieces, max));
    return e.getCause();
  }

  static ByteString frame(int... bodyBytes) {
    return ByteString.fromArray(Wire.frameOf(bodyBytes));
  }

  static void assertSameMessages(List<Message> expected, List<Message> actual) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      if (expected.get(i) instanceof Message.Chunk c) {
        Message.Chunk a = assertInstanceOf(Message.Chunk.class, actual.get(i));
        assertEquals(c.fileId(), a.fileId());
        assertEquals(c.chunkIndex(), a.chunkIndex());
        assertArrayEquals(c.data().toArray(), a.data().toArray());
      } else {
        assertEquals(expected.get(i), actual.get(i));
      }
    }
  }

  @Test
  void messagesSurviveASplitAtEveryByteOffset() throws Exception {
    ByteString bytes = encode(MESSAGES, MAX);
    for (int cut = 0; cut <= bytes.size(); cut++) {
      List<Message> out = decode(List.of(bytes.take(cut), bytes.drop(cut)), MAX);
      assertSameMessages(MESSAGES, out);
    }
  }

  @Test
  void messagesSurviveArrivingOneByteAtATime() throws Exception {
    ByteString bytes = encode(MESSAGES, MAX);
    List<ByteString> single = new ArrayList<>();
    for (int i = 0; i < bytes.size(); i++) single.add(bytes.slice(i, i + 1));
    assertSameMessages(MESSAGES, decode(single, MAX));
  }

  @Test
  void jsonFrameIsBigEndianLengthThenKindOneThenJson() throws Exception {
    ByteString bytes = encode(List.of(new Message.Query(ID)), MAX);
    String json = "{\"type\":\"QUERY\",\"file_id\":\"" + ID.hex() + "\"}";
    int bodyLength = 1 + json.length();
    assertEquals(4 + bodyLength, bytes.size());
    assertArrayEquals(new byte[] {0, 0, 0, (byte) bodyLength}, bytes.take(4).toArray());
    assertEquals(Codec.KIND_JSON, bytes.apply(4));
    assertEquals(json, bytes.drop(5).utf8String());
  }

  @Test
  void chunkFrameIsBigEndianLengthThenKindTwoThenRawIdIndexAndData() throws Exception {
    byte[] data = new byte[300];
    for (int i = 0; i < data.length; i++) data[i] = (byte) i;
    ByteString bytes = encode(
        List.of(new Message.Chunk(ID, 0x0a0b0c0d, ByteString.fromArray(data))), MAX);
    int bodyLength = 1 + 32 + 4 + 300; // 337 = 0x151
    assertEquals(4 + bodyLength, bytes.size());
    assertArrayEquals(new byte[] {0, 0, 0x01, 0x51}, bytes.take(4).toArray());
    assertEquals(0x02, bytes.apply(4));
    assertEquals(ID.hex(), java.util.HexFormat.of().formatHex(bytes.slice(5, 37).toArray()));
    assertArrayEquals(new byte[] {0x0a, 0x0b, 0x0c, 0x0d}, bytes.slice(37, 41).toArray());
    assertArrayEquals(data, bytes.drop(41).toArray());
  }

  @Test
  void frameLongerThanTheMaximumFailsTheStream() {
    // header announces 1 MiB; the maximum is 4096
    ByteString header = ByteString.fromArray(new byte[] {0, 0x10, 0, 0, Codec.KIND_JSON});
    Throwable t = decodeFailure(List.of(header), MAX);
    FramingException e = assertInstanceOf(FramingException.class, t);
    // Pekko counts the 4-byte header in both numbers: 4096 + 4 allowed, 1048576 + 4 announced
    assertTrue(e.getMessage().contains("Maximum allowed frame size is 4100")
        && e.getMessage().contains("reported size 1048580"), e.getMessage());
  }

  @Test
  void lengthWithTheTopBitSetFailsTheStream() {
    // 0xffffffff is -1 as a signed int and 4 GiB unsigned: either way not a frame to wait for
    ByteString header = ByteString.fromArray(new byte[] {-1, -1, -1, -1, Codec.KIND_JSON});
    assertInstanceOf(FramingException.class, decodeFailure(List.of(header), MAX));
  }

  @Test
  void frameOfExactlyTheMaximumIsAccepted() throws Exception {
    int dataBytes = MAX - Codec.CHUNK_HEADER_BYTES;
    Message chunk = new Message.Chunk(ID, 0, ByteString.fromArray(new byte[dataBytes]));
    ByteString bytes = encode(List.of(chunk), MAX);
    assertEquals(4 + MAX, bytes.size());
    assertSameMessages(List.of(chunk), decode(List.of(bytes), MAX));
  }

  @Test
  void sendingAFrameOverTheMaximumFailsTheOutboundSide() {
    Message big = new Message.Chunk(ID, 0, ByteString.fromArray(new byte[MAX]));
    var e = assertThrows(ExecutionException.class, () -> encode(List.of(big), MAX));
    assertInstanceOf(FramingException.class, e.getCause());
  }

  @Test
  void truncatedFinalFrameFailsTheStream() throws Exception {
    ByteString bytes = encode(List.of(new Message.Query(ID), new Message.Query(ID)), MAX);
    Throwable t = decodeFailure(List.of(bytes.dropRight(1)), MAX);
    FramingException e = assertInstanceOf(FramingException.class, t);
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void truncatedLengthHeaderFailsTheStream() {
    Throwable t = decodeFailure(List.of(ByteString.fromArray(new byte[] {0, 0})), MAX);
    assertInstanceOf(FramingException.class, t);
  }

  @Test
  void garbageBodyFailsTheStreamWithProtocolException() {
    Throwable t = decodeFailure(List.of(frame(Codec.KIND_JSON, 'x', 'y', 'z')), MAX);
    ProtocolException e = assertInstanceOf(ProtocolException.class, t);
    assertTrue(e.getMessage().startsWith("bad control message"), e.getMessage());
  }

  @Test
  void unknownKindFailsTheStreamWithProtocolException() {
    Throwable t = decodeFailure(List.of(frame((byte) 0x03, 1, 2)), MAX);
    assertTrue(assertInstanceOf(ProtocolException.class, t).getMessage()
        .contains("unknown frame kind 0x03"));
  }

  @Test
  void emptyFrameFailsTheStreamWithProtocolException() {
    Throwable t = decodeFailure(List.of(frame()), MAX);
    assertTrue(assertInstanceOf(ProtocolException.class, t).getMessage().contains("empty frame"));
  }

  @Test
  void goodFramesBeforeABadOneAreStillDelivered() throws Exception {
    ByteString good = encode(List.of(new Message.Query(ID)), MAX);
    var received = new java.util.concurrent.CopyOnWriteArrayList<Message>();
    Flow<ByteString, ByteString, ?> feed = Flow.fromSinkAndSource(Sink.ignore(),
        Source.from(List.of(good, frame((byte) 0x09))));
    var done = Source.<Message>empty().via(stack(MAX).join(feed))
        .runWith(Sink.foreach(received::add), system).toCompletableFuture();
    var e = assertThrows(ExecutionException.class, () -> done.get(5, SECONDS));
    assertInstanceOf(ProtocolException.class, e.getCause());
    assertEquals(List.of(new Message.Query(ID)), received);
  }

  /** The frame bodies {@link Codec#deframe} cuts from {@code pieces}. */
  static List<ByteString> deframe(List<ByteString> pieces, Flow<ByteString, ByteString, ?> deframer)
      throws Exception {
    return Source.from(pieces).via(deframer).runWith(Sink.seq(), system)
        .toCompletableFuture().get(5, SECONDS);
  }

  /** {@code bytes} as pieces over fresh arrays, cut at {@code cuts} (ascending). */
  static List<byte[]> arraysCutAt(ByteString bytes, int... cuts) {
    List<byte[]> arrays = new ArrayList<>();
    int from = 0;
    for (int cut : cuts) {
      arrays.add(bytes.slice(from, cut).toArray());
      from = cut;
    }
    arrays.add(bytes.drop(from).toArray());
    return arrays;
  }

  @Test
  void bodiesAreSlicesOfTheReceivedBytesNotCopiesAtEverySplitOffset() throws Exception {
    ByteString bytes = encode(MESSAGES, MAX);
    List<ByteString> expected = MESSAGES.stream().map(Codec::encode).toList();
    for (int cut = 0; cut <= bytes.size(); cut++) {
      for (int second = cut; second <= bytes.size(); second += 7) {
        List<byte[]> arrays = arraysCutAt(bytes, cut, second);
        List<ByteString> bodies = deframe(
            arrays.stream().map(ByteString::fromArrayUnsafe).toList(), Codec.deframe(MAX));
        assertEquals(expected, bodies, "cut at " + cut + " and " + second);
        // Change what TCP delivered: a body that shares those arrays changes with them.
        for (byte[] a : arrays) for (int i = 0; i < a.length; i++) a[i] ^= (byte) 0xff;
        for (int f = 0; f < bodies.size(); f++) {
          byte[] want = expected.get(f).toArray();
          for (int i = 0; i < want.length; i++) want[i] ^= (byte) 0xff;
          assertArrayEquals(want, bodies.get(f).toArray(), "frame " + f + " was copied, cut at "
              + cut + " and " + second);
        }
      }
    }
  }

  @Test
  void chunkDataIsASliceOfTheReceivedBytes() throws Exception {
    Message.Chunk chunk = (Message.Chunk) MESSAGES.get(2);
    byte[] received = Wire.frame(chunk);
    ByteString body = deframe(List.of(ByteString.fromArrayUnsafe(received)), Codec.deframe(MAX))
        .get(0);
    ByteString data = ((Message.Chunk) Codec.decode(body)).data();
    received[received.length - 1] = '!';
    assertEquals("0123456789abcde!", data.utf8String());
  }

  /** Bad inputs, each failing the stream in its own way. */
  static final List<ByteString> BAD_INPUTS = List.of(
      ByteString.fromArray(new byte[] {0, 0x10, 0, 0, Codec.KIND_JSON}),
      ByteString.fromArray(new byte[] {-1, -1, -1, -1}),
      ByteString.fromArray(new byte[] {0x7f, -1, -1, -1}),
      ByteString.fromArray(new byte[] {0, 0, 0x10, 1}),
      ByteString.fromArray(new byte[] {0, 0, 0, 5, 1, 2}),
      ByteString.fromArray(new byte[] {0, 0, 0, 1, 1, 0, 0}),
      ByteString.fromArray(new byte[] {0, 0}));

  @Test
  void failsOnBadInputExactlyAsPekkosLengthFieldDid() {
    Flow<ByteString, ByteString, NotUsed> pekko = org.apache.pekko.stream.javadsl.Framing
        .lengthField(4, 0, MAX + 4, java.nio.ByteOrder.BIG_ENDIAN).map(f -> f.drop(4));
    for (ByteString bad : BAD_INPUTS) {
      Throwable want = assertThrows(ExecutionException.class, () -> deframe(List.of(bad), pekko))
          .getCause();
      Throwable got = assertThrows(ExecutionException.class,
          () -> deframe(List.of(bad), Codec.deframe(MAX))).getCause();
      assertEquals(want.getClass(), got.getClass(), bad.toString());
      assertEquals(want.getMessage(), got.getMessage(), bad.toString());
    }
  }

  /** The frame of a CHUNK as the zero-copy sender writes it: its 41-byte header, then the data. */
  static ByteString headerThenData(int index, byte[] data) {
    return Codec.chunkFrameHeader(ID, index, data.length, MAX).concat(ByteString.fromArray(data));
  }

  @Test
  void theZeroCopyHeaderThenTheDataIsByteForByteTheFrameOfTheChunk() {
    for (int n : new int[] {0, 1, 37, 41, 1000, MAX - Codec.CHUNK_HEADER_BYTES}) {
      byte[] data = new byte[n];
      new java.util.Random(n).nextBytes(data);
      Message.Chunk c = new Message.Chunk(ID, 7, ByteString.fromArray(data));
      assertEquals(Codec.frame(Codec.encode(c), MAX), headerThenData(7, data), "data of " + n + " bytes");
      assertEquals(Codec.CHUNK_FRAME_HEADER_BYTES, Codec.chunkFrameHeader(ID, 7, n, MAX).size());
    }
  }

  @Test
  void theZeroCopyHeaderRefusesAChunkOverTheMaximumFrame() {
    int tooLong = MAX - Codec.CHUNK_HEADER_BYTES + 1;
    FramingException e = assertThrows(FramingException.class,
        () -> Codec.chunkFrameHeader(ID, 0, tooLong, MAX));
    assertEquals("frame of " + (MAX + 1) + " bytes exceeds the maximum " + MAX, e.getMessage());
    assertThrows(FramingException.class, () -> Codec.chunkFrameHeader(ID, 0, -1, MAX));
  }

  /**
   * A request, a chunk sent as header then data, and another request, all in one array that TCP
   * delivers in two reads split at every offset: the chunk's data comes out as slices of that
   * array (the receiver's next copy is its only one), never as a copy of it.
   */
  @Test
  void chunkDataIsASliceOfTheReceivedBytesWithoutACopyAtEverySplitOffset() throws Exception {
    byte[] data = new byte[300];
    new java.util.Random(3).nextBytes(data);
    byte[] wire = Codec.frame(Codec.encode(new Message.ChunkRequest(ID, 2)), MAX)
        .concat(headerThenData(2, data))
        .concat(Codec.frame(Codec.encode(new Message.HaveRequest(ID)), MAX)).toArray();
    for (int k = 0; k <= wire.length; k++) {
      List<ByteString> reads = List.of(ByteString.fromArrayUnsafe(wire, 0, k),
          ByteString.fromArrayUnsafe(wire, k, wire.length - k));
      List<Message> got = decode(reads, MAX);
      assertEquals(3, got.size(), "split at " + k);
      Message.Chunk c = assertInstanceOf(Message.Chunk.class, got.get(1), "split at " + k);
      assertArrayEquals(data, c.data().toArray(), "split at " + k);
      // A view of the received array sees a change to it; a copy would not.
      int at = wire.length - data.length - Codec.frame(Codec.encode(new Message.HaveRequest(ID)), MAX).size();
      wire[at] ^= 0x5a;
      try {
        assertEquals((byte) (data[0] ^ 0x5a), c.data().apply(0), "split at " + k + ": the data was copied");
      } finally {
        wire[at] ^= 0x5a;
      }
    }
  }
}
