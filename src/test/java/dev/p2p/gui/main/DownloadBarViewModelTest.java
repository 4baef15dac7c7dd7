package dev.p2p.gui.main;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.storage.FileId;
import dev.p2p.storage.ShareKey;
import dev.p2p.storage.ShareLink;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DownloadBarViewModelTest {
  static final String HEX = "0123456789abcdef".repeat(4);

  @Test
  void takeHandsOutTheParsedRequestAndClearsTheIdField() {
    DownloadBarViewModel bar = new DownloadBarViewModel(Path.of("/tmp/dl"));
    bar.idTextProperty().set("  " + HEX.toUpperCase() + "\n");
    bar.destinationProperty().set(" /home/me/in ");

    assertEquals(Optional.of(new DownloadBarViewModel.Request(ShareLink.of(new FileId(HEX)), Path.of("/home/me/in"))), bar.take());
    assertEquals("", bar.idTextProperty().get());
    assertEquals(" /home/me/in ", bar.destinationProperty().get(), "the folder stays for the next one");
  }

  @Test
  void anInvalidIdIsNotTakenAndStaysForCorrection() {
    DownloadBarViewModel bar = new DownloadBarViewModel(Path.of("/tmp/dl"));
    bar.idTextProperty().set("abc");
    assertFalse(bar.canDownloadProperty().get());
    assertEquals(FileId.problem("abc"), bar.problemProperty().get());
    assertEquals(Optional.empty(), bar.take());
    assertEquals("abc", bar.idTextProperty().get());
  }

  @Test
  void theProblemFollowsBothFields() {
    DownloadBarViewModel bar = new DownloadBarViewModel(Path.of("/tmp/dl"));
    assertEquals("Paste the ID of the file to download (64 hex characters).", bar.problemProperty().get());
    bar.idTextProperty().set(HEX);
    assertTrue(bar.canDownloadProperty().get());
    bar.destinationProperty().set("");
    assertEquals("Choose a folder to download into.", bar.problemProperty().get());
    bar.destinationProperty().set("/tmp/a\0b");
    assertEquals("Not a valid folder: /tmp/a\0b", bar.problemProperty().get());
  }

  @Test
  void aLinkIsTakenWithItsKeyAndABadOneSaysWhyWithoutQuotingIt() {
    DownloadBarViewModel bar = new DownloadBarViewModel(Path.of("/tmp/dl"));
    ShareKey key = ShareKey.generate();
    String link = "p2p://127.0.0.1:5000/" + HEX + "?key=" + key.encoded() + "&name=a.txt";
    bar.idTextProperty().set(" " + link + " ");
    assertEquals("", bar.problemProperty().get());
    DownloadBarViewModel.Request r = bar.take().orElseThrow();
    assertEquals(new FileId(HEX), r.id());
    assertEquals(Optional.of(key), r.link().key());

    bar.idTextProperty().set("p2p://" + HEX + "?key=" + key.encoded().substring(2));
    assertFalse(bar.canDownloadProperty().get());
    assertEquals("Not a valid link: the key must be 22 characters, got 20.", bar.problemProperty().get());
    bar.idTextProperty().set("P2P://" + HEX.substring(1));
    assertEquals("Not a valid link: the link's file ID must be 64 lowercase hex characters.",
        bar.problemProperty().get());
  }

  @Test
  void theDefaultFolderIsShownAbsolute() {
    DownloadBarViewModel bar = new DownloadBarViewModel(Path.of("dl"));
    assertEquals(Path.of("dl").toAbsolutePath().toString(), bar.destinationProperty().get());
  }
}
