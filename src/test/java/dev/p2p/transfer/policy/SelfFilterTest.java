package dev.p2p.transfer.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.storage.PeerAddress;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SelfFilterTest {
  @ParameterizedTest(name = "we are {0} at {1}:{2}; {3} at {4}:{5} -> self {6}")
  @CsvSource({
      // our id, host, port; listed id, host, port; self?
      // Our peer ID and port at an address of this machine (10.9.9.9 is one in these rows).
      "me, 10.0.0.1,  7000, me,    10.9.9.9,  7000, true",
      // Our peer ID and port elsewhere: another machine or namespace of ours (a shared home).
      "me, 10.0.0.1,  7000, me,    10.0.0.2,  7000, false",
      // Our peer ID on another port: another process of ours (they share the node identity).
      "me, 127.0.0.1, 7000, me,    127.0.0.1, 7001, false",
      "me, 10.0.0.1,  7000, other, 10.0.0.1,  7000, true",  // our address
      "me, 10.0.0.1,  7000, other, 10.0.0.1,  7001, false", // another port
      "me, 10.0.0.1,  7000, other, 10.0.0.2,  7000, false", // another host
      "me, 127.0.0.1, 7000, other, 127.0.1.1, 7000, true",  // loopback counts as one host
      "me, 127.0.0.1, 7000, other, 127.0.1.1, 7001, false",
      "me, 10.0.0.1,  7000, other, 127.0.0.1, 7000, false", // loopback is not our LAN address
  })
  void recognisesThisNodeByItsPortOnItsHostOrUnderItsIdAtAnAddressOfThisMachine(String nodeId, String host, int port, String peerId,
      String peerHost, int peerPort, boolean self) {
    SelfFilter us = new SelfFilter(nodeId, host, port, h -> h.equals("10.9.9.9") || h.startsWith("127."));
    assertEquals(self, us.isSelf(peerId, new PeerAddress(peerHost, peerPort)));
  }

  @Test
  void theMachinesOwnAddressesAreLocalAndOthersAndNamesAreNot() throws Exception {
    assertTrue(SelfFilter.isLocalAddress("127.0.0.1"));
    assertTrue(SelfFilter.isLocalAddress("0.0.0.0"));
    assertTrue(SelfFilter.isLocalAddress("::1"));
    // TEST-NET-3 (RFC 5737): never an address of a machine.
    assertFalse(SelfFilter.isLocalAddress("203.0.113.7"));
    // A name is not looked up (no DNS from a peer list), even one that would be local.
    assertFalse(SelfFilter.isLocalAddress("localhost"));
    // Neither is what only looks like a literal: these would go to DNS.
    assertFalse(SelfFilter.isLocalAddress("999.0.0.1"));
    assertFalse(SelfFilter.isLocalAddress("..."));
    assertFalse(SelfFilter.isLocalAddress("fe:zz::1"));
    assertTrue(SelfFilter.isLocalAddress("[::1]"));
    for (NetworkInterface i : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      for (InetAddress a : Collections.list(i.getInetAddresses())) {
        if (a instanceof Inet4Address) assertTrue(SelfFilter.isLocalAddress(a.getHostAddress()), a.toString());
      }
    }
  }
}
