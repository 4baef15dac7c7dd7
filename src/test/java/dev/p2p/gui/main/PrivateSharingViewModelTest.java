package dev.p2p.gui.main;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.app.ShareOptions;
import dev.p2p.gui.FakeNode;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import dev.p2p.storage.ShareKey;
import dev.p2p.storage.ShareLink;
import dev.p2p.text.HostPort;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The window's private sharing without a toolkit: the Private box, the link, Copy link, Remove. */
class PrivateSharingViewModelTest {
  static final FileId ID = new FileId("0123456789abcdef".repeat(4));
  static final Path FILE = Path.of("/data/plans.pdf");
  static final ShareKey KEY = ShareKey.generate();
  static final ShareLink LINK = new ShareLink(Optional.of(new HostPort("127.0.0.1", 5000)), ID,
      Optional.of(KEY), Optional.of("plans.pdf"), OptionalLong.of(4096), OptionalLong.empty());

  FakeNode node;
  List<String> clipboard;
  MainViewModel vm;

  @BeforeEach
  void setUp() {
    node = new FakeNode();
    clipboard = new ArrayList<>();
    vm = new MainViewModel(node, Path.of("/tmp/dl"), Runnable::run, clipboard::add,
        Clock.fixed(Instant.parse("2026-01-01T12:00:00Z"), ZoneOffset.UTC));
    vm.start();
  }

  TransferRow sharedPrivately() {
    vm.privateShareProperty().set(true);
    vm.share(FILE);
    node.linkShares.get(0).result().complete(LINK);
    return vm.transfers().get(0);
  }

  void assertKeyNeverLogged() {
    vm.log().forEach(l -> assertFalse(l.toString().contains(KEY.encoded()), l.toString()));
    assertFalse(vm.errorProperty().get().contains(KEY.encoded()));
  }

  @Test
  void thePrivateBoxSharesWithOptionsAndTheRowHoldsTheLink() {
    vm.privateShareProperty().set(true);
    vm.expiryProperty().set(MainViewModel.Expiry.DAY);
    vm.share(FILE);
    assertEquals(List.of(), node.shares, "not the public share");
    assertEquals(new ShareOptions(true, Optional.of(Duration.ofDays(1)), Optional.empty()),
        node.linkShares.get(0).options());
    node.linkShares.get(0).result().complete(LINK);

    TransferRow row = vm.transfers().get(0);
    assertTrue(row.isPrivate());
    assertEquals(LINK.format(), row.linkProperty().get());
    assertEquals(ID.hex(), row.getFileId());
    assertEquals("shared privately", row.stateProperty().get());
    assertKeyNeverLogged();
  }

  @Test
  void copyLinkPutsTheWholeLinkOnTheClipboardAndOnlyTheNameInTheLog() {
    TransferRow row = sharedPrivately();
    vm.copyLink(row);
    assertEquals(List.of(LINK.format()), clipboard);
    assertEquals(LINK.format(), vm.clipboardTextProperty().get());
    assertTrue(vm.log().get(vm.log().size() - 1).toString().contains("Copied the link of plans.pdf"));
    assertKeyNeverLogged();
  }

  @Test
  void anUntickedBoxSharesPubliclyAndCopyLinkCopiesTheId() {
    vm.share(FILE);
    assertEquals(List.of(), node.linkShares);
    node.shares.get(0).result().complete(new Manifest(ID, "plans.pdf", 10, 1024, List.of(ID.hex())));
    TransferRow row = vm.transfers().get(0);
    assertFalse(row.isPrivate());
    vm.copyLink(row);
    assertEquals(List.of(ID.hex()), clipboard);
  }

  @Test
  void removeUnsharesAndDropsTheRowOnceTheNodeHasDoneIt() {
    TransferRow row = sharedPrivately();
    assertTrue(MainViewModel.canRemove(row));
    vm.remove(row);
    assertEquals(ID, node.unshares.get(0).id());
    assertEquals(1, vm.transfers().size(), "still there until the node answers");
    node.unshares.get(0).result().complete(null);
    assertEquals(List.of(), vm.transfers());
    assertTrue(vm.log().get(vm.log().size() - 1).toString().contains("its link is revoked"));
    assertKeyNeverLogged();
  }

  @Test
  void aFailedRemoveKeepsTheRowAndSaysWhy() {
    TransferRow row = sharedPrivately();
    vm.remove(row);
    node.unshares.get(0).result().completeExceptionally(new IllegalStateException("tracker 127.0.0.1:5000 is unreachable"));
    assertEquals(List.of(row), vm.transfers());
    assertEquals("Could not remove plans.pdf: tracker 127.0.0.1:5000 is unreachable", vm.errorProperty().get());
  }

  @Test
  void aRowStillHashingHasNoRemove() {
    vm.share(FILE);
    TransferRow row = vm.transfers().get(0);
    assertFalse(MainViewModel.canRemove(row));
    vm.remove(row);
    assertEquals(List.of(), node.unshares);
  }

  @Test
  void theDownloadFieldTakesALinkWithItsKey() {
    vm.idTextProperty().set(LINK.format());
    assertTrue(vm.canDownloadProperty().get());
    vm.download();
    assertEquals(List.of(LINK), node.downloadLinks);
    assertEquals(ID, node.downloads.get(0).id());
    assertEquals(LINK.format(), vm.transfers().get(0).linkProperty().get(), "re-shared as privately");
    assertKeyNeverLogged();
  }
}
