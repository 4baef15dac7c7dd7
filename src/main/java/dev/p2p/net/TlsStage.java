package dev.p2p.net;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.BidiShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.util.ByteString;

/**
 * One TLS session as a stream stage: the JDK's {@link SSLEngine} between our bytes (top: {@code
 * plainIn} to encrypt, {@code plainOut} decrypted) and the socket's (bottom: {@code cipherOut},
 * {@code cipherIn}). It does what Pekko 1.7's {@code TLS.create} does for this protocol, in one
 * fused stage instead of an actor: that route cost about 2 s of CPU per GiB and side on top of
 * the cipher, in copies and messages per 16 KiB record (bench/RESULTS.md). Pekko has since added
 * a GraphStage TLS engine of its own (apache/pekko#2878); when a release carries it, it replaces
 * this class.
 *
 * <p>Bytes are copied once each way (into the engine's input buffer; its output lands in a fresh
 * array that becomes the emitted {@link ByteString} without another copy). At most one element
 * of either input is held: backpressure passes through. {@code verify} runs once the handshake
 * is done, before any of our bytes are sent or delivered; if it throws, the stage fails.
 *
 * <p>Closing: when {@code plainIn} completes, the engine sends close_notify and then {@code
 * cipherOut} completes (a TCP half-close); when the far end's close_notify or end of stream
 * arrives, {@code plainOut} completes. A cancelled {@code plainOut} (the reader stopped after
 * bad input) only discards what arrives later, so that a final reply still goes out.
 */
final class TlsStage extends GraphStage<BidiShape<ByteString, ByteString, ByteString, ByteString>> {
  /** Records wrapped or unwrapped into one emitted element: fewer, larger elements downstream. */
  private static final int RECORDS_PER_ELEMENT = 4;
  /** Largest plaintext of one TLS record (RFC 8446 §5.1). */
  private static final int RECORD = 16384;

  private final Inlet<ByteString> plainIn = Inlet.create("Tls.plainIn");
  private final Outlet<ByteString> cipherOut = Outlet.create("Tls.cipherOut");
  private final Inlet<ByteString> cipherIn = Inlet.create("Tls.cipherIn");
  private final Outlet<ByteString> plainOut = Outlet.create("Tls.plainOut");
  private final BidiShape<ByteString, ByteString, ByteString, ByteString> shape =
      new BidiShape<>(plainIn, cipherOut, cipherIn, plainOut);
  private final Supplier<SSLEngine> engines;
  private final Consumer<SSLSession> verify;

  TlsStage(Supplier<SSLEngine> engines, Consumer<SSLSession> verify) {
    this.engines = engines;
    this.verify = verify;
  }

  @Override
  public BidiShape<ByteString, ByteString, ByteString, ByteString> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes attributes) {
    return new Logic();
  }

  private final class Logic extends GraphStageLogic {
    private SSLEngine engine;
    private int packet;
    private int app;
    /** Cipher bytes for the engine, in read mode between calls. */
    private ByteBuffer netIn;
    /** What of the last cipherIn element has not been copied into netIn yet. */
    private ByteString pendingNet = ByteString.emptyByteString();
    /** User bytes not yet encrypted (the last plainIn element, or what is left of it). */
    private ByteBuffer[] toWrap;
    private ByteString cipherReady = ByteString.emptyByteString();
    private ByteString plainReady = ByteString.emptyByteString();
    private boolean verified;
    private boolean plainCancelled;
    private boolean closeSent;

    Logic() {
      super(shape);
      setHandler(plainIn, new AbstractInHandler() {
        @Override
        public void onPush() {
          List<ByteBuffer> parts = new ArrayList<>();
          grab(plainIn).getByteBuffers().forEach(parts::add); // the rope's pieces, no copy
          toWrap = parts.toArray(new ByteBuffer[0]);
          pump();
        }

        @Override
        public void onUpstreamFinish() {
          pump();
        }
      });
      setHandler(cipherIn, new AbstractInHandler() {
        @Override
        public void onPush() {
          pendingNet = grab(cipherIn);
          pump();
        }

        @Override
        public void onUpstreamFinish() {
          pump();
        }
      });
      setHandler(cipherOut, new AbstractOutHandler() {
        @Override
        public void onPull() {
          pump();
        }
      });
      setHandler(plainOut, new AbstractOutHandler() {
        @Override
        public void onPull() {
          pump();
        }

        @Override
        public void onDownstreamFinish(Throwable cause) {
          plainCancelled = true;
          plainReady = ByteString.emptyByteString();
          pump();
        }
      });
    }

    @Override
    public void preStart() throws SSLException {
      engine = engines.get();
      packet = engine.getSession().getPacketBufferSize();
      app = engine.getSession().getApplicationBufferSize();
      netIn = ByteBuffer.allocate(packet);
      netIn.flip();
      engine.beginHandshake();
      pump();
    }

    /** Moves bytes through the engine as far as demand and input allow, then asks for more. */
    private void pump() {
      try {
        boolean progress;
        do {
          progress = step();
        } while (progress);
        flush();
        demand();
        finish();
      } catch (SSLException | RuntimeException e) {
        failStage(e);
      }
    }

    private boolean step() throws SSLException {
      switch (engine.getHandshakeStatus()) {
        case NEED_TASK -> {
          for (Runnable t; (t = engine.getDelegatedTask()) != null; ) t.run();
          return true;
        }
        case NEED_WRAP -> {
          return cipherReady.isEmpty() && wrap(new ByteBuffer[0]);
        }
        case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
          return unwrap();
        }
        default -> {
          if (!verified) {
            SSLSession session = engine.getSession();
            verify.accept(session);
            verified = true;
            packet = Math.max(packet, session.getPacketBufferSize());
            app = Math.max(app, session.getApplicationBufferSize());
          }
          boolean moved = false;
          if (toWrap != null && cipherReady.isEmpty()) {
            moved = wrap(toWrap);
            if (remaining(toWrap) == 0) toWrap = null;
          } else if (toWrap == null && isClosed(plainIn) && !closeSent) {
            engine.closeOutbound();
            closeSent = true;
            moved = true;
          }
          if (plainReady.isEmpty()) moved |= unwrap();
          return moved;
        }
      }
    }

    /** Encrypts from {@code src} into one fresh array of up to a few records. */
    private boolean wrap(ByteBuffer[] src) throws SSLException {
      // Room for the records this input makes, up to a few: never a large empty array (the
      // handshake and close_notify wrap nothing).
      long records = Math.max(1, Math.min(RECORDS_PER_ELEMENT, (remaining(src) + RECORD - 1) / RECORD));
      ByteBuffer out = ByteBuffer.allocate(packet * (int) records);
      boolean any = false;
      while (out.remaining() >= packet) {
        SSLEngineResult r = engine.wrap(src, out);
        if (r.getStatus() == SSLEngineResult.Status.CLOSED && r.bytesProduced() == 0) break;
        any |= r.bytesProduced() > 0 || r.bytesConsumed() > 0;
        if (r.bytesProduced() == 0 || remaining(src) == 0
            || r.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING) {
          break;
        }
      }
      if (out.position() > 0) cipherReady = ByteString.fromArrayUnsafe(out.array(), 0, out.position());
      return any;
    }

    /** Decrypts what input there is into one fresh array of up to a few records. */
    private boolean unwrap() throws SSLException {
      refill();
      if (!netIn.hasRemaining()) return false; // called on every pump: allocate only for input
      // Plaintext is never longer than its ciphertext: room for what arrived, up to a few records.
      long input = netIn.remaining() + (long) pendingNet.size();
      ByteBuffer out = ByteBuffer.allocate((int) Math.max(app, Math.min((long) app * RECORDS_PER_ELEMENT, input)));
      boolean any = false;
      while (true) {
        refill();
        if (!netIn.hasRemaining() || out.remaining() < app) break;
        SSLEngineResult r = engine.unwrap(netIn, out);
        any |= r.bytesConsumed() > 0 || r.bytesProduced() > 0;
        SSLEngineResult.Status s = r.getStatus();
        if (s == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
          if (netIn.remaining() == netIn.capacity()) grow(); // a record larger than the buffer
          else if (pendingNet.isEmpty()) break; // a record's rest is still on its way
        } else if (s == SSLEngineResult.Status.CLOSED) {
          break;
        } else if (r.bytesConsumed() == 0 && r.bytesProduced() == 0) {
          break;
        }
        if (r.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING
            && r.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.FINISHED) {
          break; // the handshake wants a task or a wrap first
        }
      }
      if (out.position() > 0 && !plainCancelled) {
        plainReady = ByteString.fromArrayUnsafe(out.array(), 0, out.position());
      }
      return any;
    }

    /** Tops netIn up from pendingNet (netIn stays in read mode). */
    private void refill() {
      if (pendingNet.isEmpty() || netIn.remaining() == netIn.capacity()) return;
      netIn.compact();
      int n = pendingNet.copyToBuffer(netIn);
      pendingNet = pendingNet.drop(n);
      netIn.flip();
    }

    private void grow() {
      ByteBuffer bigger = ByteBuffer.allocate(Math.max(packet, netIn.capacity()) * 2);
      bigger.put(netIn);
      bigger.flip();
      netIn = bigger;
    }

    private void flush() {
      if (!cipherReady.isEmpty() && isAvailable(cipherOut)) {
        push(cipherOut, cipherReady);
        cipherReady = ByteString.emptyByteString();
      }
      if (!plainReady.isEmpty() && isAvailable(plainOut)) {
        push(plainOut, plainReady);
        plainReady = ByteString.emptyByteString();
      }
    }

    private void demand() {
      boolean inputUsed = pendingNet.isEmpty();
      if (inputUsed && plainReady.isEmpty() && !engine.isInboundDone()
          && !isClosed(cipherIn) && !hasBeenPulled(cipherIn)) {
        pull(cipherIn);
      }
      if (verified && toWrap == null && cipherReady.isEmpty() && !isClosed(plainIn)
          && !hasBeenPulled(plainIn)) {
        pull(plainIn);
      }
    }

    private void finish() {
      if (engine.isOutboundDone() && cipherReady.isEmpty() && !isClosed(cipherOut)) complete(cipherOut);
      boolean inputOver = engine.isInboundDone()
          || isClosed(cipherIn) && pendingNet.isEmpty() && !netIn.hasRemaining();
      if (inputOver && plainReady.isEmpty() && !isClosed(plainOut)) complete(plainOut);
      if (isClosed(cipherOut) && (isClosed(plainOut) || plainCancelled)) completeStage();
    }

    private static long remaining(ByteBuffer[] bufs) {
      long n = 0;
      for (ByteBuffer b : bufs) n += b.remaining();
      return n;
    }
  }
}
