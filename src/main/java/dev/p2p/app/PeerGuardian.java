package dev.p2p.app;

import dev.p2p.transfer.Download;
import dev.p2p.transfer.TransferEvent;
import dev.p2p.text.UserText;
import dev.p2p.peer.Library;
import dev.p2p.net.FramedServer;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import dev.p2p.storage.SharedFile;
import dev.p2p.tracker.TrackerClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The supervisor of one peer node: it spawns a {@link Download} per file (joining requests for a
 * file already downloading), keeps every served file registered with the tracker (now and on a
 * timer, so a restarted tracker learns them again), publishes upload figures, and on {@link Stop}
 * unregisters everything.
 */
public final class PeerGuardian extends AbstractBehavior<PeerGuardian.Command> {
  public sealed interface Command {}

  public record StartDownload(FileId id, Path outDir, ActorRef<Download.Outcome> replyTo) implements Command {}

  /** Serves {@code file} and registers it; replies with the tracker's peer count or a failure. */
  public record Share(SharedFile file, ActorRef<ShareResult> replyTo) implements Command {}

  public record ShareResult(Manifest manifest, String error) {}

  public record Stop(ActorRef<Done> replyTo) implements Command {}

  private record DownloadEnded(FileId id, Download.Outcome outcome) implements Command {}

  private record AnnounceRequest(Manifest manifest) implements Command {}

  private record PublishEvent(TransferEvent event) implements Command {}

  /** A registration's result; {@code replyTo} is null for re-announcements. */
  private record Announced(Manifest manifest, String error, ActorRef<ShareResult> replyTo) implements Command {}

  private enum Reannounce implements Command { INSTANCE }

  private enum UploadTick implements Command { INSTANCE }

  private record Unregistered(ActorRef<Done> replyTo) implements Command {}

  private final TimerScheduler<Command> timers;
  private final Download.Settings settings;
  private final TrackerClient tracker;
  private final Download.ConnectionFactory connections;
  private final Library library;
  private final ActorRef<Manifest> announceTo;
  private final ActorRef<TransferEvent> eventsTo;
  private final Map<FileId, List<ActorRef<Download.Outcome>>> waiting = new HashMap<>();
  private final Map<FileId, ActorRef<Download.Command>> downloads = new HashMap<>();
  private final Map<FileId, Long> lastServed = new HashMap<>();
  /** Files registered with the tracker; one no longer served is unregistered on the next tick. */
  private final Set<FileId> announced = new HashSet<>();
  private boolean warnedTracker;

  public static Behavior<Command> create(Download.Settings settings, TrackerClient tracker,
      Download.ConnectionFactory connections, Library library, Duration reannounceInterval) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Reannounce.INSTANCE, reannounceInterval);
      timers.startTimerWithFixedDelay(UploadTick.INSTANCE, Duration.ofSeconds(1));
      return new PeerGuardian(ctx, timers, settings, tracker, connections, library);
    }));
  }

  private PeerGuardian(ActorContext<Command> ctx, TimerScheduler<Command> timers,
      Download.Settings settings, TrackerClient tracker, Download.ConnectionFactory connections,
      Library library) {
    super(ctx);
    this.timers = timers;
    this.settings = settings;
    this.tracker = tracker;
    this.connections = connections;
    this.library = library;
    this.announceTo = ctx.messageAdapter(Manifest.class, AnnounceRequest::new);
    this.eventsTo = ctx.messageAdapter(TransferEvent.class, PublishEvent::new);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(StartDownload.class, this::onStartDownload)
        .onMessage(DownloadEnded.class, this::onDownloadEnded)
        .onMessage(Share.class, this::onShare)
        .onMessage(Announced.class, this::onAnnounced)
        .onMessage(AnnounceRequest.class, this::onAnnounceRequest)
        .onMessage(PublishEvent.class, this::onPublishEvent)
        .onMessageEquals(Reannounce.INSTANCE, this::onReannounce)
        .onMessageEquals(UploadTick.INSTANCE, this::onUploadTick)
        .onMessage(Stop.class, this::onStop)
        .build();
  }

  private Behavior<Command> onStartDownload(StartDownload d) {
    List<ActorRef<Download.Outcome>> w = waiting.get(d.id());
    if (w != null) {
      w.add(d.replyTo()); // already downloading: share the outcome
      return this;
    }
    waiting.put(d.id(), new ArrayList<>(List.of(d.replyTo())));
    Download.Settings s = settings.withOutDir(d.outDir());
    Download.Deps deps = new Download.Deps(tracker::query, connections, library, announceTo, eventsTo);
    ActorRef<Download.Outcome> adapter = getContext().messageAdapter(Download.Outcome.class,
        o -> new DownloadEnded(d.id(), o));
    ActorRef<Download.Command> ref = getContext().spawn(
        Behaviors.supervise(Download.create(d.id(), s, deps, adapter))
            .onFailure(SupervisorStrategy.stop()),
        "download-" + d.id().shortHex());
    getContext().watchWith(ref, new DownloadEnded(d.id(),
        new Download.Aborted(d.id(), "download stopped after an internal error")));
    downloads.put(d.id(), ref);
    return this;
  }

  private Behavior<Command> onDownloadEnded(DownloadEnded e) {
    downloads.remove(e.id());
    List<ActorRef<Download.Outcome>> w = waiting.remove(e.id());
    if (w != null) w.forEach(r -> r.tell(e.outcome()));
    return this;
  }

  /** A download asks for (re-)registration of the file it now serves. */
  private Behavior<Command> onAnnounceRequest(AnnounceRequest a) {
    register(a.manifest(), null);
    return this;
  }

  private Behavior<Command> onPublishEvent(PublishEvent p) {
    publish(p.event());
    return this;
  }

  private Behavior<Command> onShare(Share s) {
    library.put(s.file());
    register(s.file().manifest(), s.replyTo());
    return this;
  }

  private void register(Manifest m, ActorRef<ShareResult> replyTo) {
    announced.add(m.id());
    CompletionStage<Integer> r = tracker.register(m, settings.nodeId(), settings.selfHost(), settings.selfPort());
    getContext().pipeToSelf(r, (n, err) -> new Announced(m,
        err == null ? null : UserText.oneLine(err), replyTo));
  }

  private Behavior<Command> onAnnounced(Announced a) {
    if (a.error() != null) {
      if (!warnedTracker) getContext().getLog().warn("registration of {} failed: {}", a.manifest().id().shortHex(), a.error());
      warnedTracker = true;
    } else {
      if (warnedTracker) getContext().getLog().info("tracker reachable again");
      warnedTracker = false;
    }
    if (a.replyTo() == null) return this;
    a.replyTo().tell(new ShareResult(a.manifest(), a.error()));
    if (a.error() == null) {
      Path path = library.get(a.manifest().id())
          .map(e -> e.source() instanceof SharedFile sf ? sf.path() : null).orElse(null);
      publish(new TransferEvent.Shared(settings.nodeId(), a.manifest().id(), a.manifest().name(),
          a.manifest().size(), path));
    }
    return this;
  }

  private Behavior<Command> onReannounce() {
    Set<FileId> served = new HashSet<>();
    for (Library.Entry e : library.entries()) {
      if (e.source() instanceof SharedFile sf && !sf.isIntact()) {
        getContext().getLog().warn("{} changed on disk: no longer shared as {}", sf.path(), sf.manifest().id().shortHex());
        library.remove(sf);
        continue;
      }
      served.add(e.source().manifest().id());
      register(e.source().manifest(), null);
    }
    // A file that changed on disk (found here or by the chunk server) or an aborted download is
    // withdrawn at once, rather than left listed until the tracker's TTL expires.
    for (Iterator<FileId> it = announced.iterator(); it.hasNext(); ) {
      FileId id = it.next();
      if (served.contains(id)) continue;
      it.remove();
      tracker.unregister(id, settings.nodeId(), settings.selfPort());
    }
    return this;
  }

  private Behavior<Command> onUploadTick() {
    for (Library.Entry e : library.entries()) {
      FileId id = e.source().manifest().id();
      long served = e.bytesServed();
      long before = lastServed.getOrDefault(id, 0L);
      int peers = e.drainDownloaders();
      if (served != before || peers > 0) {
        publish(new TransferEvent.Uploading(settings.nodeId(), id, peers, served, served - before));
      }
      lastServed.put(id, served);
    }
    return this;
  }

  private Behavior<Command> onStop(Stop s) {
    timers.cancelAll();
    downloads.values().forEach(ref -> ref.tell(Download.Cancel.INSTANCE));
    List<CompletableFuture<Integer>> all = new ArrayList<>();
    for (Library.Entry e : library.entries()) {
      all.add(tracker.unregister(e.source().manifest().id(), settings.nodeId(), settings.selfPort())
          .toCompletableFuture().exceptionally(t -> 0));
    }
    getContext().pipeToSelf(CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)),
        (v, err) -> new Unregistered(s.replyTo()));
    return Behaviors.receive(Command.class)
        .onMessage(Unregistered.class, u -> {
          u.replyTo().tell(Done.getInstance());
          return Behaviors.stopped();
        })
        .onMessage(DownloadEnded.class, e -> {
          // Tell the waiters, but stay in this behaviour (onDownloadEnded returns the running one,
          // which would drop Unregistered and leave Stop unanswered until its ask timed out).
          onDownloadEnded(e);
          return Behaviors.same();
        })
        .onMessage(Stop.class, again -> {
          again.replyTo().tell(Done.getInstance());
          return Behaviors.same();
        })
        .onMessage(PublishEvent.class, p -> {
          publish(p.event());
          return Behaviors.same();
        })
        .onAnyMessage(m -> Behaviors.same())
        .build();
  }

  private void publish(TransferEvent e) {
    getContext().getSystem().eventStream().tell(new EventStream.Publish<>(e));
  }
}
