package dev.p2p.cli;

import dev.p2p.text.BindFailure;
import com.typesafe.config.ConfigFactory;
import dev.p2p.app.AppSettings;
import dev.p2p.app.LocalPeer;
import dev.p2p.app.ops.Operating;
import dev.p2p.text.UserText;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/** Starting a peer node from the CLI, with the fallback to a free port. */
final class Peers {
  private Peers() {}

  /**
   * Starts a node. If the configured port is busy and the user did not ask for it explicitly,
   * a free port is used instead (and said on stderr): two sharers on one machine just work.
   * A port that cannot be bound otherwise is one line naming the address, not Pekko's wording.
   */
  static LocalPeer start(CliRuntime rt, boolean portExplicit) {
    LocalPeer n = start(rt, portExplicit, s -> LocalPeer.start(rt.system, s), LocalPeer::address);
    Endpoints.report(Operating.node(rt.system, rt.settings, n), rt);
    return n;
  }

  /** As {@link #start(CliRuntime, boolean)}, for any node {@code starter} binds with the settings it is given. */
  static <T> T start(CliRuntime rt, boolean portExplicit, Function<AppSettings, CompletionStage<T>> starter,
      Function<T, InetSocketAddress> address) {
    AppSettings s = rt.settings;
    try {
      return starter.apply(s).toCompletableFuture().join();
    } catch (CompletionException e) {
      if (portExplicit || s.peerPort() == 0 || !BindFailure.portInUse(e)) throw inWords(e, s);
      AppSettings any = AppSettings.create(ConfigFactory.parseMap(Map.of("p2p.peer.port", 0))
          .withFallback(rt.config));
      T n;
      try {
        n = starter.apply(any).toCompletableFuture().join();
      } catch (CompletionException again) {
        throw inWords(again, any);
      }
      System.err.println("note: port " + s.peerPort() + " is busy (another p2p node?); serving on port "
          + address.apply(n).getPort() + " instead");
      return n;
    }
  }

  /**
   * Has {@code n} take up what its saved state holds (shares, unfinished downloads: the window
   * and a bare {@code p2p} are the machine's long-running node) and says on stderr what it did,
   * one line, plus one per file skipped. Never fails: a state that cannot be used is a note.
   */
  static CompletionStage<Void> resume(LocalPeer n) {
    return n.resumeSaved().handle((lines, err) -> {
      if (err != null) {
        System.err.println("note: the saved state was not restored: " + UserText.oneLine(err));
      } else {
        lines.forEach(System.err::println);
      }
      return null;
    });
  }

  private static RuntimeException inWords(CompletionException e, AppSettings s) {
    return BindFailure.describe(e, s.peerHost(), s.peerPort(), "another p2p node")
        .<RuntimeException>map(m -> new IllegalStateException(m, e))
        .orElse(e);
  }
}
