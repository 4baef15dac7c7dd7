package dev.p2p.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.text.HostPort;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ShareLinkTest {
  static final String ID = "9e3ee0bd5a563ec817a9eba2e1468d1e56db067b475016b0a65bf301c40e9ecb";
  static final String KEY = "AAECAwQFBgcICQoLDA0ODw";   // bytes 0..15

  /** Text, then the link it reads as (re-formatted), or null when it is refused with that message. */
  static Stream<Arguments> table() {
    return Stream.of(
        Arguments.of(ID, "p2p://" + ID, null),
        Arguments.of("  " + ID.toUpperCase() + "\n", "p2p://" + ID, null),
        Arguments.of("p2p://" + ID, "p2p://" + ID, null),
        Arguments.of("P2P://127.0.0.1:5000/" + ID, "p2p://127.0.0.1:5000/" + ID, null),
        Arguments.of("p2p://[::1]:5000/" + ID + "?key=" + KEY,
            "p2p://[::1]:5000/" + ID + "?key=" + KEY, null),
        Arguments.of("p2p://h:1/" + ID + "?expires=10&size=2500&name=a%20b%C3%A9.txt&key=" + KEY,
            "p2p://h:1/" + ID + "?key=" + KEY + "&name=a%20b%C3%A9.txt&size=2500&expires=10", null),
        Arguments.of("p2p://" + ID + "?name=x", "p2p://" + ID + "?name=x", null),
        Arguments.of("", null, "not a link or a file ID: expected p2p://... or 64 hex characters"),
        Arguments.of("http://" + ID, null, "not a link or a file ID: expected p2p://... or 64 hex characters"),
        Arguments.of("p2p://" + ID.substring(1), null, "the link's file ID must be 64 lowercase hex characters"),
        Arguments.of("p2p://" + ID.toUpperCase(), null, "the link's file ID must be 64 lowercase hex characters"),
        Arguments.of("p2p://host/" + ID, null, "the link's tracker is not HOST:PORT (NO_PORT)"),
        Arguments.of("p2p://host:0/" + ID, null, "the link's tracker is not HOST:PORT (PORT_OUT_OF_RANGE)"),
        Arguments.of("p2p://" + ID + "?key=" + KEY + "&key=" + KEY, null, "the link repeats a parameter"),
        Arguments.of("p2p://" + ID + "?color=red", null,
            "the link has an unknown parameter (known: key, name, size, expires)"),
        Arguments.of("p2p://" + ID + "?key=short", null, "the key must be 22 characters, got 5"),
        Arguments.of("p2p://" + ID + "?key=AAECAwQFBgcICQoLDA0OD+", null,
            "the key may hold only A-Z, a-z, 0-9, '-' and '_'"),
        Arguments.of("p2p://" + ID + "?key=AAECAwQFBgcICQoLDA0ODx", null, "the key is not in its canonical form"),
        Arguments.of("p2p://" + ID + "?size=-1", null, "the link's size must be a whole number"),
        Arguments.of("p2p://" + ID + "?size=99999999999999999999", null, "the link's size must be a whole number"),
        Arguments.of("p2p://" + ID + "?size=9999999999999", null, "size out of range [0, 1099511627776]: 9999999999999"),
        Arguments.of("p2p://" + ID + "?expires=", null, "the link's expires must be a whole number"),
        Arguments.of("p2p://" + ID + "?name=", null, "the link's name must be 1-255 characters"),
        Arguments.of("p2p://" + ID + "?name=a b", null, "the link's name must be percent-encoded"),
        Arguments.of("p2p://" + ID + "?name=%4", null, "the link's name has a bad %-escape"),
        Arguments.of("p2p://" + ID + "?name=%FF", null, "the link's name is not UTF-8"),
        Arguments.of("p2p://" + ID + "?name=" + "a".repeat(256), null, "the link's name must be 1-255 characters"),
        Arguments.of("p2p://" + ID + "?name=" + "a".repeat(5000), null, "the link is longer than 4096 characters"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("table")
  void parsesOrRefusesWithOneSentence(String text, String formatted, String refusal) {
    if (refusal == null) {
      assertEquals(formatted, ShareLink.parse(text).format());
      assertEquals(ShareLink.parse(formatted), ShareLink.parse(ShareLink.parse(formatted).format()));
    } else {
      assertEquals(refusal, assertThrows(IllegalArgumentException.class, () -> ShareLink.parse(text)).getMessage());
    }
  }

  @Test
  void theKeyIsLeftOutOfEverythingButFormat() {
    ShareLink l = ShareLink.parse("p2p://127.0.0.1:5000/" + ID + "?key=" + KEY + "&name=x");
    assertTrue(l.isPrivate());
    assertEquals("p2p://127.0.0.1:5000/" + ID + "?name=x", l.redacted());
    assertEquals(l.redacted(), l.toString());
    assertFalse(String.valueOf(l.key()).contains(KEY));
    // A bad key is not quoted back either.
    String msg = assertThrows(IllegalArgumentException.class,
        () -> ShareLink.parse("p2p://" + ID + "?key=" + KEY + "x")).getMessage();
    assertFalse(msg.contains(KEY));
  }

  @Test
  void aPublicLinkIsTheIdWithOptionalFields() {
    ShareLink l = new ShareLink(Optional.of(new HostPort("10.0.0.1", 5000)), new FileId(ID),
        Optional.empty(), Optional.of("notes.txt"), OptionalLong.of(2500), OptionalLong.empty());
    assertFalse(l.isPrivate());
    assertEquals("p2p://10.0.0.1:5000/" + ID + "?name=notes.txt&size=2500", l.format());
  }

  @Test
  void keyDerivationsAreStableAndBindBothEnds() {
    ShareKey k = ShareKey.parse(KEY);
    FileId id = new FileId(ID);
    assertEquals(KEY, k.encoded());
    assertEquals(64, k.lookup(id).length());
    assertEquals(ShareKey.hashOfLookup(k.lookup(id)), k.lookupHash(id));
    String proof = k.proof("server", "client", id);
    assertTrue(k.verifies(proof, "server", "client", id));
    assertFalse(k.verifies(proof, "server", "other", id));
    assertFalse(k.verifies(proof, "other", "client", id));
    assertFalse(k.verifies(proof, "serverc", "lient", id));
    assertFalse(ShareKey.generate().verifies(proof, "server", "client", id));
    assertFalse(ShareKey.generate().encoded().equals(ShareKey.generate().encoded()));
    assertEquals("ShareKey[hidden]", k.toString());
  }
}
