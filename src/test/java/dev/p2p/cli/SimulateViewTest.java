package dev.p2p.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.app.SwarmRun;
import dev.p2p.text.P2pException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SimulateViewTest {
  static final SwarmRun.Snapshot HALF = new SwarmRun.Snapshot(1000, 412, 3, 2L << 30, 4L << 30, 14.0);

  @Test
  void theProgressLineSaysPeersBytesRateAndTime() {
    assertEquals("412/1000 peers done, 3 failed  2.0 GiB / 4.0 GiB  85.0 MiB/s  14 s",
        SimulateView.line(HALF, 85 << 20, 200));
  }

  @Test
  void theProgressLineFitsTheTerminal() {
    String line = SimulateView.line(HALF, 85 << 20, 30);
    assertEquals(29, line.length());
    assertTrue(line.startsWith("412/1000 peers done, 3 failed"));
  }

  @Test
  void onATerminalTheLineIsRewrittenElsewhereEachTickIsALine() {
    ByteArrayOutputStream tty = new ByteArrayOutputStream();
    SimulateView onTty = new SimulateView(new PrintStream(tty, true, StandardCharsets.UTF_8), true, 80);
    onTty.tick(HALF);
    onTty.tick(HALF);
    onTty.end();
    assertEquals(0, tty.toString(StandardCharsets.UTF_8).chars().filter(c -> c == '\n').count());
    assertTrue(tty.toString(StandardCharsets.UTF_8).startsWith("\r412/1000 peers done"));

    ByteArrayOutputStream log = new ByteArrayOutputStream();
    SimulateView plain = new SimulateView(new PrintStream(log, true, StandardCharsets.UTF_8), false, 80);
    plain.tick(HALF);
    plain.tick(new SwarmRun.Snapshot(1000, 1000, 0, 4L << 30, 4L << 30, 20));
    String[] lines = log.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals(2, lines.length);
    assertTrue(lines[1].startsWith("1000/1000 peers done  4.0 GiB / 4.0 GiB"), lines[1]);
    assertTrue(!log.toString(StandardCharsets.UTF_8).contains("\r"));
  }

  @Test
  void failuresAreCountedByKindWithTheFirstReasonAndTheExitCodeIsTheirs() {
    SwarmRun.Report r = new SwarmRun.Report(List.of(
        failed(0, P2pException.Kind.DISK, "cannot write to /x: permission denied"),
        failed(1, P2pException.Kind.NO_PEERS, "every peer failed or has gone"),
        failed(2, P2pException.Kind.DISK, "cannot write to /y: permission denied")), 3.5, 0, 0);
    List<String> rows = SimulateView.table(r);
    assertEquals("peers       0 finished, 3 failed (of 3)", rows.get(0));
    assertEquals("failed      2 x disk (exit 6), first: peer 0: cannot write to /x: permission denied", rows.get(1));
    assertEquals("failed      1 x no peers (exit 4), first: peer 1: every peer failed or has gone", rows.get(2));
    assertEquals("per peer    none finished", rows.get(4));
    assertEquals("exit code   1", rows.get(rows.size() - 1));

    SwarmRun.Report oneKind = new SwarmRun.Report(List.of(
        failed(0, P2pException.Kind.TRACKER_UNREACHABLE, "tracker 127.0.0.1:5000 did not answer")), 1, 0, 0);
    assertEquals(7, SimulateView.exitCode(oneKind));
    assertEquals(0, SimulateView.exitCode(new SwarmRun.Report(List.of(), 1, 0, 0)));
  }

  static SwarmRun.Outcome failed(int peer, P2pException.Kind kind, String why) {
    return new SwarmRun.Outcome(peer, 1.0, Optional.empty(), Optional.of(new P2pException(kind, why)));
  }
}
