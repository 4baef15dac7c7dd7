package dev.p2p.storage;

import dev.p2p.text.HostPort;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What someone needs to download a file, in one line of text:
 *
 * <pre>
 *   p2p://HOST:PORT/ID?key=KEY&amp;name=NAME&amp;size=BYTES&amp;expires=EPOCH_SECONDS
 *   p2p://ID?name=notes.txt&amp;size=2500                      (no tracker: the user's own)
 * </pre>
 *
 * {@code ID} is the file's 64-hex SHA-256; every parameter is optional and appears at most once,
 * in any order. {@code key} ({@link ShareKey}) makes the share private; without it the link is
 * public, as good as the bare ID. {@code name} is percent-encoded UTF-8, only a hint (the
 * tracker's manifest names the file); {@code size} is the file's size in bytes and {@code
 * expires} when the share ends, seconds since 1970. A bare ID is also accepted by {@link #parse}.
 *
 * <p>Parsing is strict (unknown or repeated parameters, stray characters and over-long text are
 * refused) and its messages never quote the text, which may hold a key. {@link #toString()} and
 * {@link #redacted()} leave the key out; only {@link #format()} writes it.
 */
public record ShareLink(Optional<HostPort> tracker, FileId id, Optional<ShareKey> key,
    Optional<String> name, OptionalLong size, OptionalLong expires) {
  public static final String SCHEME = "p2p://";
  /** Longest link accepted: a 255-character name percent-encoded as UTF-8 needs up to 2295. */
  public static final int MAX_LENGTH = 4096;
  private static final int MAX_NAME = 255;

  public ShareLink {
    if (id == null) throw new IllegalArgumentException("the link has no file ID");
    name.ifPresent(n -> {
      if (n.isEmpty() || n.length() > MAX_NAME) {
        throw new IllegalArgumentException("the link's name must be 1-" + MAX_NAME + " characters");
      }
    });
    size.ifPresent(s -> Manifest.checkRange("size", s, 0, Manifest.MAX_FILE_SIZE));
    expires.ifPresent(e -> Manifest.checkRange("expires", e, 0, Long.MAX_VALUE));
  }

  /** A public link: the ID alone. */
  public static ShareLink of(FileId id) {
    return new ShareLink(Optional.empty(), id, Optional.empty(), Optional.empty(),
        OptionalLong.empty(), OptionalLong.empty());
  }

  public boolean isPrivate() {
    return key.isPresent();
  }

  /** This link with {@code k} as its key. */
  public ShareLink withKey(ShareKey k) {
    return new ShareLink(tracker, id, Optional.of(k), name, size, expires);
  }

  /**
   * A link, or a bare file ID (64 hex characters, either case), blanks around it ignored.
   *
   * @throws IllegalArgumentException with one sentence that does not quote {@code text}
   */
  public static ShareLink parse(String text) {
    String t = text == null ? "" : text.strip();
    if (t.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("the link is longer than " + MAX_LENGTH + " characters");
    }
    if (!t.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      if (t.length() == 64) return of(FileId.parse(t));
      throw new IllegalArgumentException(
          "not a link or a file ID: expected p2p://... or 64 hex characters");
    }
    String rest = t.substring(SCHEME.length());
    int q = rest.indexOf('?');
    String path = q < 0 ? rest : rest.substring(0, q);
    Optional<HostPort> tracker = Optional.empty();
    int slash = path.lastIndexOf('/');
    if (slash >= 0) {
      try {
        tracker = Optional.of(HostPort.parse(path.substring(0, slash), 1));
      } catch (HostPort.Invalid e) {
        throw new IllegalArgumentException("the link's tracker is not HOST:PORT (" + e.reason() + ")");
      }
      path = path.substring(slash + 1);
    }
    if (!FileId.isValid(path)) {
      throw new IllegalArgumentException("the link's file ID must be 64 lowercase hex characters");
    }
    Optional<ShareKey> key = Optional.empty();
    Optional<String> name = Optional.empty();
    OptionalLong size = OptionalLong.empty();
    OptionalLong expires = OptionalLong.empty();
    Set<String> seen = new HashSet<>();
    if (q >= 0) {
      for (String param : rest.substring(q + 1).split("&", -1)) {
        int eq = param.indexOf('=');
        String k = eq < 0 ? param : param.substring(0, eq);
        String v = eq < 0 ? "" : param.substring(eq + 1);
        if (!seen.add(k)) throw new IllegalArgumentException("the link repeats a parameter");
        switch (k) {
          case "key" -> key = Optional.of(ShareKey.parse(v));
          case "name" -> name = Optional.of(decode(v));
          case "size" -> size = OptionalLong.of(number("size", v));
          case "expires" -> expires = OptionalLong.of(number("expires", v));
          default -> throw new IllegalArgumentException(
              "the link has an unknown parameter (known: key, name, size, expires)");
        }
      }
    }
    return new ShareLink(tracker, new FileId(path), key, name, size, expires);
  }

  /** The whole link, key included: for the user to copy, never for a log. */
  public String format() {
    return build(true);
  }

  /** The link without its key, for logs, events and error messages. */
  public String redacted() {
    return build(false);
  }

  @Override
  public String toString() {
    return redacted();
  }

  private String build(boolean withKey) {
    StringBuilder b = new StringBuilder(SCHEME);
    tracker.ifPresent(t -> b.append(t).append('/'));
    b.append(id.hex());
    char sep = '?';
    if (withKey && key.isPresent()) {
      b.append(sep).append("key=").append(key.get().encoded());
      sep = '&';
    }
    if (name.isPresent()) {
      b.append(sep).append("name=").append(encode(name.get()));
      sep = '&';
    }
    if (size.isPresent()) {
      b.append(sep).append("size=").append(size.getAsLong());
      sep = '&';
    }
    if (expires.isPresent()) b.append(sep).append("expires=").append(expires.getAsLong());
    return b.toString();
  }

  private static long number(String field, String v) {
    if (v.isEmpty() || v.length() > 19 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException("the link's " + field + " must be a whole number");
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("the link's " + field + " is too large");
    }
  }

  /** Unreserved characters (RFC 3986) stay, every other UTF-8 byte becomes %XX. */
  private static String encode(String s) {
    StringBuilder b = new StringBuilder();
    for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (x & 0xff);
      if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
          || c == '-' || c == '.' || c == '_' || c == '~') {
        b.append(c);
      } else {
        b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return b.toString();
  }

  /** Strict percent-decoding: every non-unreserved character must be %XX, the bytes UTF-8. */
  private static String decode(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
        int lo = hi >= 0 ? Character.digit(s.charAt(i + 2), 16) : -1;
        if (lo < 0) throw new IllegalArgumentException("the link's name has a bad %-escape");
        out.write(hi << 4 | lo);
        i += 2;
      } else if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
          || c == '-' || c == '.' || c == '_' || c == '~') {
        out.write(c);
      } else {
        throw new IllegalArgumentException("the link's name must be percent-encoded");
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(out.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("the link's name is not UTF-8");
    }
  }
}
