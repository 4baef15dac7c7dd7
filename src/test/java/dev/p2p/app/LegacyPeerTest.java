package dev.p2p.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.p2p.text.HostPort;
import org.junit.jupiter.api.Test;

class LegacyPeerTest {
  @Test
  void aWildcardBindIsAnnouncedAsTheAddressThatReachesTheTrackerNotTheMachinesName() {
    // The route to a tracker on loopback starts at 127.0.0.1; the machine's name may resolve to 127.0.1.1.
    assertEquals("127.0.0.1", LegacyPeer.announcedHost("0.0.0.0", new HostPort("127.0.0.1", 5000)));
  }

  @Test
  void anExplicitAddressIsAnnouncedAsItIs() {
    assertEquals("10.20.30.40", LegacyPeer.announcedHost("10.20.30.40", new HostPort("127.0.0.1", 5000)));
  }
}
