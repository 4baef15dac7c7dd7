package dev.p2p.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The start-up floor of the stack this program is built on, without any of its own code: one
 * JVM that loads the configuration (application.conf, with Pekko's own logger), starts a Pekko typed actor system, runs
 * one Pekko stream, writes and reads one JSON message with Jackson, does one TLS 1.3 handshake
 * with two node identities (in memory, as {@link TlsEngineBench}) and terminates. Every process
 * of a pair (tracker, sharer, downloader) does at least this much. Run by bench/floor.sh with
 * the CLI's JVM options, which times it.
 */
public final class StackFloor {
  private StackFloor() {}

  public static void main(String[] args) throws Exception {
    // Pekko's own logger instead of SLF4J and logback: the least a node could log with.
    Config config = ConfigFactory.parseString("""
        pekko.loggers = ["org.apache.pekko.event.Logging$DefaultLogger"]
        pekko.logging-filter = "org.apache.pekko.event.DefaultLoggingFilter"
        """).withFallback(ConfigFactory.load());
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "floor", config);
    int sum = Source.range(1, 1000).runWith(Sink.fold(0, Integer::sum), system)
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    ObjectMapper json = new ObjectMapper();
    Map<?, ?> back = json.readValue(json.writeValueAsBytes(Map.of("type", "QUERY", "n", sum)), Map.class);
    TlsEngineBench.handshake(TlsEngineBench.engine(true), TlsEngineBench.engine(false));
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    System.out.println("stack started and stopped: " + back.get("type") + " " + back.get("n"));
    System.exit(0); // the scheduler's thread outlives the terminated system by its tick
  }
}
