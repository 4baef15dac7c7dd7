package dev.p2p.storage;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret of a private share: 128 random bits, written as 22 base64url characters (no
 * padding) in the share's link. Everything the network sees is derived from it with HMAC-SHA256,
 * so the secret itself never leaves the link:
 *
 * <pre>
 *   lookup      = HMAC(secret, "p2p-lookup" 0x00 fileIdHex)          sent to the tracker in QUERY
 *   lookup_hash = SHA-256(lookup)                                    all the tracker stores
 *   accessKey   = HMAC(secret, "p2p-access")                         never sent
 *   proof       = HMAC(accessKey, "p2p-access" 0x00 serverNodeId 0x00 clientNodeId 0x00 fileIdHex)
 * </pre>
 *
 * The 0x00 separators keep the parts apart (no node ID or file ID contains a NUL), so that no two
 * different triples hash the same bytes. A proof names both ends of one connection: replayed by
 * another client, or to another server, it does not verify. Values are lowercase hex.
 *
 * <p>{@link #toString()} never shows the secret: logs and error messages may print a key.
 */
public final class ShareKey {
  /** 128 bits: beyond guessing, and short enough for a link someone pastes. */
  public static final int SECRET_BYTES = 16;
  /** Base64url characters of {@link #SECRET_BYTES} bytes without padding. */
  public static final int ENCODED_LENGTH = 22;

  private static final HexFormat HEX = HexFormat.of();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] secret;
  private final byte[] accessKey;

  private ShareKey(byte[] secret) {
    this.secret = secret.clone();
    this.accessKey = hmac(this.secret, "p2p-access");
  }

  /** A fresh random key. */
  public static ShareKey generate() {
    byte[] b = new byte[SECRET_BYTES];
    RANDOM.nextBytes(b);
    return new ShareKey(b);
  }

  /**
   * Reads the key of a link: exactly 22 base64url characters. The message of the exception never
   * contains the text (it may be most of a secret).
   */
  public static ShareKey parse(String text) {
    if (text == null || text.length() != ENCODED_LENGTH) {
      throw new IllegalArgumentException("the key must be " + ENCODED_LENGTH + " characters, got "
          + (text == null ? 0 : text.length()));
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
        throw new IllegalArgumentException("the key may hold only A-Z, a-z, 0-9, '-' and '_'");
      }
    }
    byte[] b = Base64.getUrlDecoder().decode(text);
    // The last character carries 4 spare bits: only one spelling of each key is accepted.
    if (!Base64.getUrlEncoder().withoutPadding().encodeToString(b).equals(text)) {
      throw new IllegalArgumentException("the key is not in its canonical form");
    }
    return new ShareKey(b);
  }

  /** The key as it appears in a link. */
  public String encoded() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
  }

  /** What a downloader shows the tracker to find the private file {@code id}. */
  public String lookup(FileId id) {
    return HEX.formatHex(hmac(secret, "p2p-lookup\0" + id.hex()));
  }

  /** What the tracker keeps of {@code id}'s private share: the SHA-256 of its lookup. */
  public String lookupHash(FileId id) {
    return hashOfLookup(lookup(id));
  }

  /** SHA-256 of a lookup (hex in, hex out), as the tracker compares it. */
  public static String hashOfLookup(String lookupHex) {
    try {
      return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(HEX.parseHex(lookupHex)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The proof that a client holds this key, for one connection from {@code client} to {@code server}. */
  public String proof(String serverNodeId, String clientNodeId, FileId id) {
    return HEX.formatHex(hmac(accessKey,
        "p2p-access\0" + serverNodeId + "\0" + clientNodeId + "\0" + id.hex()));
  }

  /** Whether {@code proofHex} is this key's proof for that connection; constant time. */
  public boolean verifies(String proofHex, String serverNodeId, String clientNodeId, FileId id) {
    byte[] expected = proof(serverNodeId, clientNodeId, id).getBytes(StandardCharsets.US_ASCII);
    return proofHex != null
        && MessageDigest.isEqual(expected, proofHex.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Whether a share whose terms end at {@code expiresAt} (epoch seconds; null = never) has ended
   * at {@code nowMillis}: the one rule of the tracker and the sharers.
   */
  public static boolean expired(Long expiresAt, long nowMillis) {
    return expiresAt != null && expiresAt * 1000 <= nowMillis;
  }

  /** Two hex strings of a hash are equal; constant time (for the tracker's lookup compare). */
  public static boolean sameHash(String a, String b) {
    return a != null && b != null && MessageDigest.isEqual(
        a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ShareKey k && MessageDigest.isEqual(secret, k.secret);
  }

  @Override
  public int hashCode() {
    return accessKey[0] << 24 | (accessKey[1] & 0xff) << 16 | (accessKey[2] & 0xff) << 8 | (accessKey[3] & 0xff);
  }

  /** Never the secret. */
  @Override
  public String toString() {
    return "ShareKey[hidden]";
  }
}
