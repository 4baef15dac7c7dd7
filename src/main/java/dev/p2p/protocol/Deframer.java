package dev.p2p.protocol;

import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.scaladsl.Framing.FramingException;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.util.ByteString;

/**
 * Cuts a byte stream into frame bodies without copying them: each body is a slice of the
 * {@code ByteString}s TCP delivered (a rope when a frame spans several reads). A frame is a
 * 4-byte big-endian length, then that many bytes.
 *
 * <p>It replaces {@code Framing.lengthField}, which compacts every frame: for a 256 KiB chunk that
 * is a fresh, zeroed array and a full copy, only for the receiver to copy the bytes once more into
 * its disk buffer. It keeps that stage's behaviour on bad input, messages included: a length over
 * the maximum, a negative length or a stream that ends inside a frame fails with a {@link
 * FramingException}, and like it the limits count the 4-byte header. It emits at most one frame
 * per pull and pulls only when the buffered bytes hold no whole frame, so a fast sender is
 * back-pressured by TCP, and what is buffered is at most one frame plus one read.
 */
final class Deframer extends GraphStage<FlowShape<ByteString, ByteString>> {
  private static final int HEADER = 4;

  private final Inlet<ByteString> in = Inlet.create("Deframer.in");
  private final Outlet<ByteString> out = Outlet.create("Deframer.out");
  private final FlowShape<ByteString, ByteString> shape = FlowShape.of(in, out);
  private final int maxFrame;

  /** @param maxBody the largest body accepted, without the 4-byte length */
  Deframer(int maxBody) {
    this.maxFrame = maxBody + HEADER;
  }

  @Override
  public GraphStageLogic createLogic(Attributes attributes) {
    return new GraphStageLogic(shape) {
      private ByteString buffer = ByteString.emptyByteString();
      /** Size of the frame at the head of the buffer, header included; -1 until its header is in. */
      private int frameSize = -1;

      {
        setHandler(in, new AbstractInHandler() {
          @Override
          public void onPush() {
            buffer = buffer.concat(grab(in));
            tryPushFrame();
          }

          @Override
          public void onUpstreamFinish() {
            if (buffer.isEmpty()) {
              completeStage();
            } else if (isAvailable(out)) {
              tryPushFrame();
            } // else wait for the pull, which finds either a frame or a truncated one
          }
        });
        setHandler(out, new AbstractOutHandler() {
          @Override
          public void onPull() {
            tryPushFrame();
          }
        });
      }

      private void tryPushFrame() {
        if (frameSize < 0 && buffer.size() >= HEADER) {
          int length = (buffer.apply(0) & 0xff) << 24 | (buffer.apply(1) & 0xff) << 16
              | (buffer.apply(2) & 0xff) << 8 | buffer.apply(3) & 0xff;
          // int arithmetic on purpose: the same size, and so the same message, as lengthField
          int size = length + HEADER;
          if (size > maxFrame) {
            failStage(new FramingException("Maximum allowed frame size is " + maxFrame
                + " but decoded frame header reported size " + size));
            return;
          }
          if (length < 0) {
            failStage(new FramingException("Decoded frame header reported negative size " + length));
            return;
          }
          if (size < HEADER) {
            failStage(new FramingException("Computed frame size " + size
                + " is less than minimum chunk size " + HEADER));
            return;
          }
          frameSize = size;
        }
        if (frameSize >= 0 && buffer.size() >= frameSize) {
          ByteString body = buffer.slice(HEADER, frameSize);
          buffer = buffer.drop(frameSize);
          frameSize = -1;
          push(out, body);
          if (isClosed(in) && buffer.isEmpty()) completeStage();
        } else if (isClosed(in)) {
          failStage(new FramingException(
              "Stream finished but there was a truncated final frame in the buffer"));
        } else if (!hasBeenPulled(in)) {
          pull(in);
        }
      }
    };
  }

  @Override
  public FlowShape<ByteString, ByteString> shape() {
    return shape;
  }
}
