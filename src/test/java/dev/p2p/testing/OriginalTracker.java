package dev.p2p.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A stand-in for the original program's tracker, on a raw ServerSocket at 127.0.0.1 (port 0),
 * written from its documented behaviour: it reads framed requests on a connection until the
 * client closes, and answers REGISTER, QUERY, UNREGISTER and ANNOUNCE with its
 * {@code {"status": ...}} replies (no type, all peers, no sizes, no hashes). A file's first name
 * and chunk count are kept; peers are told apart by peer_id; nothing expires. Every request it
 * received is kept, in order, for the test to look at.
 */
public final class OriginalTracker implements AutoCloseable {
  private record FileEntry(String filename, int numChunks, List<Map<String, Object>> peers) {}

  private final ServerSocket server;
  private final Map<String, FileEntry> files = new LinkedHashMap<>();
  /** Guarded by itself; waited on by {@link #await}. */
  private final List<JsonNode> received = new ArrayList<>();

  private OriginalTracker() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    OriginalFrames.acceptEach(server, "original-tracker", this::handle);
  }

  public static OriginalTracker start() throws IOException {
    return new OriginalTracker();
  }

  public InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", server.getLocalPort());
  }

  /** "127.0.0.1:PORT", for --tracker. */
  public String hostPort() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  /** Lists {@code host:port} for the file, as an original peer's REGISTER would. */
  public synchronized void add(String fileId, String filename, int numChunks, String host, int port, String peerId) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("host", host);
    p.put("port", port);
    p.put("peer_id", peerId);
    files.computeIfAbsent(fileId, k -> new FileEntry(filename, numChunks, new ArrayList<>())).peers().add(p);
  }

  /** Every request received so far, in order. */
  public List<JsonNode> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  /** The first request matching {@code p}, waiting at most {@code within} for it. */
  public JsonNode await(Predicate<JsonNode> p, Duration within) throws InterruptedException {
    long end = System.nanoTime() + within.toNanos();
    synchronized (received) {
      while (true) {
        for (JsonNode m : received) {
          if (p.test(m)) return m;
        }
        long left = end - System.nanoTime();
        if (left <= 0) throw new AssertionError("no such request within " + within + "; received " + received);
        received.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  private void handle(Socket s) {
    try (s) {
      while (true) {
        JsonNode m = OriginalFrames.read(s.getInputStream(), 1 << 20);
        if (m == null) return;
        synchronized (received) {
          received.add(m);
          received.notifyAll();
        }
        OriginalFrames.write(s.getOutputStream(), answer(m));
      }
    } catch (IOException e) {
      // closed by the client: the original logs and goes on
    }
  }

  private synchronized Map<String, Object> answer(JsonNode m) {
    String type = m.path("type").asText();
    return switch (type) {
      case "REGISTER" -> register(m.path("file_id").asText(), m.path("filename").asText(),
          m.path("num_chunks").asInt(), m.path("peer_id").asText(), m.path("host").asText(), m.path("port").asInt());
      case "QUERY" -> query(m.path("file_id").asText());
      case "UNREGISTER" -> unregister(m.path("file_id").asText(), m.path("peer_id").asText());
      case "ANNOUNCE" -> announce(m);
      default -> reply("error", "Unknown message type: " + type);
    };
  }

  private Map<String, Object> register(String id, String name, int chunks, String peer, String host, int port) {
    if (id.isEmpty() || name.isEmpty() || chunks == 0 || peer.isEmpty() || host.isEmpty() || port == 0) {
      return reply("error", "Missing required fields");
    }
    FileEntry f = files.computeIfAbsent(id, k -> new FileEntry(name, chunks, new ArrayList<>()));
    if (f.peers().stream().noneMatch(p -> p.get("peer_id").equals(peer))) add(id, name, chunks, host, port, peer);
    Map<String, Object> r = reply("success", "Successfully registered file " + id);
    r.put("file_id", id);
    return r;
  }

  private Map<String, Object> query(String id) {
    FileEntry f = files.get(id);
    Map<String, Object> r = new LinkedHashMap<>();
    if (f == null) {
      r = reply("error", "File " + id + " not found");
      r.put("peers", List.of());
      return r;
    }
    r.put("status", "success");
    r.put("file_id", id);
    r.put("filename", f.filename());
    r.put("num_chunks", f.numChunks());
    r.put("peers", List.copyOf(f.peers()));
    return r;
  }

  private Map<String, Object> unregister(String id, String peer) {
    FileEntry f = files.get(id);
    if (f == null) return reply("error", "File " + id + " not found");
    if (!f.peers().removeIf(p -> p.get("peer_id").equals(peer))) {
      return reply("error", "Peer " + peer + " not found for file " + id);
    }
    return reply("success", "Peer " + peer + " unregistered");
  }

  private Map<String, Object> announce(JsonNode m) {
    String event = m.path("event").asText();
    String id = m.path("info_hash").asText();
    String peer = m.path("peer_id").asText();
    switch (event) {
      case "started" -> {
        if (m.path("host").asText().isEmpty() || m.path("port").asInt() == 0) {
          return reply("error", "Missing host or port for started event");
        }
        FileEntry f = files.computeIfAbsent(id, k -> new FileEntry(m.path("filename").asText("unknown"),
            m.path("num_chunks").asInt(0), new ArrayList<>()));
        if (f.peers().stream().noneMatch(p -> p.get("peer_id").equals(peer))) {
          add(id, f.filename(), f.numChunks(), m.path("host").asText(), m.path("port").asInt(), peer);
        }
        return reply("success", "Announced started");
      }
      case "stopped" -> {
        FileEntry f = files.get(id);
        boolean removed = f != null && f.peers().removeIf(p -> p.get("peer_id").equals(peer));
        return reply("success", removed ? "Announced stopped" : "Peer was not registered");
      }
      case "completed" -> {
        return reply("success", "Announced completed");
      }
      default -> {
        return reply("error", "Unknown announce event: " + event);
      }
    }
  }

  private static Map<String, Object> reply(String status, String message) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("status", status);
    r.put("message", message);
    return r;
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
