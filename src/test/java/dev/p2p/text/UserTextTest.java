package dev.p2p.text;

import java.net.UnknownHostException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UserTextTest {
  @Test
  void unwrapPeelsFutureWrappersAndWordlessUncheckedIo() {
    IOException cause = new IOException("disk full");
    assertSame(cause, UserText.unwrap(new ExecutionException(new CompletionException(cause))));
    assertSame(cause, UserText.unwrap(new CompletionException(new UncheckedIOException(cause))));
    UncheckedIOException worded = new UncheckedIOException("could not save", cause);
    assertSame(worded, UserText.unwrap(new CompletionException(worded)));
    CompletionException bare = new CompletionException(null);
    assertSame(bare, UserText.unwrap(bare));
  }

  @Test
  void firstLineUnwrapsCompletionExceptions() {
    assertEquals("tracker 127.0.0.1:5000 is unreachable", UserText.firstLine(
        new CompletionException(new IOException("tracker 127.0.0.1:5000 is unreachable"))));
    assertEquals("disk full", UserText.firstLine(
        new ExecutionException(new CompletionException(new IOException("disk full")))));
    assertEquals("unknown file ID", UserText.firstLine(new IllegalArgumentException("unknown file ID")));
  }

  @Test
  void firstLineIsOneLineAndNeverEmpty() {
    assertEquals("first line", UserText.firstLine(new IOException("first line\n\tat x.y(Z.java:1)")));
    assertEquals("unexpected error (NullPointerException)",
        UserText.firstLine(new CompletionException(new NullPointerException())));
    assertEquals("could not save", UserText.firstLine(
        new UncheckedIOException("could not save", new IOException("x"))));
    assertEquals("unknown error", UserText.firstLine(null));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "disk full                        | disk full",
      "'first line\n\tat x.y(Z.java:1)' | first line at x.y(Z.java:1)",
      "''                               | IllegalStateException",
      "'  '                             | IllegalStateException",
  })
  void oneLineFoldsBlanksAndNamesTheClassWhenSilent(String message, String line) {
    assertEquals(line, UserText.oneLine(new CompletionException(new IllegalStateException(message))));
  }

  @Test
  void oneLineNamesTheClassOfAFailureWithoutMessage() {
    assertEquals("NullPointerException", UserText.oneLine(new CompletionException(new NullPointerException())));
  }

  @Test
  void oneLineStopsAt300Characters() {
    String line = UserText.oneLine(new IOException("x".repeat(400)));
    assertEquals("x".repeat(300) + "...", line);
  }

  @Test
  void rootReasonIsTheInnermostMessage() {
    ConnectException refused = new ConnectException("Connection\n refused");
    assertEquals("Connection refused",
        UserText.rootReason(new IOException("Tcp command failed", refused)));
    assertEquals("Tcp command failed",
        UserText.rootReason(new IOException("Tcp command failed", new ConnectException())));
    assertEquals("NullPointerException", UserText.rootReason(new NullPointerException()));
    assertEquals("unknown host nosuch.invalid: the name does not resolve",
        UserText.rootReason(new IOException("Tcp command failed", new UnknownHostException("nosuch.invalid"))));
  }

  @Test
  void aFileSystemFailureWithoutAReasonSaysWhichKindItIs() {
    assertEquals("/srv/a.part: permission denied",
        UserText.oneLine(new CompletionException(new AccessDeniedException("/srv/a.part"))));
    assertEquals("/srv/a: no such file or folder", UserText.firstLine(new NoSuchFileException("/srv/a")));
    assertEquals("/srv/f: not a folder", UserText.oneLine(new NotDirectoryException("/srv/f")));
    assertEquals("/srv/f: already exists", UserText.oneLine(new FileAlreadyExistsException("/srv/f")));
    assertEquals("/srv/f: permission denied", UserText.rootReason(
        new IOException("cannot open", new AccessDeniedException("/srv/f"))));
    // Where the system gave a reason, the JDK's message already holds it.
    assertEquals("/srv/f: Read-only file system",
        UserText.oneLine(new FileSystemException("/srv/f", null, "Read-only file system")));
  }
}
