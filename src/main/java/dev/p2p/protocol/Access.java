package dev.p2p.protocol;

import dev.p2p.storage.FileId;

/**
 * Notification (no reply), downloader to peer: proves that the sender holds the key of the
 * private file {@code file_id} on this connection ({@code proof}, see {@code ShareKey}). Until
 * one verifies, the peer treats the file as one it does not serve; a wrong proof is ignored.
 */
public record Access(FileId fileId, String proof) implements Message {
  public Access {
    Checks.fileId(fileId);
    Checks.hex("proof", proof);
  }
}
