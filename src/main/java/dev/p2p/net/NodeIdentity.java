package dev.p2p.net;

import dev.p2p.text.P2pException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.math.BigInteger;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A node's identity: an EC P-256 key pair and a self-signed certificate, made at first start and
 * kept in {@code identity.pem} in the state folder (Syncthing's model). The <b>node ID</b> is the
 * SHA-256 of the certificate's DER encoding, in lower-case hex: what the tracker records from a
 * registrant's TLS session and what a downloader checks the peer it connects to presents.
 *
 * <p>The self-signature adds no security; what matters is that only the holder of the private key
 * can complete a TLS handshake with this certificate. The file itself is the secret: the
 * certificate and the PKCS#8 key as two PEM blocks (what {@code openssl pkey} and {@code openssl x509}
 * read), unencrypted (a password stored beside it would protect nothing, and a PKCS12 file's
 * key derivation cost 0.1 s of every start), created with mode 0600 where the file system has
 * POSIX permissions.
 */
public final class NodeIdentity {
  /** File name of the identity in the state folder. */
  public static final String FILE = "identity.pem";
  private static final String KEY = "PRIVATE KEY";
  private static final String CERTIFICATE = "CERTIFICATE";

  private final PrivateKey key;
  private final X509Certificate certificate;
  private final String nodeId;

  private NodeIdentity(PrivateKey key, X509Certificate certificate) {
    this.key = key;
    this.certificate = certificate;
    this.nodeId = fingerprint(certificate);
  }

  /** A fresh identity kept nowhere: for tests and for {@code p2p.state-dir = ""}. */
  public static NodeIdentity ephemeral() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      KeyPair pair = g.generateKeyPair();
      return new NodeIdentity(pair.getPrivate(), selfSigned(pair));
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot make a node key: " + e.getMessage(), e);
    }
  }

  /**
   * The identity kept in {@code dir}, made and saved there first if there is none. Two processes
   * starting at once agree: the second one to save finds the first one's file and loads it.
   */
  public static NodeIdentity loadOrCreate(Path dir) {
    Path file = dir.resolve(FILE);
    try {
      if (Files.exists(file)) return load(file);
      Files.createDirectories(dir);
      NodeIdentity made = ephemeral();
      Path tmp = Files.createTempFile(dir, ".identity", ".tmp");
      try {
        restrict(tmp);
        // The certificate first: the JDK's CertificateFactory reads the first block of a file.
        Files.writeString(tmp, pem(CERTIFICATE, made.certificate.getEncoded()) + pem(KEY, made.key.getEncoded()),
            StandardCharsets.US_ASCII);
        publish(tmp, file);
        return made;
      } catch (FileAlreadyExistsException raced) {
        return load(file);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException | GeneralSecurityException e) {
      throw new P2pException("cannot use the node identity " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Makes {@code tmp} appear as {@code file} unless {@code file} exists, atomically: a hard link
   * fails if the name is taken (a move would first check, then replace, and two racing starts
   * could both win); where links are not supported, a move.
   */
  private static void publish(Path tmp, Path file) throws IOException {
    try {
      Files.createLink(file, tmp);
    } catch (UnsupportedOperationException noLinks) {
      Files.move(tmp, file);
    }
  }

  private static NodeIdentity load(Path file) throws IOException, GeneralSecurityException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(block(text, KEY)));
    Certificate cert = CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(block(text, CERTIFICATE)));
    if (!(cert instanceof X509Certificate x509)) throw new GeneralSecurityException("not an X.509 certificate");
    return new NodeIdentity(key, x509);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  /** The bytes of the PEM block {@code type} in {@code text}. */
  private static byte[] block(String text, String type) throws GeneralSecurityException {
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int from = text.indexOf(begin);
    int to = from < 0 ? -1 : text.indexOf(end, from);
    if (to < 0) throw new GeneralSecurityException("it holds no " + type + " block");
    try {
      return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
    } catch (IllegalArgumentException e) {
      throw new GeneralSecurityException("its " + type + " block is not base64", e);
    }
  }

  private static void restrict(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // Windows: the file inherits the user profile's ACL, which already keeps others out.
    }
  }

  private static X509Certificate selfSigned(KeyPair pair)
      throws OperatorCreationException, GeneralSecurityException {
    X500Name name = new X500Name("CN=p2p node");
    Instant now = Instant.now();
    // Valid from a day ago (clock skew) for a century: the certificate is pinned by fingerprint,
    // never checked against a calendar, and must not expire under a long-running node.
    JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
        new BigInteger(64, new SecureRandom()), Date.from(now.minus(1, ChronoUnit.DAYS)),
        Date.from(now.plus(36500, ChronoUnit.DAYS)), name, pair.getPublic());
    return new JcaX509CertificateConverter().getCertificate(
        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
  }

  /** The node ID of {@code certificate}: SHA-256 of its DER encoding, lower-case hex. */
  public static String fingerprint(Certificate certificate) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("unencodable certificate", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /** This node's ID: 64 lower-case hex digits. */
  public String nodeId() {
    return nodeId;
  }

  PrivateKey key() {
    return key;
  }

  X509Certificate certificate() {
    return certificate;
  }

  @Override
  public String toString() {
    return "node " + nodeId;
  }
}
