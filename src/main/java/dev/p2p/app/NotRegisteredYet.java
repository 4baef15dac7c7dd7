package dev.p2p.app;

import dev.p2p.storage.Manifest;
import dev.p2p.text.P2pException;
import java.util.Optional;

/**
 * A share that the tracker could not be told of, because it did not answer: the node serves the
 * file anyway and registers it as soon as the tracker answers again (its Shared
 * event says when). Any other refusal of a share leaves
 * nothing behind: the node drops the file, so that a share reported as failed is never registered
 * later behind the user's back.
 */
public final class NotRegisteredYet extends P2pException {
  private final transient Manifest manifest;

  public NotRegisteredYet(Manifest manifest, String reason) {
    // Only the reason: a CLI share exits on it (stopping its node), the window says the rest.
    super(Kind.TRACKER_UNREACHABLE, reason);
    this.manifest = manifest;
  }

  /** The file being served. */
  public Manifest manifest() {
    return manifest;
  }

  /** The one in {@code failure}'s cause chain, if any. */
  public static Optional<NotRegisteredYet> in(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof NotRegisteredYet n) return Optional.of(n);
    }
    return Optional.empty();
  }
}
