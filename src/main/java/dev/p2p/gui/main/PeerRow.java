package dev.p2p.gui.main;

import dev.p2p.text.Units;
import dev.p2p.transfer.TransferEvent.PeerStat;

/** One remote peer of the selected download, formatted for the per-peer table. */
public record PeerRow(String address, String received, int chunks, int inFlight, String failures) {
  static PeerRow of(PeerStat s) {
    String failures = s.failures() + (s.banned() ? " (banned)" : "");
    return new PeerRow(s.peer(), Units.bytes(s.bytes()), s.chunks(), s.inFlight(), failures);
  }
}
