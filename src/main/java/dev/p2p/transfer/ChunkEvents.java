package dev.p2p.transfer;

import dev.p2p.storage.PeerAddress;
import dev.p2p.transfer.policy.PeerScoreboard;

/**
 * Tells a download's subscribers of each chunk request and each verified chunk, by index and
 * peer ({@link TransferEvent.ChunkRequested}, {@link TransferEvent.ChunkVerified}): what a
 * window's piece map draws. One small record per request, so per 256 KiB chunk: negligible
 * beside the chunk itself.
 */
final class ChunkEvents implements PeerScoreboard.ChunkWatcher {
  private final DownloadContext c;

  ChunkEvents(DownloadContext c) {
    this.c = c;
  }

  @Override
  public void requested(int index, PeerAddress peer) {
    c.publish(new TransferEvent.ChunkRequested(c.settings().nodeId(), c.id(), index, peer.toString()));
  }

  @Override
  public void verified(int index, PeerAddress peer) {
    c.publish(new TransferEvent.ChunkVerified(c.settings().nodeId(), c.id(), index, peer.toString()));
  }
}
