package dev.p2p.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "gui", description = "Open the desktop window (a peer node with a JavaFX face).")
final class GuiCommand implements Callable<Integer> {
  @Mixin NodeOptions node;

  @Override
  public Integer call() {
    throw new IllegalStateException("the desktop window is not part of this build yet");
  }
}
