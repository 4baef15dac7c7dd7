package dev.p2p.bench;

import dev.p2p.protocol.Codec;
import dev.p2p.protocol.Message;
import dev.p2p.storage.FileId;
import dev.p2p.testing.Wire;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load generator for a tracker (not product code): registers {@code --files} made-up files, then
 * sends QUERY frames over {@code --connections} persistent TCP connections with {@code
 * --pipeline} requests in flight on each, and prints throughput and the latency of each request
 * (send to reply, so it includes time queued behind the other pipelined requests) as a histogram
 * summary. One blocking socket and one thread per connection. Bounded by {@code --seconds} and
 * {@code --max-requests}; only meant for 127.0.0.1.
 *
 * <pre>
 * java -cp 'target/test-classes:target/p2p.jar:target/lib/*' dev.p2p.bench.TrackerLoad --port 5000 \
 *     --connections 4 --pipeline 16 --seconds 10 [--warmup 3] [--files 100] [--peers 5] [--tls on|off]
 * </pre>
 */
public final class TrackerLoad {
  /** Latency buckets of 1 µs up to 100 ms; slower replies go to the last bucket. */
  private static final int BUCKETS = 100_000;

  /** Whether connections are TLS (a tracker as shipped) or plaintext (p2p.tls = off). */
  private static boolean tls = true;

  private TrackerLoad() {}

  /**
   * A connection to the tracker, as a node nobody knows over TLS ({@link Wire#CLIENT}), with
   * TCP_NODELAY and a 10 s read timeout.
   */
  static Socket open(InetSocketAddress addr) throws IOException {
    Socket s = new Socket();
    s.setTcpNoDelay(true);
    s.connect(addr, 5000);
    s.setSoTimeout(10_000);
    return tls ? Wire.tls(s, Wire.CLIENT) : s;
  }

  public static void main(String[] args) throws Exception {
    String host = "127.0.0.1";
    int port = 5000;
    int connections = 4;
    int pipeline = 16;
    double seconds = 10;
    double warmup = 3;
    int files = 100;
    int peers = 5;
    long maxRequests = 100_000_000L;
    for (int i = 0; i < args.length; i++) {
      String v = i + 1 < args.length ? args[i + 1] : "";
      switch (args[i]) {
        case "--host" -> host = v;
        case "--port" -> port = Integer.parseInt(v);
        case "--connections" -> connections = Integer.parseInt(v);
        case "--pipeline" -> pipeline = Integer.parseInt(v);
        case "--seconds" -> seconds = Double.parseDouble(v);
        case "--warmup" -> warmup = Double.parseDouble(v);
        case "--files" -> files = Integer.parseInt(v);
        case "--peers" -> peers = Integer.parseInt(v);
        case "--max-requests" -> maxRequests = Long.parseLong(v);
        case "--tls" -> {
          tls = v.equals("on");
          if (!tls && !v.equals("off")) throw new IllegalArgumentException("--tls on|off");
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
      i++;
    }
    if (!host.equals("127.0.0.1") && !host.equals("localhost")) {
      throw new IllegalArgumentException("load is only sent to 127.0.0.1");
    }
    if (connections < 1 || connections > 256 || pipeline < 1 || pipeline > 1024 || seconds <= 0
        || seconds > 600 || files < 1 || files > 100_000 || peers < 1 || peers > 100) {
      throw new IllegalArgumentException("out of range: 1..256 connections, 1..1024 pipeline, "
          + "seconds in (0, 600], 1..100000 files, 1..100 peers");
    }
    InetSocketAddress addr = new InetSocketAddress(host, port);
    byte[][] queries = register(addr, files, peers);

    long start = System.nanoTime();
    long measureFrom = start + (long) (warmup * 1e9);
    long end = measureFrom + (long) (seconds * 1e9);
    AtomicLong budget = new AtomicLong(maxRequests);
    List<Worker> workers = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      workers.add(new Worker(addr, queries, pipeline, measureFrom, end, budget, c));
    }
    workers.forEach(Thread::start);
    for (Worker w : workers) w.join();

    long[] hist = new long[BUCKETS];
    long count = 0;
    long errors = 0;
    long sumMicros = 0;
    long firstReply = Long.MAX_VALUE;
    long lastReply = 0;
    for (Worker w : workers) {
      if (w.failure != null) throw new IllegalStateException("connection failed", w.failure);
      for (int b = 0; b < BUCKETS; b++) hist[b] += w.hist[b];
      count += w.count;
      errors += w.errors;
      sumMicros += w.sumMicros;
      firstReply = Math.min(firstReply, w.firstMeasured);
      lastReply = Math.max(lastReply, w.lastMeasured);
    }
    double window = (lastReply - firstReply) / 1e9;
    System.out.printf(Locale.ROOT,
        "connections=%d pipeline=%d files=%d peers/file=%d measured=%.2fs replies=%d errors=%d%n",
        connections, pipeline, files, peers, window, count, errors);
    System.out.printf(Locale.ROOT,
        "throughput=%.0f req/s latency_us: mean=%.0f p50=%d p90=%d p99=%d p999=%d max=%s%n",
        count / window, count == 0 ? 0.0 : (double) sumMicros / count,
        percentile(hist, count, 0.50), percentile(hist, count, 0.90),
        percentile(hist, count, 0.99), percentile(hist, count, 0.999),
        maxOf(hist));
  }

  /** Registers the files (one connection, one REGISTER per file and peer); their QUERY frames. */
  private static byte[][] register(InetSocketAddress addr, int files, int peers) throws IOException {
    Random random = new Random(); // new files each run: a TLS identity is new each run, and only
    // the node that registered an entry may register it again
    HexFormat hex = HexFormat.of();
    byte[][] queries = new byte[files][];
    try (Socket s = open(addr)) {
      OutputStream out = s.getOutputStream();
      DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
      for (int f = 0; f < files; f++) {
        byte[] idBytes = new byte[32];
        random.nextBytes(idBytes);
        FileId id = new FileId(hex.formatHex(idBytes));
        List<String> hashes = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
          byte[] h = new byte[32];
          random.nextBytes(h);
          hashes.add(hex.formatHex(h));
        }
        for (int p = 0; p < peers; p++) {
          // Distinct ports: the tracker keys peers by the connection's host and this port.
          Message reg = new Message.Register(id, "file-" + f + ".bin", 4L * 262144 - 1000, 262144, 4,
              hashes, "load-" + p, "127.0.0.1", 20000 + p);
          out.write(frame(Codec.encode(reg).toArray()));
          Message reply = Codec.decode(org.apache.pekko.util.ByteString.fromArray(readBody(in)));
          if (!(reply instanceof Message.Registered)) {
            throw new IllegalStateException("REGISTER refused: " + reply);
          }
        }
        queries[f] = frame(Codec.encode(new Message.Query(id)).toArray());
      }
    }
    return queries;
  }

  static byte[] frame(byte[] body) {
    byte[] f = new byte[body.length + 4];
    f[0] = (byte) (body.length >>> 24);
    f[1] = (byte) (body.length >>> 16);
    f[2] = (byte) (body.length >>> 8);
    f[3] = (byte) body.length;
    System.arraycopy(body, 0, f, 4, body.length);
    return f;
  }

  static byte[] readBody(DataInputStream in) throws IOException {
    int len = in.readInt();
    if (len < 1 || len > 16 << 20) throw new IOException("bad frame length " + len);
    byte[] body = new byte[len];
    in.readFully(body);
    return body;
  }

  private static long percentile(long[] hist, long count, double q) {
    long rank = (long) Math.ceil(q * count);
    long seen = 0;
    for (int b = 0; b < hist.length; b++) {
      seen += hist[b];
      if (seen >= rank && rank > 0) return b;
    }
    return hist.length - 1;
  }

  private static String maxOf(long[] hist) {
    for (int b = hist.length - 1; b >= 0; b--) {
      if (hist[b] > 0) return b == hist.length - 1 ? ">=" + b : String.valueOf(b);
    }
    return "0";
  }

  /** One connection: keeps {@code pipeline} QUERY frames in flight until the end time. */
  private static final class Worker extends Thread {
    private static final byte[] RESULT_PREFIX =
        "\u0001{\"type\":\"QUERY_RESULT\"".getBytes(StandardCharsets.UTF_8);

    final InetSocketAddress addr;
    final byte[][] queries;
    final int pipeline;
    final long measureFrom;
    final long end;
    final AtomicLong budget;
    final long[] hist = new long[BUCKETS];
    long count;
    long errors;
    long sumMicros;
    long firstMeasured = Long.MAX_VALUE;
    long lastMeasured;
    volatile Throwable failure;
    private int next;

    Worker(InetSocketAddress addr, byte[][] queries, int pipeline, long measureFrom, long end,
        AtomicLong budget, int index) {
      super("load-" + index);
      this.addr = addr;
      this.queries = queries;
      this.pipeline = pipeline;
      this.measureFrom = measureFrom;
      this.end = end;
      this.budget = budget;
      this.next = index * 7919;
    }

    @Override
    public void run() {
      try (Socket s = open(addr)) {
        OutputStream out = s.getOutputStream();
        BufferedInputStream raw = new BufferedInputStream(s.getInputStream(), 1 << 16);
        DataInputStream in = new DataInputStream(raw);
        long[] sentAt = new long[pipeline];   // FIFO ring: replies come in request order
        int head = 0;
        int inFlight = 0;
        byte[] batch = new byte[pipeline * queries[0].length];
        boolean sending = true;
        while (true) {
          // Refill the pipeline in one write when nothing more is waiting to be read.
          if (sending && inFlight < pipeline && raw.available() == 0) {
            int n = 0;
            long now = System.nanoTime();
            if (now >= end) sending = false;
            while (sending && inFlight < pipeline) {
              if (budget.decrementAndGet() < 0) {
                sending = false;
                break;
              }
              byte[] q = queries[Math.floorMod(next++, queries.length)];
              System.arraycopy(q, 0, batch, n, q.length);
              n += q.length;
              sentAt[(head + inFlight) % pipeline] = now;
              inFlight++;
            }
            if (n > 0) out.write(batch, 0, n);
          }
          if (inFlight == 0) break;
          byte[] body = readBody(in);
          long now = System.nanoTime();
          long t = sentAt[head];
          head = (head + 1) % pipeline;
          inFlight--;
          if (t >= measureFrom) {
            long us = (now - t) / 1000;
            hist[(int) Math.min(us, BUCKETS - 1)]++;
            sumMicros += us;
            count++;
            if (!startsWith(body, RESULT_PREFIX)) errors++;
            firstMeasured = Math.min(firstMeasured, t);
            lastMeasured = now;
          }
        }
      } catch (Throwable e) {
        failure = e;
      }
    }

    private static boolean startsWith(byte[] body, byte[] prefix) {
      if (body.length < prefix.length) return false;
      for (int i = 0; i < prefix.length; i++) {
        if (body[i] != prefix[i]) return false;
      }
      return true;
    }
  }
}
