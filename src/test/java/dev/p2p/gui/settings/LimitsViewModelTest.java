package dev.p2p.gui.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.app.AppSettings;
import dev.p2p.gui.FakeNode;
import dev.p2p.text.P2pException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LimitsViewModelTest {
  static final GuiSettingsFile.Values STARTED = GuiSettingsFile.Values.of(AppSettings.load(Map.of(
      "p2p.tracker.host", "10.0.0.1", "p2p.upload-limit", "2M", "p2p.download-limit", 0)), true);

  @TempDir Path dir;

  final FakeNode node = new FakeNode();

  LimitsViewModel limits(Path file) {
    return new LimitsViewModel(node, new GuiSettingsFile(file), STARTED, Runnable::run);
  }

  @Test
  void showsTheLimitsInForceAndHasNothingToApplyUntilOneChanges() {
    LimitsViewModel vm = limits(dir.resolve("gui.conf"));
    assertEquals("2M", vm.uploadProperty().get());
    assertEquals("unlimited", vm.downloadProperty().get());
    assertFalse(vm.canApplyProperty().get());
    vm.uploadProperty().set("2048K"); // the same speed, written another way
    assertFalse(vm.canApplyProperty().get());
    vm.uploadProperty().set("500K");
    assertTrue(vm.canApplyProperty().get());
  }

  @Test
  void applyChangesTheRunningNodeAtOnceAndSavesForTheNextStart() {
    Path file = dir.resolve("gui.conf");
    LimitsViewModel vm = limits(file);
    vm.uploadProperty().set(" unlimited ");
    vm.downloadProperty().set("500K");
    vm.apply();

    assertEquals(List.of("0 512000"), node.limitCalls);
    assertEquals("Limits now ↑ unlimited, ↓ 500K/s.", vm.statusProperty().get());
    assertEquals("unlimited", vm.uploadProperty().get());
    assertFalse(vm.canApplyProperty().get(), "applied: nothing more to apply");
    AppSettings next = AppSettings.load(GuiSettingsFile.overrides(file));
    assertEquals(0, next.uploadLimit());
    assertEquals(500 * 1024, next.downloadLimit());
    assertEquals("10.0.0.1", next.trackerHost(), "the other settings are saved as they were");
  }

  @Test
  void aBadLimitIsExplainedAndNothingIsApplied() {
    Path file = dir.resolve("gui.conf");
    LimitsViewModel vm = limits(file);
    vm.uploadProperty().set("2 fast");
    assertEquals("Upload limit must be bytes per second like 500K or 2M, or unlimited, not '2 fast'.",
        vm.problemProperty().get());
    assertFalse(vm.canApplyProperty().get());
    vm.apply();
    assertEquals(List.of(), node.limitCalls);
    assertFalse(Files.exists(file));
  }

  @Test
  void aNodeThatRefusesKeepsTheLimitsInForceAndNothingIsSaved() {
    Path file = dir.resolve("gui.conf");
    LimitsViewModel vm = limits(file);
    node.throwOnCall = new P2pException("the node has stopped");
    vm.downloadProperty().set("1M");
    vm.apply();
    assertEquals("Limits not changed: the node has stopped", vm.statusProperty().get());
    assertEquals(0, vm.downloadLimit());
    assertFalse(Files.exists(file));
  }
}
