package dev.p2p.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.storage.ShareKey;
import dev.p2p.storage.ShareLink;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The flags of private sharing, without a network: durations, keys from P2P_KEY, errors. */
class PrivateOptionsTest {
  static final String ID = "9e3ee0bd5a563ec817a9eba2e1468d1e56db067b475016b0a65bf301c40e9ecb";

  @ParameterizedTest
  @CsvSource({"90s, PT1M30S", "30m, PT30M", "24h, PT24H", "7D, PT168H", "366d, PT8784H"})
  void expiresTakesAWholeNumberAndAUnit(String text, String expected) {
    assertEquals(Duration.parse(expected), ShareCommand.duration(text));
  }

  @ParameterizedTest
  @CsvSource({"24", "h", "0h", "-1h", "1.5h", "367d", "1w", "9999999999999999999h"})
  void expiresRefusesAnythingElseInOneLine(String text) {
    String msg = assertThrows(IllegalArgumentException.class, () -> ShareCommand.duration(text)).getMessage();
    assertEquals("--expires: '" + text + "' is not a duration such as 30m, 24h or 7d (at most a year)", msg);
  }

  @Test
  void theKeyMayComeFromTheEnvironmentButTheLinksOwnKeyWins() {
    ShareKey env = ShareKey.generate();
    ShareKey own = ShareKey.generate();
    assertEquals(env, GetCommand.link(ID, env.encoded()).key().orElseThrow());
    assertEquals(env, GetCommand.link("p2p://127.0.0.1:5000/" + ID, " " + env.encoded() + "\n").key().orElseThrow());
    ShareLink withOwn = GetCommand.link("p2p://" + ID + "?key=" + own.encoded(), env.encoded());
    assertEquals(own, withOwn.key().orElseThrow());
    assertFalse(GetCommand.link(ID, "").isPrivate());
    assertFalse(GetCommand.link(ID, null).isPrivate());
  }

  @Test
  void aBadKeyIsNamedButNeverQuoted() {
    String almost = ShareKey.generate().encoded().substring(1) + "!";
    String msg = assertThrows(IllegalArgumentException.class, () -> GetCommand.link(ID, almost)).getMessage();
    assertEquals("P2P_KEY: the key may hold only A-Z, a-z, 0-9, '-' and '_'", msg);
    Captured r = Captured.run("get", "p2p://" + ID + "?key=" + almost);
    assertEquals(1, r.code());
    assertFalse(r.err().contains(almost.substring(0, 10)), r.err());
  }

  @Test
  void limitsWithoutPrivateAreRefused() {
    Captured r = Captured.run("share", "--expires", "1h", "no-such-file");
    assertEquals(1, r.code());
    assertTrue(r.err().startsWith("error: --expires and --max-downloads need --private"), r.err());
  }
}
