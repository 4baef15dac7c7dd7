package dev.p2p.gui.detail;

import java.util.ArrayList;
import java.util.List;

/**
 * One transfer's download and upload speed, one sample per second, over the last
 * {@link #CAPACITY} seconds: a ring buffer, so its memory is fixed however long it runs.
 *
 * <p>Events come a few times a second; the last one in a second is that second's value. A
 * direction with no event in a second keeps its previous value (upload figures come less often
 * than download progress), until {@link #stop} says the transfer moves nothing any more.
 */
public final class SpeedHistory {
  /** Seconds kept: the graph shows the last two minutes. */
  public static final int CAPACITY = 120;

  /** One second's speeds; {@code second} is the clock's epoch second. */
  public record Sample(long second, double downBytesPerSecond, double upBytesPerSecond) {}

  private final long[] seconds = new long[CAPACITY];
  private final double[] down = new double[CAPACITY];
  private final double[] up = new double[CAPACITY];
  private int newest = -1;
  private int size;
  private double lastDown;
  private double lastUp;

  /** Records the download speed reported at {@code second}. */
  public void download(long second, double bytesPerSecond) {
    lastDown = Math.max(0, bytesPerSecond);
    put(second);
  }

  /** Records the upload speed reported at {@code second}. */
  public void upload(long second, double bytesPerSecond) {
    lastUp = Math.max(0, bytesPerSecond);
    put(second);
  }

  /** The transfer ended or paused: both speeds are 0 from {@code second} on. */
  public void stop(long second) {
    lastDown = 0;
    lastUp = 0;
    put(second);
  }

  /** The samples, oldest first; at most {@link #CAPACITY}, all within its last seconds. */
  public List<Sample> samples() {
    List<Sample> out = new ArrayList<>(size);
    for (int i = size - 1; i >= 0; i--) {
      int slot = Math.floorMod(newest - i, CAPACITY);
      if (seconds[slot] > seconds[newest] - CAPACITY) out.add(new Sample(seconds[slot], down[slot], up[slot]));
    }
    return out;
  }

  private void put(long second) {
    // A clock stepping back writes into the newest second rather than breaking the order.
    if (newest < 0 || second > seconds[newest]) {
      newest = (newest + 1) % CAPACITY;
      size = Math.min(size + 1, CAPACITY);
      seconds[newest] = second;
    }
    down[newest] = lastDown;
    up[newest] = lastUp;
  }
}
