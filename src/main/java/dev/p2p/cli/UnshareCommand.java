package dev.p2p.cli;

import dev.p2p.app.LocalPeer;
import dev.p2p.storage.ShareLink;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "unshare", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = {
        "Revoke a private share: the tracker forgets it, so nobody new can find or download it,",
        "and every node still sharing it stops at its next re-registration (within",
        "p2p.peer.reannounce-interval). Those who downloaded it keep their copy.",
        "Only the node that shared it first may revoke it (its identity in p2p.state-dir, ~/.p2p).",
        "Prints 'revoked <ID>' on stdout; exits 1 if the tracker has no such share from this node."})
final class UnshareCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "ID|LINK", description = "The file's ID, or its link (its key is not needed).")
  String id;

  @Mixin NodeOptions node;

  @Override
  public Integer call() {
    ShareLink link = ShareLink.parse(id);
    CliRuntime rt = new CliRuntime(node.overrides());
    try {
      LocalPeer.revoke(rt.system, rt.settings, link.id()).toCompletableFuture().join();
      System.out.println("revoked " + link.id().hex());
      System.out.flush();
      return 0;
    } finally {
      rt.terminate();
    }
  }
}
