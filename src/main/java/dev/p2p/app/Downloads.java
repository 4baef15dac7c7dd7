package dev.p2p.app;

import dev.p2p.storage.FileId;
import dev.p2p.transfer.Download;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;

/**
 * The running downloads of one node, at most one per file, and the one report of each one's end
 * to the node's facade ({@link PeerGuardian.DownloadEnded}). Used by the {@link PeerGuardian} on
 * its own thread.
 */
final class Downloads {
  private final Map<FileId, ActorRef<Download.Command>> running = new HashMap<>();
  private final ActorRef<PeerGuardian.Report> reports;

  Downloads(ActorRef<PeerGuardian.Report> reports) {
    this.reports = reports;
  }

  boolean isRunning(FileId id) {
    return running.containsKey(id);
  }

  /** Whether {@code ref} is the download of {@code id} now (not one that ended before). */
  boolean isCurrent(FileId id, ActorRef<Download.Command> ref) {
    return running.get(id) == ref;
  }

  /**
   * Spawns {@code download} of {@code id} as a child of {@code ctx}, stopped on a failure and
   * watched: if it stops, {@code crashed} (made with its ref) tells the parent.
   */
  <C> void start(ActorContext<C> ctx, FileId id, Behavior<Download.Command> download,
      Function<ActorRef<Download.Command>, C> crashed) {
    ActorRef<Download.Command> ref = ctx.spawn(
        Behaviors.supervise(download).onFailure(SupervisorStrategy.stop()), "download-" + id.shortHex());
    ctx.watchWith(ref, crashed.apply(ref));
    running.put(id, ref);
  }

  /** The file {@code outcome} is about. */
  static FileId fileOf(Download.Outcome outcome) {
    return outcome instanceof Download.Finished f ? f.manifest().id() : ((Download.Aborted) outcome).id();
  }

  /** Download {@code id} ended as {@code outcome}: reported once; false if it was already. */
  boolean ended(FileId id, Download.Outcome outcome) {
    if (running.remove(id) == null) return false;
    reports.tell(new PeerGuardian.DownloadEnded(id, outcome));
    return true;
  }

  /** Every download still running ends with {@code reason} (the node has stopped). */
  void endAll(String reason) {
    List.copyOf(running.keySet()).forEach(id -> ended(id, new Download.Aborted(id, reason)));
  }

  void tell(FileId id, Download.Command c) {
    ActorRef<Download.Command> ref = running.get(id);
    if (ref != null) ref.tell(c);
  }

  void tellAll(Download.Command c) {
    running.values().forEach(ref -> ref.tell(c));
  }

  /**
   * Has download {@code id} do what the user asked ({@code replyTo} hears from it); a file not
   * downloading here is refused in one line.
   */
  void control(FileId id, Download.Control what, ActorRef<StatusReply<Done>> replyTo) {
    ActorRef<Download.Command> ref = running.get(id);
    if (ref == null) {
      replyTo.tell(StatusReply.error("no download of " + id.hex() + " is running on this node"));
      return;
    }
    ref.tell(what.command(replyTo));
  }
}
