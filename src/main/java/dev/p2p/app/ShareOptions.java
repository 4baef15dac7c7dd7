package dev.p2p.app;

import java.time.Duration;
import java.util.Optional;

/**
 * How to share a file: publicly (anyone who has its ID may download it), or privately, only by
 * whoever holds the link's key, optionally until {@code expiresIn} from now and to at most {@code
 * maxDownloads} distinct downloaders (both enforced by the tracker and by this node).
 */
public record ShareOptions(boolean privately, Optional<Duration> expiresIn, Optional<Integer> maxDownloads) {
  public static final ShareOptions PUBLIC = new ShareOptions(false, Optional.empty(), Optional.empty());

  public ShareOptions {
    if (!privately && (expiresIn.isPresent() || maxDownloads.isPresent())) {
      throw new IllegalArgumentException("an expiry or a download limit needs a private share");
    }
    expiresIn.ifPresent(d -> {
      if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("the expiry must be in the future");
    });
    maxDownloads.ifPresent(n -> {
      if (n < 1) throw new IllegalArgumentException("the download limit must be at least 1");
    });
  }

  /** A private share without expiry or limit. */
  public static ShareOptions privateShare() {
    return new ShareOptions(true, Optional.empty(), Optional.empty());
  }
}
