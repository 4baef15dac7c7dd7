package dev.p2p.app.ops;

import java.util.List;

/**
 * What GET /status answers, as JSON with these field names: the process's role ({@code "node"}
 * or {@code "tracker"}), its pid, the address it serves on, and for a node its peer ID, its
 * tracker, its transfers and the remote peers of its downloads; for a tracker its file and
 * registration counts. For example:
 *
 * <pre>
 * {"role":"node","pid":4242,"address":"127.0.0.1:6000","peerId":"p1a2b3c4d5e","tracker":"127.0.0.1:5000",
 *  "files":0,"registrations":0,
 *  "transfers":[{"id":"9f86d0...","name":"big.iso","state":"downloading","bytesDone":1048576,
 *                "size":4194304,"bytesPerSecond":524288.0,"peers":1}],
 *  "peers":[{"address":"127.0.0.1:6001","id":"9f86d0...","bytes":1048576,"chunks":4,"banned":false}]}
 * </pre>
 */
public record NodeStatus(String role, long pid, String address, String peerId, String tracker,
    long files, long registrations, List<Transfer> transfers, List<Peer> peers) {
  public NodeStatus {
    transfers = transfers == null ? List.of() : List.copyOf(transfers);
    peers = peers == null ? List.of() : List.copyOf(peers);
  }

  /**
   * One transfer: a share ({@code sharing}) or a download ({@code locating}, {@code waiting},
   * {@code downloading}, {@code paused}, {@code verifying}, {@code done}, {@code failed}).
   */
  public record Transfer(String id, String name, String state, long bytesDone, long size,
      double bytesPerSecond, int peers) {
    /** Done in percent, 0..100 (100 for an empty file). */
    public double percent() {
      return size <= 0 ? 100 : Math.min(100, 100.0 * bytesDone / size);
    }
  }

  /** A remote peer of a download ({@code id}: the file's), with what it delivered. */
  public record Peer(String address, String id, long bytes, int chunks, boolean banned) {}
}
