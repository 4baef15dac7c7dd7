package dev.p2p.transfer.policy;

/** Why a chunk request failed; the retry and ban policies depend on it. */
public enum FailureKind {
  /** No answer within the request timeout. */
  TIMEOUT,
  /** The peer said it does not have the chunk: not the peer's fault. */
  REFUSED,
  /** The bytes did not match the chunk's SHA-256. */
  BAD_DATA,
  /** The connection ended before the answer. */
  CONNECTION,
  /** The chunk arrived but could not be written: the download cannot go on. */
  DISK
}
