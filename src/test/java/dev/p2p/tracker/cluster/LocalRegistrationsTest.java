package dev.p2p.tracker.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.storage.FileId;
import dev.p2p.storage.PeerAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LocalRegistrationsTest {
  static final FileId A = new FileId("aa".repeat(32));
  static final FileId B = new FileId("bb".repeat(32));
  static final PeerAddress P1 = new PeerAddress("10.0.0.1", 6001);
  static final PeerAddress P2 = new PeerAddress("10.0.0.1", 6002);
  static final byte[] BODY = {1};

  final AtomicLong now = new AtomicLong();
  final LocalRegistrations local = new LocalRegistrations(60, now::get);

  @Test
  void aRefreshKeepsOneEntryAndPushesItsExpiryBack() {
    local.registered(A, P1, BODY, "n");
    now.set(50);
    local.registered(A, P1, BODY, "n");
    local.registered(B, P1, BODY, "n");
    now.set(100);
    assertEquals(List.of(A, B), local.live().stream().map(LocalRegistrations.Entry::id).toList());
    now.set(111);
    assertEquals(0, local.size());
  }

  @Test
  void theCapCountsEntriesPerHostAndARefreshIsNeverOverIt() {
    local.registered(A, P1, BODY, "");
    local.registered(B, P2, BODY, "");
    assertTrue(local.atCap(A, P2, 2), "a third entry of 10.0.0.1");
    assertFalse(local.atCap(A, P1, 2), "a refresh of one it holds");
    local.unregistered(B, P2);
    assertFalse(local.atCap(A, P2, 2));
    now.set(61);
    assertFalse(local.atCap(A, P2, 1), "expired entries no longer count");
  }
}
