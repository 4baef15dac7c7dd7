package dev.p2p.bench;

import dev.p2p.protocol.Codec;
import dev.p2p.protocol.ErrorCode;
import dev.p2p.protocol.Message;
import dev.p2p.storage.FileId;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.apache.pekko.util.ByteString;

/**
 * The failover probe of bench/tracker-cluster.sh (not product code; plaintext trackers on
 * 127.0.0.1 only): registers {@code --files} made-up files through the node on {@code
 * --register}, prints {@code READY}, waits for a line on stdin (the script has just killed a
 * node), then QUERYs every file through the node on {@code --query} until all answer and prints
 * {@code found_ms=N}: the time from that line. Gives up after {@code --limit} seconds.
 *
 * <pre>
 * java -cp 'target/test-classes:target/p2p.jar:target/lib/*' dev.p2p.bench.ClusterFailover \
 *     --register 5000 --query 5002 [--files 30] [--seed 1] [--limit 60]
 * </pre>
 */
public final class ClusterFailover {
  private ClusterFailover() {}

  public static void main(String[] args) throws Exception {
    int register = 0;
    int query = 0;
    int files = 30;
    long seed = 1;
    int limit = 60;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--register" -> register = Integer.parseInt(args[i + 1]);
        case "--query" -> query = Integer.parseInt(args[i + 1]);
        case "--files" -> files = Integer.parseInt(args[i + 1]);
        case "--seed" -> seed = Long.parseLong(args[i + 1]);
        case "--limit" -> limit = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (files < 1 || files > 10_000 || limit < 1 || limit > 600) throw new IllegalArgumentException("out of range");
    Random random = new Random(seed);
    HexFormat hex = HexFormat.of();
    List<FileId> ids = new ArrayList<>();
    for (int f = 0; f < files; f++) {
      byte[] b = new byte[32];
      random.nextBytes(b);
      FileId id = new FileId(hex.formatHex(b));
      ids.add(id);
      Message.Register r = new Message.Register(id, "f.bin", 2000, 1024, 2,
          List.of("1".repeat(64), "2".repeat(64)), "probe", "127.0.0.1", 20000);
      // A node restarted by the previous round may still be taking its shards back: BUSY says
      // "try again", as a sharer's client does (bounded).
      Message reply = request(register, r);
      for (long until = System.nanoTime() + 30_000_000_000L;
          reply instanceof Message.Error e && e.code() == ErrorCode.BUSY && System.nanoTime() < until; ) {
        Thread.sleep(200);
        reply = request(register, r);
      }
      if (!(reply instanceof Message.Registered)) throw new IllegalStateException("REGISTER refused: " + reply);
    }
    System.out.println("READY");
    System.out.flush();
    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    long start = System.nanoTime();
    long deadline = start + limit * 1_000_000_000L;
    List<FileId> missing = new ArrayList<>(ids);
    while (!missing.isEmpty() && System.nanoTime() < deadline) {
      List<FileId> still = new ArrayList<>();
      for (FileId id : missing) {
        Message m;
        try {
          m = request(query, new Message.Query(id));
        } catch (IOException e) {
          m = null;
        }
        if (!(m instanceof Message.QueryResult)) still.add(id);
      }
      missing = still;
      if (!missing.isEmpty()) Thread.sleep(100); // a probe's pacing, not a synchronisation
    }
    System.out.println(missing.isEmpty()
        ? "found_ms=" + (System.nanoTime() - start) / 1_000_000
        : "found_ms=none (" + missing.size() + " of " + files + " still missing after " + limit + " s)");
  }

  private static Message request(int port, Message m) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      s.setSoTimeout(3000);
      s.getOutputStream().write(TrackerLoad.frame(Codec.encode(m).toArray()));
      return Codec.decode(ByteString.fromArray(TrackerLoad.readBody(new DataInputStream(s.getInputStream()))));
    }
  }
}
