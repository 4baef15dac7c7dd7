package dev.p2p.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class FormatTest {
  @Test
  void bytesInBinaryUnits() {
    assertEquals("0 B", Format.bytes(0));
    assertEquals("1023 B", Format.bytes(1023));
    assertEquals("1.0 KiB", Format.bytes(1024));
    assertEquals("1.5 MiB", Format.bytes(1536 * 1024));
    assertEquals("2.0 GiB", Format.bytes(2L << 30));
    assertEquals("", Format.bytes(-1));
  }

  @Test
  void speedIsEmptyWhenNothingMoves() {
    assertEquals("", Format.speed(0));
    assertEquals("", Format.speed(Double.NaN));
    assertEquals("512 B/s", Format.speed(512));
    assertEquals("10.0 MiB/s", Format.speed(10 * 1024 * 1024));
  }

  @Test
  void etaInSecondsMinutesHours() {
    assertEquals("10s", Format.eta(100, 10));
    assertEquals("1m 40s", Format.eta(1000, 10));
    assertEquals("2h 46m", Format.eta(100_000, 10));
    assertEquals("> 99h", Format.eta(Long.MAX_VALUE, 1));
    assertEquals("", Format.eta(100, 0));
    assertEquals("", Format.eta(0, 10));
  }

  @Test
  void userMessageUnwrapsCompletionExceptions() {
    assertEquals("tracker 127.0.0.1:5000 is unreachable", UserMessages.of(
        new CompletionException(new IOException("tracker 127.0.0.1:5000 is unreachable"))));
    assertEquals("disk full", UserMessages.of(
        new ExecutionException(new CompletionException(new IOException("disk full")))));
    assertEquals("unknown file ID", UserMessages.of(new IllegalArgumentException("unknown file ID")));
  }

  @Test
  void userMessageIsOneLineAndNeverEmpty() {
    assertEquals("first line", UserMessages.of(new IOException("first line\n\tat x.y(Z.java:1)")));
    assertEquals("unexpected error (NullPointerException)",
        UserMessages.of(new CompletionException(new NullPointerException())));
    assertEquals("could not save", UserMessages.of(
        new UncheckedIOException("could not save", new IOException("x"))));
  }
}
