package dev.p2p.transfer.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.p2p.storage.PeerAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SelfFilterTest {
  @ParameterizedTest(name = "we are {0} at {1}:{2}; {3} at {4}:{5} -> self {6}")
  @CsvSource({
      // our id, host, port; listed id, host, port; self?
      "me, 10.0.0.1,  7000, me,    10.9.9.9,  7000, true",  // our peer ID and port, wherever
      // Our peer ID on another port: another process of ours (they share the node identity).
      "me, 127.0.0.1, 7000, me,    127.0.0.1, 7001, false",
      "me, 10.0.0.1,  7000, other, 10.0.0.1,  7000, true",  // our address
      "me, 10.0.0.1,  7000, other, 10.0.0.1,  7001, false", // another port
      "me, 10.0.0.1,  7000, other, 10.0.0.2,  7000, false", // another host
      "me, 127.0.0.1, 7000, other, 127.0.1.1, 7000, true",  // loopback counts as one host
      "me, 127.0.0.1, 7000, other, 127.0.1.1, 7001, false",
      "me, 10.0.0.1,  7000, other, 127.0.0.1, 7000, false", // loopback is not our LAN address
  })
  void recognisesThisNodeByItsPortUnderItsIdOrOnItsHost(String nodeId, String host, int port, String peerId,
      String peerHost, int peerPort, boolean self) {
    assertEquals(self, new SelfFilter(nodeId, host, port).isSelf(peerId, new PeerAddress(peerHost, peerPort)));
  }
}
