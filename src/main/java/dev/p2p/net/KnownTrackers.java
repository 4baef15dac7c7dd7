package dev.p2p.net;

import dev.p2p.text.P2pException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trust on first use for trackers, as SSH's {@code known_hosts}: the first time this machine
 * talks to a tracker address it records the node ID the tracker presented, in {@code
 * known-trackers} in the state folder (one {@code host:port nodeId} per line); later, a tracker
 * on that address presenting another certificate is refused, so that whoever takes over the
 * address (or sits in the middle) cannot hand out peers of its choosing.
 *
 * <p>Without a state folder nothing is remembered, and every tracker is accepted.
 */
public final class KnownTrackers {
  private static final Logger log = LoggerFactory.getLogger(KnownTrackers.class);
  /** File name in the state folder. */
  public static final String FILE = "known-trackers";
  private static final int MAX_LINE = 400;

  private final Optional<Path> file;
  private final Map<String, String> known = new HashMap<>();

  private KnownTrackers(Optional<Path> file, Map<String, String> known) {
    this.file = file;
    this.known.putAll(known);
  }

  /** Remembers nothing: every tracker is accepted. */
  public static KnownTrackers none() {
    return new KnownTrackers(Optional.empty(), Map.of());
  }

  /** The trackers recorded in {@code stateDir} (none yet if it has no file). */
  public static KnownTrackers in(Path stateDir) {
    Path f = stateDir.resolve(FILE);
    Map<String, String> m = new HashMap<>();
    try {
      if (Files.exists(f)) {
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        for (String line : lines) {
          String[] parts = line.trim().split("\\s+");
          // Ignore what is not ours (a comment, a damaged line): its tracker is then new again.
          if (line.length() <= MAX_LINE && parts.length == 2 && parts[1].matches("[0-9a-f]{64}")) {
            m.put(parts[0], parts[1]);
          }
        }
      }
    } catch (IOException e) {
      throw new P2pException("cannot read " + f + ": " + e.getMessage(), e);
    }
    return new KnownTrackers(Optional.of(f), m);
  }

  /** The pin for the tracker at {@code hostPort}: its recorded node ID, or record the first seen. */
  public Pin pinFor(String hostPort) {
    return presented -> {
      synchronized (this) {
        String before = known.get(hostPort);
        if (before == null) {
          if (file.isEmpty()) return;
          known.put(hostPort, presented);
          append(hostPort + " " + presented + "\n");
        } else if (!before.equals(presented)) {
          throw new Transport.WrongPeer("tracker " + hostPort + " presented node ID "
              + Transport.shortId(presented) + ", but it was " + Transport.shortId(before)
              + " when this machine first used it (" + file.map(Path::toString).orElse("") + "):"
              + " someone else may be answering on its address; if the tracker was set up again,"
              + " delete that line");
        }
      }
    };
  }

  private void append(String line) {
    Path f = file.orElseThrow();
    try {
      Files.createDirectories(f.getParent());
      Files.writeString(f, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      // Not fatal: the connection goes on, and the tracker is new again next time.
      log.warn("cannot record the tracker's node ID in {}: {}", f, e.getMessage());
    }
  }
}
