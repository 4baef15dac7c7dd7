package dev.p2p.protocol;

import dev.p2p.storage.FileId;

/**
 * Asks the tracker to forget every private share of {@code file_id} that the sender's node
 * registered first (its owner): nobody new can find it, and its sharers' next REGISTER is
 * refused, so they stop. Answered by REGISTERED (peers 0) or ERROR NOT_FOUND.
 */
public record Revoke(FileId fileId) implements Message {
  public Revoke {
    Checks.fileId(fileId);
  }
}
