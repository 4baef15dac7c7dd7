package dev.p2p.cli;

import dev.p2p.app.Node;
import dev.p2p.gui.Launcher;
import dev.p2p.gui.settings.GuiSettingsFile;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "gui", description = {
    "Open the desktop window: a peer node with a JavaFX face.",
    "Settings saved in the window apply at the next start; flags given here win over them."})
final class GuiCommand implements Callable<Integer> {
  @Mixin NodeOptions node;

  @Option(names = "--settings", paramLabel = "FILE",
      description = "Where the window keeps its settings (default: ~/.p2p/gui.conf).")
  Path settingsFile;

  @Override
  public Integer call() {
    Path conf = settingsFile != null ? settingsFile
        : Path.of(System.getProperty("user.home"), ".p2p", "gui.conf");
    Map<String, Object> o = new LinkedHashMap<>(GuiSettingsFile.overrides(conf));
    o.putAll(node.overrides());
    CliRuntime rt = new CliRuntime(o);
    try {
      Node n = Peers.start(rt, node.port != null);
      Launcher.launch(n, rt.settings, conf);
      n.stop().toCompletableFuture().join();
    } finally {
      rt.terminate();
    }
    return 0;
  }
}
