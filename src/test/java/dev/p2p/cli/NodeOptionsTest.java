package dev.p2p.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.p2p.app.AppSettings;
import dev.p2p.text.HostPort;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeOptionsTest {
  @Test
  void eachFlagOverridesItsConfigKey() {
    NodeOptions o = new NodeOptions();
    o.tracker = "tracker.lan:7000";
    o.port = 0;
    o.host = "10.0.0.5";
    o.chunkSize = "256K";
    assertEquals(Map.of("p2p.tracker.host", "tracker.lan", "p2p.tracker.port", 7000,
        "p2p.tracker.addresses", List.of("tracker.lan:7000"),
        "p2p.peer.port", 0, "p2p.peer.host", "10.0.0.5", "p2p.chunk-size", 262144), o.overrides());
  }

  @Test
  void stateDirIsTheStateFolderAndMayBeEmptyForNone() {
    NodeOptions o = new NodeOptions();
    o.stateDir = "/tmp/node-b";
    assertEquals(Map.of("p2p.state-dir", "/tmp/node-b"), o.overrides());
    assertEquals("/tmp/node-b", AppSettings.load(o.overrides()).stateDir());
    o.stateDir = "";
    assertEquals("", AppSettings.load(o.overrides()).stateDir());
  }

  @Test
  void ipv6TrackerInBracketsIsTheBareAddress() {
    NodeOptions o = new NodeOptions();
    o.tracker = "[::1]:5000";
    assertEquals(Map.of("p2p.tracker.host", "::1", "p2p.tracker.port", 5000,
        "p2p.tracker.addresses", List.of("[::1]:5000")), o.overrides());
  }

  @Test
  void aListOfTrackersIsTheAddressesAndTheFirstIsHostAndPort() {
    NodeOptions o = new NodeOptions();
    o.tracker = "10.0.0.1:5000, 10.0.0.2:5001,[::1]:5002";
    assertEquals(Map.of("p2p.tracker.host", "10.0.0.1", "p2p.tracker.port", 5000,
        "p2p.tracker.addresses", List.of("10.0.0.1:5000", "10.0.0.2:5001", "[::1]:5002")), o.overrides());
    List<HostPort> parsed = AppSettings.load(o.overrides()).trackerAddresses();
    assertEquals(List.of(new HostPort("10.0.0.1", 5000), new HostPort("10.0.0.2", 5001),
        new HostPort("::1", 5002)), parsed);
  }

  @Test
  void anEmptyEntryInTheListIsNamed() {
    NodeOptions o = new NodeOptions();
    o.tracker = "10.0.0.1:5000,,10.0.0.2:5001";
    assertEquals("--tracker must be HOST:PORT, not ''",
        assertThrows(IllegalArgumentException.class, o::overrides).getMessage());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "127.0.0.1   | --tracker must be HOST:PORT, not '127.0.0.1'",
      ":5000       | --tracker must be HOST:PORT, not ':5000'",
      "host:       | --tracker must be HOST:PORT, not 'host:'",
      "host:http   | --tracker: 'http' is not a port (0-65535)",
      "host:70000  | --tracker: '70000' is not a port (0-65535)",
  })
  void explainsABadTrackerFlag(String tracker, String message) {
    NodeOptions o = new NodeOptions();
    o.tracker = tracker;
    assertEquals(message, assertThrows(IllegalArgumentException.class, o::overrides).getMessage());
  }

  @Test
  void explainsABadPortFlag() {
    NodeOptions o = new NodeOptions();
    o.port = 70000;
    assertEquals("--port: '70000' is not a port (0-65535)",
        assertThrows(IllegalArgumentException.class, o::overrides).getMessage());
  }
}
