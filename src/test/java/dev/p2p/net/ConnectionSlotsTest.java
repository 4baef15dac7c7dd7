package dev.p2p.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.pekko.stream.KillSwitch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Who gives way at the caps: a table of connections and a newcomer, on a clock set by hand. */
class ConnectionSlotsTest {
  long now;

  /** A kill switch that records why it was aborted. */
  static final class Recorder implements KillSwitch {
    Throwable abortedBy;

    @Override
    public void shutdown() {
      throw new AssertionError("an eviction aborts, it does not shut down");
    }

    @Override
    public void abort(Throwable ex) {
      if (abortedBy != null) throw new AssertionError("aborted twice");
      abortedBy = ex;
    }
  }

  /** One open connection of a case: its name, IP, the time of its last bytes, whether it sent a frame. */
  record Conn(String name, String ip, long lastBytes, boolean framed) {}

  static Conn unframed(String name, long lastBytes) {
    return new Conn(name, "127.0.0.1", lastBytes, false);
  }

  static Conn framed(String name, long lastBytes) {
    return new Conn(name, "127.0.0.1", lastBytes, true);
  }

  static InetSocketAddress from(String ip) {
    return new InetSocketAddress(ip, 40000);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("under the cap nobody goes", 4,
            List.of(framed("a", 1), unframed("b", 2)), null),
        Arguments.of("all unframed: the idlest", 3,
            List.of(unframed("a", 5), unframed("b", 1), unframed("c", 3)), "b"),
        Arguments.of("all framed: the idlest", 3,
            List.of(framed("a", 10), framed("b", 4), framed("c", 7)), "b"),
        Arguments.of("an unframed one goes before an idler framed one", 3,
            List.of(framed("a", 0), unframed("b", 9), unframed("c", 6)), "c"),
        Arguments.of("the only unframed one goes, however fresh", 3,
            List.of(framed("a", 1), framed("b", 2), unframed("c", 50)), "c"),
        Arguments.of("the victim's address does not matter", 3,
            List.of(framed("a", 8), new Conn("b", "127.0.0.9", 3, true), framed("c", 5)), "b"),
        Arguments.of("a cap of one: the one there goes", 1,
            List.of(framed("a", 100)), "a"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void atTheTotalCapTheNewcomerIsAdmittedAndThisOneGivesWay(
      String why, int max, List<Conn> open, String expectedVictim) {
    ConnectionSlots slots = new ConnectionSlots("test", max, 100, Duration.ofSeconds(5), () -> now);
    Map<String, Recorder> switches = new LinkedHashMap<>();
    for (Conn c : open) {
      now = c.lastBytes();
      ConnectionSlots.Slot s = slots.admit(from(c.ip())).orElseThrow();
      if (c.framed()) s.framed();
      Recorder r = new Recorder();
      s.attach(r);
      switches.put(c.name(), r);
    }
    now = 1000;
    assertTrue(slots.admit(from("127.0.0.7")).isPresent(), "the newcomer is admitted");
    List<String> aborted = new ArrayList<>();
    switches.forEach((name, r) -> {
      if (r.abortedBy != null) aborted.add(name);
    });
    assertEquals(expectedVictim == null ? List.of() : List.of(expectedVictim), aborted);
    assertEquals(Math.min(max, open.size() + 1), slots.size(), "the victim's slot is free at once");
  }

  @Test
  void theVictimIsToldWhyAndHowLongItWasIdle() {
    ConnectionSlots slots = new ConnectionSlots("test", 1, 10, Duration.ofSeconds(5), () -> now);
    now = 0;
    Recorder r = new Recorder();
    slots.admit(from("127.0.0.1")).orElseThrow().attach(r);
    now = 2_500_000_000L;
    slots.admit(from("127.0.0.2")).orElseThrow();
    assertEquals("closed for a newcomer: the server is full (1 connections) and this one had not"
        + " completed a frame (no bytes for 2500 ms)", r.abortedBy.getMessage());
  }

  @Test
  void bytesReceivedMakeAConnectionTheLastToGo() {
    ConnectionSlots slots = new ConnectionSlots("test", 2, 10, Duration.ofSeconds(5), () -> now);
    now = 1;
    ConnectionSlots.Slot older = slots.admit(from("127.0.0.1")).orElseThrow();
    Recorder olderSwitch = new Recorder();
    older.attach(olderSwitch);
    now = 2;
    Recorder newerSwitch = new Recorder();
    slots.admit(from("127.0.0.1")).orElseThrow().attach(newerSwitch);
    now = 3;
    older.received(); // the older one is now the more recently active
    now = 4;
    slots.admit(from("127.0.0.1")).orElseThrow();
    assertNull(olderSwitch.abortedBy);
    assertTrue(newerSwitch.abortedBy != null, "the one idle since 2 went");
  }

  @Test
  void overThePerIpCapTheNewcomerIsRefusedAndNobodyGivesWay() {
    ConnectionSlots slots = new ConnectionSlots("test", 3, 2, Duration.ofSeconds(5), () -> now);
    List<Recorder> switches = new ArrayList<>();
    for (String ip : List.of("127.0.0.1", "127.0.0.1", "127.0.0.2")) {
      now++; // the first is the idlest
      Recorder r = new Recorder();
      slots.admit(from(ip)).orElseThrow().attach(r);
      switches.add(r);
    }
    assertEquals(Optional.empty(), slots.admit(from("127.0.0.1")), "a third from 127.0.0.1");
    assertTrue(switches.stream().allMatch(r -> r.abortedBy == null), "the server was full, yet nobody went");
    assertEquals(2, slots.size("127.0.0.1"));
    // Another address is admitted at the total cap: one of 127.0.0.1's goes, which frees its place.
    assertTrue(slots.admit(from("127.0.0.3")).isPresent());
    assertEquals(1, slots.size("127.0.0.1"));
    assertTrue(slots.admit(from("127.0.0.1")).isPresent(), "the evicted one's place is free for its address");
  }

  @Test
  void anEvictionBeforeTheStreamStartedAbortsItOnStartAndAReleaseAfterwardsCountsOnce() {
    ConnectionSlots slots = new ConnectionSlots("test", 1, 10, Duration.ofSeconds(5), () -> now);
    ConnectionSlots.Slot first = slots.admit(from("127.0.0.1")).orElseThrow();
    ConnectionSlots.Slot second = slots.admit(from("127.0.0.1")).orElseThrow(); // evicts first, not started yet
    Recorder late = new Recorder();
    first.attach(late);
    assertTrue(late.abortedBy != null, "aborted as soon as its stream started");
    first.release(); // its stream ends
    assertEquals(1, slots.size());
    assertEquals(1, slots.size("127.0.0.1"), "the eviction freed first's place once");
    second.release();
    second.release();
    assertEquals(0, slots.size());
    assertEquals(0, slots.size("127.0.0.1"));
  }
}
