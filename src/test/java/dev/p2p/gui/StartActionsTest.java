package dev.p2p.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.gui.main.MainViewModel;
import dev.p2p.storage.FileId;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code p2p gui --share FILE --download ID}: the actions run as if done in the window. */
class StartActionsTest {
  static final String HEX = "0123456789abcdef".repeat(4);

  @Test
  void sharesEachFileAndDownloadsEachIdIntoTheDownloadFolder() {
    FakeNode node = new FakeNode();
    MainViewModel vm = new MainViewModel(node, Path.of("/tmp/dl"), Runnable::run, t -> {}, Clock.systemUTC());
    vm.start();

    AppWindow.startActions(vm, List.of(Path.of("/tmp/a.bin")), List.of(" " + HEX.toUpperCase() + " ", "nope"));

    assertEquals(List.of(Path.of("/tmp/a.bin")), node.shares.stream().map(FakeNode.ShareCall::file).toList());
    assertEquals(1, node.downloads.size());
    assertEquals(new FileId(HEX), node.downloads.get(0).id());
    assertEquals(Path.of("/tmp/dl"), node.downloads.get(0).outDir());
    // The invalid one stays in the field, which says what is wrong, and the log says it too.
    assertEquals("nope", vm.idTextProperty().get());
    assertTrue(vm.log().get(vm.log().size() - 1).text().startsWith("Not downloading nope: Not a file ID"),
        vm.log().toString());
  }
}
