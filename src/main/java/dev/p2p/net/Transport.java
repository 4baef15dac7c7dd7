package dev.p2p.net;

import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.IgnoreCancel$;
import org.apache.pekko.stream.IgnoreComplete$;
import org.apache.pekko.stream.TLSProtocol;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.TLS;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How this node's connections are carried: TLS 1.3 with its {@link NodeIdentity} (the default),
 * or plaintext. Over TLS both ends present their self-signed certificate; the certificate is not
 * checked against any authority (there is none) but by fingerprint: a client that expects a node
 * ID refuses a server that presents another, and a server learns the client's node ID (a
 * {@link Link}). The framing runs unchanged on top.
 *
 * <p>A server tells the two apart by a connection's first byte: a TLS record starts with 0x16
 * (handshake); a frame of ours starts with the top byte of its length, 0x00 or 0x01 under the
 * largest frame. A TLS server answers a plaintext client with one plaintext ERROR frame and closes.
 */
public final class Transport {
  private static final Logger log = LoggerFactory.getLogger(Transport.class);
  private static final byte TLS_HANDSHAKE = 0x16;
  private static final String[] PROTOCOLS = {"TLSv1.3"};
  /** Self-signatures remembered as verified, per node ({@link SelfSigned}). */
  private static final int VERIFIED_CACHE = 4096;
  private static final String NAMED_GROUPS = "jdk.tls.namedGroups";

  private final Optional<NodeIdentity> identity;
  private final SSLContext context;

  private Transport(Optional<NodeIdentity> identity, SSLContext context) {
    this.identity = identity;
    this.context = context;
  }

  /** Plaintext connections: nothing is encrypted and no end proves who it is. */
  public static Transport plaintext() {
    return new Transport(Optional.empty(), null);
  }

  /**
   * The key-exchange groups, unless the user set them (-Djdk.tls.namedGroups): X25519 only. By
   * default a JDK 17 client sends a key share of X25519 and one of P-256, made for every
   * handshake and thrown away (JFR at 200 peers in one process: P-256 key generation was one of
   * the largest costs of the handshakes that made the tracker late). Every peer and tracker of
   * ours is a JDK with X25519. Read once, when the JDK's TLS classes load: set before the first
   * context is made.
   */
  static {
    if (System.getProperty(NAMED_GROUPS) == null) System.setProperty(NAMED_GROUPS, "x25519");
  }

  /** TLS 1.3 on every connection, with {@code identity}'s key and certificate. */
  public static Transport tls(NodeIdentity identity) {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      char[] pw = new char[0];
      ks.setKeyEntry("node", identity.key(), pw, new Certificate[] {identity.certificate()});
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, pw);
      SSLContext ctx = SSLContext.getInstance("TLSv1.3");
      ctx.init(kmf.getKeyManagers(), new TrustManager[] {new SelfSigned()}, new SecureRandom());
      return new Transport(Optional.of(identity), ctx);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  /** Whether connections are TLS. */
  public boolean encrypted() {
    return identity.isPresent();
  }

  /**
   * The TLS context (this node's key and certificate, any self-signed peer accepted, no hostname
   * check), for code that speaks the protocol on plain {@code java.net} sockets, such as tests
   * playing a hostile peer; the caller then checks the fingerprint itself. Only when {@link
   * #encrypted}.
   */
  public SSLContext sslContext() {
    if (context == null) throw new IllegalStateException("plaintext transport has no TLS context");
    return context;
  }

  /** This node's identity, when connections are TLS. */
  public Optional<NodeIdentity> identity() {
    return identity;
  }

  /**
   * The client side of a connection to {@code remote}, as a layer between our frames (top) and
   * the TCP bytes (bottom). Over TLS, a server whose node ID {@code pin} refuses fails the
   * connection (and is logged) before a byte of ours is sent.
   */
  public BidiFlow<ByteString, ByteString, ByteString, ByteString, NotUsed> client(
      InetSocketAddress remote, Pin pin) {
    if (!encrypted()) return BidiFlow.identity();
    return plainBytes().atop(TLS.create(() -> engine(true), session -> {
      try {
        pin.check(presentedId(session));
      } catch (WrongPeer e) {
        log.warn(e.getMessage());
        throw e;
      }
    }, IgnoreComplete$.MODULE$));
  }

  /**
   * One accepted connection from {@code remote}, raw TCP bytes in and out: over TLS, runs the
   * handshake and then {@code plain} for the {@link Link} the client's certificate proves; a
   * plaintext client of a TLS server gets {@code refusal} (one encoded frame) and the end.
   */
  Flow<ByteString, ByteString, NotUsed> server(InetSocketAddress remote,
      Function<Link, Flow<ByteString, ByteString, NotUsed>> plain, ByteString refusal) {
    if (!encrypted()) return plain.apply(Link.plaintext(remote));
    return sniff(tls -> tls ? tlsServer(remote, plain) : once(refusal));
  }

  /**
   * A connection that is sent {@code frame} (over TLS once the handshake is done, if the client
   * speaks TLS) and closed, whatever the client says.
   */
  Flow<ByteString, ByteString, NotUsed> refusing(ByteString frame) {
    if (!encrypted()) return once(frame);
    return sniff(tls -> tls ? serverSession(s -> presentedId(s)).join(once(frame)) : once(frame));
  }

  private static Flow<ByteString, ByteString, NotUsed> once(ByteString frame) {
    // Coupled: once the frame is written the read side is cancelled too and the socket closed; a
    // half-closed refusal held a file descriptor, outside every count, until the idle timeout.
    return Flow.fromSinkAndSourceCoupled(Sink.ignore(), Source.single(frame));
  }

  /** The flow {@code choose} makes for whether the connection's first byte starts TLS. */
  private static Flow<ByteString, ByteString, NotUsed> sniff(
      Function<Boolean, Flow<ByteString, ByteString, NotUsed>> choose) {
    return Flow.of(ByteString.class).flatMapPrefix(1, first -> {
      boolean tls = !first.isEmpty() && !first.get(0).isEmpty() && first.get(0).apply(0) == TLS_HANDSHAKE;
      return Flow.of(ByteString.class).prepend(Source.from(first)).via(choose.apply(tls));
    });
  }

  private Flow<ByteString, ByteString, NotUsed> tlsServer(InetSocketAddress remote,
      Function<Link, Flow<ByteString, ByteString, NotUsed>> plain) {
    // The handler is made when the first bytes arrive: the session was verified before any byte
    // of it is passed on, so the client's node ID is known by then. The server never speaks
    // first, so nothing waits for it.
    AtomicReference<String> client = new AtomicReference<>("");
    return serverSession(session -> client.set(presentedId(session))).join(
        Flow.of(ByteString.class).flatMapPrefix(1, first -> Flow.of(ByteString.class)
            .prepend(Source.from(first)).via(plain.apply(new Link(remote, client.get())))));
  }

  /**
   * The server side of a TLS session, the socket's bytes at the bottom and ours at the top;
   * {@code verify} runs once the handshake is done (and throws to refuse the client).
   * IgnoreCancel: when the framed part stops reading after bad input, the session stays open
   * until its final ERROR is written (as CancelQuietly does for plain TCP), then closes.
   */
  private BidiFlow<ByteString, ByteString, ByteString, ByteString, NotUsed> serverSession(
      Consumer<SSLSession> verify) {
    return TLS.create(() -> engine(false), verify, IgnoreCancel$.MODULE$).reversed()
        .atop(plainBytes().reversed());
  }

  /** Our bytes to and from the TLS stage's session messages. */
  private static BidiFlow<ByteString, TLSProtocol.SslTlsOutbound, TLSProtocol.SslTlsInbound,
      ByteString, NotUsed> plainBytes() {
    return BidiFlow.fromFlows(
        Flow.of(ByteString.class).map(b -> (TLSProtocol.SslTlsOutbound) TLSProtocol.SendBytes$.MODULE$.apply(b)),
        Flow.of(TLSProtocol.SslTlsInbound.class)
            .filter(in -> in instanceof TLSProtocol.SessionBytes)
            .map(in -> ((TLSProtocol.SessionBytes) in).bytes()));
  }

  private SSLEngine engine(boolean client) {
    // No peer host given: no hostname check and no SNI. Identity is the fingerprint, checked
    // in the session verifier, never a name.
    SSLEngine e = context.createSSLEngine();
    e.setUseClientMode(client);
    e.setEnabledProtocols(PROTOCOLS);
    if (!client) e.setNeedClientAuth(true);
    return e;
  }

  /** The node ID the far end's certificate proves. */
  private static String presentedId(SSLSession session) {
    try {
      Certificate[] chain = session.getPeerCertificates();
      return NodeIdentity.fingerprint(chain[0]);
    } catch (SSLPeerUnverifiedException e) {
      throw new WrongPeer("the far end presented no certificate");
    }
  }

  /** The first 16 hex digits of a node ID, enough to tell nodes apart in a log line. */
  public static String shortId(String nodeId) {
    return nodeId.length() > 16 ? nodeId.substring(0, 16) + "…" : nodeId;
  }

  /** The far end of a TLS connection is not the node it was expected to be. */
  public static final class WrongPeer extends RuntimeException {
    WrongPeer(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Accepts any well-formed, currently valid, self-signed certificate at the TLS layer: nodes
   * have no authority over them; who they are is decided by fingerprint afterwards. A plain
   * {@link X509TrustManager}: the JDK wraps it with its algorithm-constraint checks, and with no
   * endpoint identification set it checks no host name.
   */
  private static final class SelfSigned implements X509TrustManager {
    /**
     * Certificates (by fingerprint) whose self-signature verified: a node meets the same few
     * again and again (its tracker on every request), and the ECDSA check was a fifth of a
     * handshake's CPU. Bounded; the eldest go first.
     */
    private final Map<String, Boolean> verified = Collections.synchronizedMap(
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > VERIFIED_CACHE;
          }
        });

    private void check(X509Certificate[] chain) throws CertificateException {
      if (chain == null || chain.length == 0) throw new CertificateException("no certificate");
      X509Certificate c = chain[0];
      c.checkValidity();
      String id = NodeIdentity.fingerprint(c);
      if (verified.containsKey(id)) return;
      try {
        c.verify(c.getPublicKey());
      } catch (GeneralSecurityException e) {
        throw new CertificateException("not a self-signed node certificate: " + e.getMessage(), e);
      }
      verified.put(id, Boolean.TRUE);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      check(chain);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  @Override
  public String toString() {
    return identity.map(i -> "TLS as " + i).orElse("plaintext");
  }
}
