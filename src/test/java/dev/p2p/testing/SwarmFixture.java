package dev.p2p.testing;

import dev.p2p.net.Pin;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.p2p.app.AppSettings;
import dev.p2p.app.LocalPeer;
import dev.p2p.app.LocalSwarm;
import dev.p2p.app.LocalTracker;
import dev.p2p.app.NodeFacade;
import dev.p2p.app.NodeFacade.DownloadResult;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import dev.p2p.tracker.TrackerClient;
import dev.p2p.transfer.TransferEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The set-up of an integration test, after bt's {@code SwarmBuilder}: register it as
 * {@code @RegisterExtension static final SwarmFixture swarm = new SwarmFixture();} and it owns one
 * {@link ActorTestKit} for the class and, for each test (or once for the class with
 * {@link #perClass()}), a fresh {@link LocalSwarm} (a tracker on loopback) and a temporary folder.
 * Everything it hands out (peers, hostile peers, extra trackers, event recorders) is stopped after
 * the test, before the folder is deleted. Every wait it offers is bounded.
 *
 * <p>Tests talk to the swarm through this class, not through {@link LocalSwarm} or
 * {@link TrackerClient} directly, so that a change of those APIs is absorbed here.
 */
public final class SwarmFixture
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  /** The bound of {@link #await}: generous, since a 2-core machine runs several JVMs at once. */
  public static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Duration POLL = Duration.ofMillis(20);

  private final boolean perClass;
  private ActorTestKit testKit;
  private Path dir;
  private LocalSwarm swarm;
  // Closed in reverse order of creation: a hostile peer before the swarm it registered with.
  private final Deque<AutoCloseable> toClose = new ArrayDeque<>();

  private SwarmFixture(boolean perClass) {
    this.perClass = perClass;
  }

  /** A fresh swarm and folder for each test. */
  public SwarmFixture() {
    this(false);
  }

  /** One swarm and folder for all tests of the class (started before its {@code @BeforeAll}). */
  public static SwarmFixture perClass() {
    return new SwarmFixture(true);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    testKit = ActorTestKit.create();
    if (perClass) open();
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    if (!perClass) open();
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    if (!perClass) closeAll();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    try {
      if (perClass) closeAll();
    } finally {
      testKit.shutdownTestKit();
    }
  }

  private void open() throws IOException {
    dir = Files.createTempDirectory("p2p-it-");
    swarm = LocalSwarm.start(testKit.system(), config());
    toClose.push(swarm);
  }

  private void closeAll() throws Exception {
    Exception first = null;
    while (!toClose.isEmpty()) {
      try {
        toClose.pop().close();
      } catch (Exception e) {
        if (first == null) first = e;
      }
    }
    deleteTree(dir);
    if (first != null) throw first;
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }

  // ---- the actor system and the swarm ---------------------------------------------------------

  public ActorSystem<?> system() {
    return testKit.system();
  }

  /** The test configuration ({@code application-test.conf}). */
  private Config config() {
    return testKit.system().settings().config();
  }

  public InetSocketAddress trackerAddress() {
    return swarm.tracker().address();
  }

  /** Stops the swarm's tracker (its peers keep running). */
  public void stopTracker() throws Exception {
    await(swarm.tracker().stop());
  }

  /** A new tracker on {@code port} (e.g. a restart on the port of a stopped one). */
  public LocalTracker startTracker(int port) throws Exception {
    return startTracker(Map.of("p2p.tracker.port", port));
  }

  /** A new tracker with {@code settings} over the test configuration (a free port by default). */
  public LocalTracker startTracker(Map<String, ?> settings) throws Exception {
    AppSettings s = AppSettings.create(ConfigFactory.parseMap(settings).withFallback(config()));
    LocalTracker t = await(LocalTracker.start(system(), s));
    toClose.push(() -> t.stop().toCompletableFuture().get(10, TimeUnit.SECONDS));
    return t;
  }

  // ---- files ----------------------------------------------------------------------------------

  /** The temporary folder of this test (of the class, {@link #perClass()}). */
  public Path dir() {
    return dir;
  }

  /** {@code name} inside {@link #dir()}; not created. */
  public Path dir(String name) {
    return dir.resolve(name);
  }

  /** Deterministic pseudo-random bytes, so that a failure is reproducible. */
  public static byte[] bytes(int size, long seed) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    return data;
  }

  /** A file {@code name} in {@link #dir()} of {@code size} pseudo-random bytes from {@code seed}. */
  public Path file(String name, int size, long seed) {
    try {
      return Files.write(dir(name), bytes(size, seed));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- peers ----------------------------------------------------------------------------------

  /** A node downloading into {@code dir(name)}, with these settings over the test configuration. */
  public LocalPeer peer(String name, Map<String, ?> settings) {
    return swarm.addPeer(dir(name), settings);
  }

  public LocalPeer peer(String name) {
    return peer(name, Map.of());
  }

  /** Settings a node of this swarm downloading into {@code dir(name)} would get. */
  public AppSettings peerSettings(String name, Map<String, ?> settings) {
    return swarm.peerSettings(dir(name), settings);
  }

  /** A node that shares {@code file}. */
  public record Seeder(LocalPeer peer, Manifest manifest) {}

  /** A node {@code name} with {@code settings} that has shared {@code file}. */
  public Seeder seeder(String name, Path file, Map<String, ?> settings) throws Exception {
    LocalPeer p = peer(name, settings);
    return new Seeder(p, await(p.share(file)));
  }

  /** Downloads {@code id} with {@code peer} into the folder {@code into}. */
  public DownloadResult download(NodeFacade peer, FileId id, Path into) throws Exception {
    return await(peer.download(id, into));
  }

  /** Records {@code peer}'s events until the recorder is closed (or the test ends). */
  public EventRecorder record(NodeFacade peer) {
    EventRecorder r = EventRecorder.of(peer);
    toClose.push(r);
    return r;
  }

  /** Chunks a partial download's bitmap records as verified (0 before it exists). */
  public static int chunksOnDisk(Path bitmap) throws IOException {
    if (!Files.exists(bitmap)) return 0;
    int n = 0;
    for (byte b : Files.readAllBytes(bitmap)) n += b == 1 ? 1 : 0;
    return n;
  }

  /** Bytes {@code result} got from the peer named {@code key} (see {@link #key}). */
  public static long bytesFrom(DownloadResult result, String key) {
    return stat(result, key).map(TransferEvent.PeerStat::bytes).orElse(0L);
  }

  /** What {@code result} says of the peer named {@code key}, if it used it. */
  public static Optional<TransferEvent.PeerStat> stat(DownloadResult result, String key) {
    return result.peers().stream().filter(p -> p.peer().equals(key)).findFirst();
  }

  /** How events and statistics name the peer listening at {@code address}. */
  public static String key(InetSocketAddress address) {
    return address.getAddress().getHostAddress() + ":" + address.getPort();
  }

  // ---- the tracker, as a test talks to it -----------------------------------------------------

  /** A client of the swarm's tracker. */
  public TrackerClient trackerClient() {
    return trackerClient(trackerAddress());
  }

  public TrackerClient trackerClient(InetSocketAddress tracker) {
    return new TrackerClient(system(), tracker, Optional.empty(), Duration.ofSeconds(5),
        Duration.ofSeconds(5), 1 << 24, Wire.CLIENT, Pin.none());
  }

  /** Registers {@code m} with the swarm's tracker as served on 127.0.0.1:{@code port}. */
  public void register(Manifest m, String peerId, int port) throws Exception {
    await(trackerClient().register(m, peerId, "127.0.0.1", port));
  }

  /**
   * A {@link HostilePeer} serving (or pretending to serve) {@code file} in {@code mode}, already
   * registered with the swarm's tracker under {@code m}, stopped after the test.
   */
  public HostilePeer hostilePeer(Path file, Manifest m, HostilePeer.Mode mode) throws Exception {
    HostilePeer p = HostilePeer.start(Files.readAllBytes(file), m, mode);
    toClose.push(p);
    register(m, "hostile-" + mode, p.port());
    return p;
  }

  /**
   * A {@link Flood} of {@code n} idle connections to {@code target} from {@code addresses}
   * loopback addresses, closed after the test.
   */
  public Flood flood(InetSocketAddress target, int n, int addresses) throws IOException {
    Flood f = Flood.open(target, n, addresses);
    toClose.push(f);
    return f;
  }

  // ---- waiting --------------------------------------------------------------------------------

  /** The value of {@code stage}, waiting at most {@link #TIMEOUT}. */
  public static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** What a test checks again and again until it passes. */
  @FunctionalInterface
  public interface Check {
    void run() throws Exception;
  }

  /**
   * Runs {@code check} every 20 ms until it passes (neither throws an assertion error nor an
   * exception); after {@code within} the last failure is thrown.
   */
  public void eventually(Duration within, Check check) {
    testKit.createTestProbe().awaitAssert(within, POLL, () -> {
      check.run();
      return null;
    });
  }
}
