package dev.p2p.app;

import dev.p2p.peer.Library;
import dev.p2p.storage.FileId;
import dev.p2p.storage.Manifest;
import dev.p2p.storage.SharedFile;
import dev.p2p.text.P2pException;
import dev.p2p.tracker.TrackerClient;
import dev.p2p.transfer.Download;
import dev.p2p.transfer.TransferEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.pattern.StatusReply;

/**
 * The supervisor and owner of one peer node: it owns the node's {@link Library} (the chunk server
 * only reads it and reports a file that changed on disk), spawns a {@link Download} per file
 * (joining requests for a file already downloading), keeps every served file registered with the
 * tracker (now and on a timer, so a restarted tracker learns them again; a failure is retried
 * sooner, with backoff, by its {@link Reannouncer}), sends the node's events
 * to its subscribers (each watched), reports each download's end once to its facade's
 * {@link Report} channel, and on {@link Stop} unregisters everything. Requests that arrive while it
 * stops are refused, never dropped.
 */
public final class PeerGuardian extends AbstractBehavior<PeerGuardian.Command> {
  public sealed interface Command permits StartDownload, Share, Subscribe, Unsubscribe, Publish,
      Stop, OutcomeReceived, DownloadCrashed, AnnounceRequest, Reannounced, ShareRegistered,
      FileChanged, Reannounce, RetryRegistration, UploadTick, Unregistered, Unshare, ControlDownload, MovePort {}

  /**
   * Starts (or joins) a download; acknowledged at once, its end goes to the {@link Report}
   * channel. With {@code privacy}: a private share's file (lookup, ACCESS, served on privately).
   */
  public record StartDownload(FileId id, Path outDir, Optional<Library.Privacy> privacy,
      ActorRef<StatusReply<Done>> replyTo) implements Command {}

  /** Serves {@code file} (privately with {@code privacy}), registers it; replies with its manifest or the refusal. */
  public record Share(SharedFile file, Optional<Library.Privacy> privacy,
      ActorRef<StatusReply<Manifest>> replyTo) implements Command {}

  /** Stops serving, unregisters and (unless served here publicly) revokes {@code id}; replies when done. */
  public record Unshare(FileId id, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  /** Pauses, resumes or cancels download {@code id} for the user (see {@link Download.Control}). */
  public record ControlDownload(FileId id, Download.Control what, ActorRef<StatusReply<Done>> replyTo)
      implements Command {}

  /** Sends this node's events to {@code subscriber} until it stops or {@link Unsubscribe}s. */
  public record Subscribe(ActorRef<TransferEvent> subscriber) implements Command {}

  public record Unsubscribe(ActorRef<TransferEvent> subscriber) implements Command {}

  /** An event of this node raised outside its actors (hashing a file to share). */
  public record Publish(TransferEvent event) implements Command {}

  public record Stop(ActorRef<Done> replyTo) implements Command {}

  /** The chunk server now listens on {@code port}: registers there, withdraws the old port; replies when done. */
  public record MovePort(int port, ActorRef<Done> replyTo) implements Command {}

  /** What a node tells its facade: each download's end exactly once, and its own end. */
  public sealed interface Report permits DownloadEnded, NodeStopped {}

  public record DownloadEnded(FileId id, Download.Outcome outcome) implements Report {}

  /** Sent by the {@link Guardian} once the node has terminated, however it ended. */
  public enum NodeStopped implements Report { INSTANCE }

  private record OutcomeReceived(Download.Outcome outcome) implements Command {}

  private record DownloadCrashed(FileId id, ActorRef<Download.Command> ref) implements Command {}

  private record AnnounceRequest(Manifest manifest) implements Command {}

  /** A re-announcement's result: nobody waits for it. {@code ended}: a private share's end. */
  private record Reannounced(Manifest manifest, Optional<String> error, boolean ended) implements Command {}

  /** A share's registration result, for the one who asked. */
  private record ShareRegistered(Manifest manifest, Throwable failure,
      ActorRef<StatusReply<Manifest>> replyTo) implements Command {}

  private record FileChanged(SharedFile file, ActorRef<Done> replyTo) implements Command {}

  /** A failed registration's retry is due (see {@link Reannouncer}). */
  private record RetryRegistration(Manifest manifest) implements Command {}

  /** The periodic round ({@code INSTANCE}), or {@code ALL}: every file now, retries due or not. */
  private enum Reannounce implements Command { INSTANCE, ALL }

  private enum UploadTick implements Command { INSTANCE }

  private record Unregistered(ActorRef<Done> replyTo) implements Command {}

  private static final String STOPPING = "the node is stopping";

  private final TimerScheduler<Command> timers;
  private Download.Settings settings; // its port changes with MovePort
  private final Download.ConnectionFactory connections;
  private final Library library;
  private final ActorRef<Manifest> announceTo;
  private final ActorRef<TransferEvent> eventsTo;
  private final ActorRef<Download.Outcome> outcomes;
  private final Subscribers subscribers = new Subscribers();
  private final Downloads downloads;
  private final Reannouncer reannouncer;
  private Announcer announcer;

  public static Behavior<Command> create(Download.Settings settings, TrackerClient tracker,
      Download.ConnectionFactory connections, Library library, Duration reannounceInterval,
      ActorRef<Report> reports) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Reannounce.INSTANCE, reannounceInterval);
      ActorRef<Command> self = ctx.getSelf(); // a new tracker node gets everything at once
      tracker.onSwitch(next -> self.tell(Reannounce.ALL));
      tracker.onExchange(e -> { if (e.recovered()) self.tell(Reannounce.ALL); }); // back: all at once
      Reannouncer reannouncer = new Reannouncer(timers, reannounceInterval, RetryRegistration::new, ctx.getLog());
      return new PeerGuardian(ctx, timers, settings, tracker, connections, library, reannouncer, reports);
    }));
  }

  private PeerGuardian(ActorContext<Command> ctx, TimerScheduler<Command> timers,
      Download.Settings settings, TrackerClient tracker, Download.ConnectionFactory connections,
      Library library, Reannouncer reannouncer, ActorRef<Report> reports) {
    super(ctx);
    this.reannouncer = reannouncer;
    this.timers = timers;
    this.settings = settings;
    this.connections = connections;
    this.library = library;
    this.announcer = new Announcer(tracker, library, settings);
    this.downloads = new Downloads(reports);
    this.announceTo = ctx.messageAdapter(Manifest.class, AnnounceRequest::new);
    this.eventsTo = ctx.messageAdapter(TransferEvent.class, Publish::new);
    // One adapter for every download (Pekko keeps one per message class): the outcome names its file.
    this.outcomes = ctx.messageAdapter(Download.Outcome.class, OutcomeReceived::new);
    ActorRef<Command> self = ctx.getSelf();
    Scheduler scheduler = ctx.getSystem().scheduler();
    library.onChanged(file -> AskPattern.<Command, Done>ask(self, r -> new FileChanged(file, r),
        Duration.ofSeconds(5), scheduler));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(StartDownload.class, this::onStartDownload)
        .onMessage(OutcomeReceived.class, this::onOutcome)
        .onMessage(DownloadCrashed.class, this::onDownloadCrashed)
        .onMessage(Share.class, this::onShare)
        .onMessage(ShareRegistered.class, this::onShareRegistered)
        .onMessage(Reannounced.class, this::onReannounced)
        .onMessage(RetryRegistration.class, this::onRetryRegistration)
        .onMessage(AnnounceRequest.class, a -> { reannounce(a.manifest()); return this; }) // a download's file
        .onMessage(FileChanged.class, this::onFileChanged)
        .onMessage(Subscribe.class, this::onSubscribe)
        .onMessage(Unsubscribe.class, this::onUnsubscribe)
        .onMessage(Publish.class, this::onPublish)
        .onMessage(Reannounce.class, r -> onReannounce(r == Reannounce.ALL))
        .onMessageEquals(UploadTick.INSTANCE, this::onUploadTick)
        .onMessage(Unshare.class, this::onUnshare)
        .onMessage(ControlDownload.class, c -> { downloads.control(c.id(), c.what(), c.replyTo()); return this; })
        .onMessage(MovePort.class, this::onMovePort)
        .onMessage(Stop.class, this::onStop)
        .build();
  }

  private Behavior<Command> onStartDownload(StartDownload d) {
    d.replyTo().tell(StatusReply.ack());
    if (downloads.isRunning(d.id())) return this; // already downloading: its end is reported once
    Download.Settings s = settings.withOutDir(d.outDir());
    Download.Deps deps = new Download.Deps(announcer.locator(d.privacy()), connections, library,
        announceTo, eventsTo).withPrivacy(d.privacy());
    downloads.start(getContext(), d.id(), Download.create(d.id(), s, deps, outcomes),
        ref -> new DownloadCrashed(d.id(), ref));
    return this;
  }

  private Behavior<Command> onOutcome(OutcomeReceived o) {
    ended(Downloads.fileOf(o.outcome()), o.outcome());
    return Behaviors.same();
  }

  /** A download stopped; if it had not reported (it failed), that is its end. */
  private Behavior<Command> onDownloadCrashed(DownloadCrashed c) {
    if (downloads.isCurrent(c.id(), c.ref())) {
      ended(c.id(), new Download.Aborted(c.id(), "download stopped after an internal error"));
    }
    return Behaviors.same();
  }

  /** A download's end, reported once; one that failed serves nothing: unregistered now, not next round. */
  private void ended(FileId id, Download.Outcome outcome) {
    if (!downloads.ended(id, outcome) || outcome instanceof Download.Finished) return;
    if (library.get(id).isEmpty() && reannouncer.stillAnnounced(id)) {
      reannouncer.forget(id);
      announcer.unregister(id);
    }
  }

  private Behavior<Command> onSubscribe(Subscribe s) {
    if (!subscribers.add(s.subscriber())) return Behaviors.same();
    getContext().watchWith(s.subscriber(), new Unsubscribe(s.subscriber()));
    if (subscribers.size() > 1) return Behaviors.same();
    // Upload events only while someone listens (counted from now): no timer wakes an idle node.
    subscribers.startCounting(library);
    timers.startTimerWithFixedDelay(UploadTick.INSTANCE, Duration.ofSeconds(1));
    return Behaviors.same();
  }

  private Behavior<Command> onUnsubscribe(Unsubscribe u) {
    if (subscribers.remove(u.subscriber())) getContext().unwatch(u.subscriber());
    if (subscribers.isEmpty()) timers.cancel(UploadTick.INSTANCE);
    return Behaviors.same();
  }

  private Behavior<Command> onPublish(Publish p) {
    publish(p.event());
    return Behaviors.same();
  }

  private Behavior<Command> onShare(Share s) {
    library.put(s.file(), s.privacy());
    Manifest m = s.file().manifest();
    reannouncer.registering(m);
    getContext().pipeToSelf(announcer.register(m), (n, err) -> new ShareRegistered(m, err, s.replyTo()));
    return this;
  }

  private void reannounce(Manifest m) {
    reannouncer.registering(m);
    getContext().pipeToSelf(announcer.register(m),
        (n, err) -> new Reannounced(m, Announcer.error(err), Announcer.ended(err)));
  }

  /** The chunk server moved: registrations name its new port from now on (see {@link Announcer#moved}). */
  private Behavior<Command> onMovePort(MovePort p) {
    Announcer old = announcer;
    settings = settings.withSelfPort(p.port());
    announcer = announcer.with(settings);
    announcer.moved(old, library.entries()).thenRun(() -> p.replyTo().tell(Done.getInstance()));
    return this;
  }

  private Behavior<Command> onReannounced(Reannounced r) {
    if (r.ended()) endPrivateShare(r.manifest().id(), r.error().orElse("revoked"));
    else if (reannouncer.answered(r.manifest(), r.error())) announcer.shared(r.manifest()).ifPresent(this::publish);
    return this;
  }

  /** The tracker refused a private share (revoked by its owner, or expired): stop serving it. */
  private void endPrivateShare(FileId id, String why) {
    if (library.get(id).flatMap(Library.Entry::privacy).isEmpty()) return;
    getContext().getLog().info("private share {} ended: {}; no longer served", id.shortHex(), why);
    library.remove(id);
    reannouncer.forget(id);
    publish(new TransferEvent.Failed(settings.nodeId(), id, "private share ended: " + why));
  }

  private Behavior<Command> onUnshare(Unshare u) {
    FileId id = u.id();
    Optional<Library.Entry> entry = library.remove(id);
    downloads.tell(id, Download.Cancel.INSTANCE);
    reannouncer.forget(id);
    announcer.unshare(id, entry, u.replyTo());
    return this;
  }

  private Behavior<Command> onRetryRegistration(RetryRegistration r) {
    if (reannouncer.stillAnnounced(r.manifest().id())) reannounce(r.manifest());
    return this;
  }

  /** A share the tracker did not take is dropped, unless it did not answer (see {@link NotRegisteredYet}). */
  private Behavior<Command> onShareRegistered(ShareRegistered r) {
    reannouncer.answered(r.manifest(), Announcer.error(r.failure()));
    P2pException why = r.failure() == null ? null : announcer.shareFailed(r.manifest(), r.failure());
    if (why != null && !(why instanceof NotRegisteredYet)) {
      library.remove(r.manifest().id());
      reannouncer.forget(r.manifest().id());
    }
    r.replyTo().tell(why == null ? StatusReply.success(r.manifest()) : StatusReply.error(why));
    if (why == null) announcer.shared(r.manifest()).ifPresent(this::publish);
    return this;
  }

  /** The chunk server could not read a shared file and found it changed: stop serving it. */
  private Behavior<Command> onFileChanged(FileChanged c) {
    withdraw(c.file());
    c.replyTo().tell(Done.getInstance());
    return Behaviors.same();
  }

  private void withdraw(SharedFile sf) {
    getContext().getLog().warn("{} changed on disk: no longer shared as {}", sf.path(), sf.manifest().id().shortHex());
    library.remove(sf);
  }

  private Behavior<Command> onReannounce(boolean all) {
    Set<FileId> served = new HashSet<>();
    for (Library.Entry e : library.entries()) {
      if (subscribers.isEmpty()) e.drainDownloaders(); // nobody counts them: the set stays small
      if (e.source() instanceof SharedFile sf && !sf.isIntact()) {
        withdraw(sf);
        continue;
      }
      if (e.privacy().isPresent() && e.privacy().get().expired(System.currentTimeMillis())) {
        endPrivateShare(e.source().manifest().id(), "it has expired");
        continue;
      }
      FileId id = e.source().manifest().id();
      served.add(id);
      if (all || !reannouncer.retrying(id)) reannounce(e.source().manifest()); // else its retry comes sooner
    }
    for (FileId id : reannouncer.withdrawAllBut(served)) {
      announcer.unregister(id);
    }
    return this;
  }

  private Behavior<Command> onUploadTick() {
    subscribers.tick(library, settings.nodeId());
    return this;
  }

  private Behavior<Command> onStop(Stop s) {
    timers.cancelAll();
    downloads.tellAll(Download.Cancel.INSTANCE);
    List<CompletableFuture<Integer>> all = new ArrayList<>();
    for (Library.Entry e : library.entries()) {
      all.add(announcer.unregister(e.source().manifest().id()).toCompletableFuture().exceptionally(t -> 0));
    }
    getContext().pipeToSelf(CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)),
        (v, err) -> new Unregistered(s.replyTo()));
    return stopping();
  }

  /**
   * Until the unregistrations are done (shared handlers return {@code Behaviors.same()}, keeping
   * the node in this phase): downloads still report their end and events still reach subscribers;
   * new work is refused (an unanswered request would leave its caller waiting).
   */
  private Behavior<Command> stopping() {
    return Behaviors.receive(Command.class)
        .onMessage(Unregistered.class, this::onUnregistered)
        .onMessage(StartDownload.class, d -> refuse(d.replyTo()))
        .onMessage(Share.class, s -> refuse(s.replyTo()))
        .onMessage(ControlDownload.class, c -> refuse(c.replyTo()))
        .onMessage(Stop.class, this::onStopAgain)
        .onMessage(OutcomeReceived.class, this::onOutcome)
        .onMessage(DownloadCrashed.class, this::onDownloadCrashed)
        .onMessage(Publish.class, this::onPublish)
        .onMessage(Subscribe.class, this::onSubscribe)
        .onMessage(Unsubscribe.class, this::onUnsubscribe)
        .onMessage(FileChanged.class, this::onFileChanged)
        .onAnyMessage(this::ignore)
        .build();
  }

  private Behavior<Command> onUnregistered(Unregistered u) {
    // A download still running (one verifying does not stop for Cancel) ends with the node: its
    // end is reported here, since its own report would come after the node has gone.
    downloads.endAll("cancelled");
    u.replyTo().tell(Done.getInstance());
    return Behaviors.stopped();
  }

  private <T> Behavior<Command> refuse(ActorRef<StatusReply<T>> replyTo) {
    replyTo.tell(StatusReply.error(STOPPING));
    return Behaviors.same();
  }

  private Behavior<Command> onStopAgain(Stop s) {
    s.replyTo().tell(Done.getInstance());
    return Behaviors.same();
  }

  private Behavior<Command> ignore(Command c) {
    return Behaviors.same(); // timer ticks and registration results: no longer of interest
  }

  private void publish(TransferEvent e) {
    subscribers.publish(e);
  }
}
