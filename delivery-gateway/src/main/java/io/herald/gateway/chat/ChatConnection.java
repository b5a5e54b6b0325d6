package io.herald.gateway.chat;

import io.herald.web.ratelimit.TokenBucket;
import io.herald.auth.VerifiedAccess;
import io.herald.chat.commands.ChatCommands;
import io.herald.chat.commands.SendResult;
import io.herald.gateway.timers.ConnectionTimers;
import io.herald.kafka.tracing.RecordTracing;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.publisher.Sinks;

/**
 * One chat socket. Outbound: {@code welcome}, then the delivery pipeline (catch-up, then buffered
 * and live items through the {@link Sequencer}) merged with the replies to the client's frames and
 * the frames of the {@link ChatObserver} (presence), plus WebSocket pings. Inbound: rate check,
 * parse, commands (at most {@code maxCommandsInFlight} at once; beyond that the socket is not read,
 * so TCP pushes back).
 *
 * <p>Hand-over: the connection registers for live items BEFORE catch-up reads the read model, so
 * a delivery is either buffered here or already in the read model (or both: then the seq de-dup
 * drops the second copy). The settle pass covers the one remaining window, a delivery the shared
 * reader dispatched just before registration that the projector had not written yet: from the read
 * model, or from the inbox when the projector has not yet passed where the reader stood at
 * registration ({@link InboxRecall#mark}; e.g. its instance was just killed).
 *
 * <p>Close codes: 1013 buffer overflow or history unavailable (reconnect, resume by seq), 1008
 * persistent rate-limit violation, 1009 frame too big (by the server codec), 1001 idle or gateway
 * shutdown, 4008 replaced by a newer connection of the same user (do not auto-reconnect); 4001
 * token expired and no {@code reauth} came in time, 4003 account deleted ({@link ChatCredentials}).
 */
final class ChatConnection implements ConnectionTimers.Timed {

  static final CloseStatus OVERFLOW = new CloseStatus(1013, "fell behind; reconnect and resume by seq");
  static final CloseStatus HISTORY_UNAVAILABLE = new CloseStatus(1013, "history unavailable; reconnect and resume later");
  static final CloseStatus RATE_LIMITED = new CloseStatus(1008, "too many frames");
  static final CloseStatus IDLE = new CloseStatus(1001, "idle timeout");
  static final CloseStatus SHUTDOWN = new CloseStatus(1001, "gateway shutting down; reconnect and resume");

  private static final Logger log = LoggerFactory.getLogger(ChatConnection.class);
  /** Live items handed from the Kafka readers' threads to a worker hold a few beyond the buffer. */
  private static final int LIVE_PREFETCH = 8;
  private static final byte[] NO_DATA = new byte[0];
  /** Stands for a ping among the outbound text frames (compared by identity: frames are new strings). */
  @SuppressWarnings("StringOperationCanBeSimplified")
  private static final String PING = new String("ping");
  /** Session ids only need to be unique within this process: the gateway id tells processes apart. */
  private static final AtomicLong SESSIONS = new AtomicLong();

  private final WebSocketSession session;
  private final String userId;
  private final String deviceId;
  private final ChatProperties props;
  private final ConnectionRegistry registry;
  private final ChatCommands commands;
  private final RecordTracing tracing;
  private final FrameParser parser;
  private final FrameWriter writer;
  private final ChatMetrics metrics;
  private final ChatObserver observer;
  private final ChatSession chatSession;
  private final Sequencer sequencer;
  private final HistorySource history;
  private final ConnectionBuffer buffer;
  private final InboundGuard guard;
  private final ChatCredentials.Session credentials;
  /** Completes at the first frame (or never: then the hello timeout starts catch-up). */
  private final Sinks.Empty<Void> firstFrame = Sinks.empty();
  /** The hello's resume positions until catch-up takes them (not kept for the socket's life: a map per conversation). */
  private volatile Map<String, Long> resume = Map.of();
  private final Sinks.Empty<Void> closing = Sinks.empty();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean unregistered = new AtomicBoolean();
  private final Disposable.Swap settle = Disposables.swap();
  /** The socket's event loop: live items are handed to it off the Kafka readers' threads. */
  private final Scheduler liveOn;
  private final ConnectionTimers timers;
  private final long pingNanos;
  private final long idleNanos;
  private long nextPing; // the timers' thread only
  private volatile long lastInbound = System.nanoTime();
  private volatile boolean catchUpStarted;
  private boolean firstSeen; // inbound frames arrive one at a time

  ChatConnection(ChatConnections shared, WebSocketSession session, VerifiedAccess access, String deviceId,
                 Scheduler liveOn) {
    this.session = session;
    this.liveOn = liveOn;
    this.timers = shared.timers;
    this.pingNanos = shared.props.heartbeat().toNanos();
    this.idleNanos = shared.props.idleTimeout().toNanos();
    this.nextPing = lastInbound + pingNanos;
    this.userId = access.principal().userId();
    this.deviceId = deviceId;
    this.props = shared.props;
    this.registry = shared.registry;
    this.commands = shared.commands;
    this.tracing = shared.tracing;
    this.parser = shared.parser;
    this.writer = shared.writer;
    this.metrics = shared.metrics;
    this.observer = shared.observer;
    this.history = shared.history;
    this.chatSession = new ChatSession("s" + Long.toString(SESSIONS.incrementAndGet(), 36), userId, deviceId);
    this.sequencer = new Sequencer(userId, shared.history, writer, new SeqTracker(props.maxTrackedConversations()),
        props.catchUpPage(), props.gapRetries(), props.gapBackoff(), metrics);
    this.buffer = new ConnectionBuffer(props.outboundBuffer(), () -> close(OVERFLOW, "overflow"));
    this.guard = new InboundGuard(new TokenBucket(props.inboundRate(), props.inboundBurst(), System::nanoTime),
        props.rateLimitStrikes());
    this.credentials = shared.credentials.open(access, this::close);
  }

  String userId() {
    return userId;
  }

  String deviceId() {
    return deviceId;
  }

  /** A delivery for this user; from a Kafka reader's thread, never blocks. */
  void deliver(LiveItem.Message message) {
    buffer.offer(message);
  }

  /** A receipt snapshot of one of the user's conversations; from a Kafka reader's thread, never blocks. */
  void receipt(String conversationId, String json) {
    buffer.offerReceipt(conversationId, json);
  }

  /** Idempotent, from any thread. {@code status} null: the peer closed, nothing to send. */
  void close(CloseStatus status, String reason) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (reason != null) {
      metrics.disconnect(reason);
    }
    if (status != null) {
      // Sent before the pipelines are cancelled, so the client learns why (and frames queued before it go first).
      session.close(status).subscribe(null, e -> log.debug("close frame not sent: {}", e.toString()));
    }
    closing.tryEmitEmpty();
  }

  /** For the registry: true the first time only. */
  boolean markUnregistered() {
    return unregistered.compareAndSet(false, true);
  }

  Mono<Void> run() {
    registry.add(this); // FIRST: from here on live items wait in the buffer while catch-up reads
    sequencer.registeredAt(history.handoverMark(userId)); // what the settle pass must not miss
    Flux<String> observed = observer.opened(chatSession).onErrorResume(e -> {
      log.warn("extra frames of {} failed: {}", userId, e.toString());
      return Flux.empty();
    });
    Flux<WebSocketMessage> out = Flux
        .concat(Mono.fromSupplier(() -> writer.write(new ServerFrame.Welcome(userId, deviceId))), // not held after
            Flux.merge(deliveries(), replies(), observed, credentials.frames()))
        .map(frame -> frame == PING ? session.pingMessage(factory -> factory.wrap(NO_DATA)) : session.textMessage(frame))
        .takeUntilOther(closing.asMono());
    Disposable ticking = timers.register(this);
    return session.send(out)
        .onErrorResume(e -> {
          log.debug("chat connection of {} ended: {}", userId, e.toString());
          return Mono.empty();
        })
        .doFinally(signal -> {
          ticking.dispose();
          registry.remove(this);
          settle.dispose();
          credentials.dispose();
          close(null, null);
          observer.closed(chatSession); // every way a socket ends comes through here, once
        });
  }

  private Flux<String> deliveries() {
    Flux<String> catchUp = firstFrame.asMono()
        .timeout(props.helloTimeout(), Mono.empty())
        .then(Mono.fromSupplier(this::takeResume))
        .doOnNext(resume -> log.debug("{} {}: catch-up starts (resume for {} conversations)", userId,
            chatSession.sessionId(), resume.size()))
        .flatMapMany(resume -> {
          sequencer.resumeFrom(resume);
          return sequencer.catchUp();
        })
        .doOnComplete(() -> {
          log.debug("{} {}: catch-up done", userId, chatSession.sessionId());
          scheduleSettle();
        })
        .onErrorResume(e -> {
          log.warn("catch-up of {} failed: {}", userId, e.toString());
          close(HISTORY_UNAVAILABLE, "catch-up-failed");
          return Flux.empty();
        });
    Flux<String> live = buffer.items()
        .publishOn(liveOn, LIVE_PREFETCH) // off the Kafka readers' threads, onto the socket's loop
        .concatMap(this::onLive, 1);
    return Flux.concat(catchUp, live);
  }

  private Map<String, Long> takeResume() {
    catchUpStarted = true;
    Map<String, Long> r = resume;
    resume = Map.of();
    return r;
  }

  private Publisher<String> onLive(LiveItem item) {
    if (item instanceof LiveItem.Message m) {
      if (log.isDebugEnabled()) {
        log.debug("{} {}: live {} seq {}", userId, chatSession.sessionId(), m.conversationId(), m.seq());
      }
      return sequencer.live(m);
    }
    if (item instanceof LiveItem.ReceiptDue r) {
      return Mono.justOrEmpty(buffer.takeReceipt(r.conversationId()));
    }
    if (item == LiveItem.Release.SETTLE_PASS) {
      // Subscribed (not a callable Mono.empty(), which concatMap would not subscribe), it becomes the
      // last inner and so lets the settle pass's read-model query and operators go.
      return Mono.<String>empty().hide();
    }
    log.debug("{} {}: settle pass", userId, chatSession.sessionId());
    return sequencer.settle()
        .onErrorResume(e -> { // settle pass: best effort
          log.debug("settle pass of {} failed: {}", userId, e.toString());
          return Flux.empty();
        })
        // concatMap keeps its last inner subscribed until the next item: on a quiet socket that would
        // be this pass for the socket's life (~1 kB); the next item replaces it
        .doOnComplete(() -> buffer.offerIfIdle(LiveItem.Release.SETTLE_PASS));
  }

  private void scheduleSettle() {
    if (!props.settleDelay().isZero()) {
      settle.update(Mono.delay(props.settleDelay()).subscribe(t -> buffer.offer(new LiveItem.Settle())));
    }
  }

  private Flux<String> replies() {
    return session.receive()
        .mapNotNull(this::admit)
        .flatMap(this::handle, props.maxCommandsInFlight())
        .doFinally(signal -> close(null, null)); // the client closed, or the socket broke
  }

  /** Synchronous, in frame order: payload to text, rate check, first-frame flag. Null for control frames. */
  private Inbound admit(WebSocketMessage message) {
    lastInbound = System.nanoTime();
    if (message.getType() == WebSocketMessage.Type.PONG || message.getType() == WebSocketMessage.Type.PING) {
      return null;
    }
    InboundGuard.Verdict verdict = guard.check();
    if (verdict != InboundGuard.Verdict.ACCEPT) {
      return new Inbound.Limited(verdict == InboundGuard.Verdict.CLOSE);
    }
    if (message.getType() != WebSocketMessage.Type.TEXT) {
      return new Inbound.Binary();
    }
    boolean first = !firstSeen;
    firstSeen = true;
    return new Inbound.Text(message.getPayloadAsText(), first);
  }

  private Publisher<String> handle(Inbound in) {
    if (in instanceof Inbound.Limited limited) {
      metrics.frameIn("rate-limited");
      Mono<String> error = Mono.just(error(null, ErrorCode.RATE_LIMITED, null,
          "slow down: at most " + props.inboundRate() + " frames per second"));
      return limited.fatal() ? error.concatWith(Mono.fromRunnable(() -> close(RATE_LIMITED, "rate-limit"))) : error;
    }
    if (in instanceof Inbound.Binary) {
      metrics.frameIn("binary");
      return Mono.just(error(null, ErrorCode.BAD_REQUEST, null, "only text frames (JSON) are accepted"));
    }
    Inbound.Text text = (Inbound.Text) in;
    ClientFrame frame;
    try {
      frame = parser.parse(text.text());
    } catch (FrameException e) {
      metrics.frameIn("invalid");
      if (text.first()) {
        firstFrame.tryEmitEmpty();
      }
      return Mono.just(writer.write(e.toFrame()));
    }
    if (frame instanceof ClientFrame.Hello h) {
      metrics.frameIn("hello");
      if (text.first() && !catchUpStarted) {
        resume = h.resume();
        firstFrame.tryEmitEmpty();
        return Mono.empty();
      }
      return Mono.just(error(h.ref(), ErrorCode.BAD_REQUEST, "type", text.first()
          ? "hello came after catch-up started (" + props.helloTimeout().toMillis() + " ms); its resume was not used"
          : "hello is only valid as the first frame"));
    }
    if (text.first()) {
      firstFrame.tryEmitEmpty(); // no hello: catch up from the delivered cursors now
    }
    if (frame instanceof ClientFrame.Send s) {
      metrics.frameIn("send");
      return send(s);
    }
    if (frame instanceof ClientFrame.Reauth r) {
      metrics.frameIn("reauth");
      return credentials.reauth(r);
    }
    if (frame instanceof ClientFrame.Receipt r) {
      metrics.frameIn(r.kind() == io.herald.events.ReceiptKind.READ ? "read" : "delivered");
      return receipt(r);
    }
    metrics.frameIn("ping");
    return Mono.just(writer.write(new ServerFrame.Pong(frame.ref())));
  }

  private Mono<String> send(ClientFrame.Send s) {
    Mono<SendResult> sent =
        commands.send(userId, deviceId, s.conversationId(), s.clientMsgId(), s.contentType(), s.body());
    if (tracing.enabled()) {
      sent = tracing.newTrace("chat send", sent); // the trace of this message starts at its frame
    }
    return sent
        .timeout(props.commandTimeout())
        .map(r -> writer.write(new ServerFrame.Sent(s.ref(), r.clientMsgId(), r.messageId(), r.conversationId(),
            r.replayed())))
        .onErrorResume(e -> Mono.just(writer.write(CommandErrors.toFrame(s.ref(), e))));
  }

  /** No reply on success: the cursor change comes back to every member as a {@code receipt} frame. */
  private Mono<String> receipt(ClientFrame.Receipt r) {
    return commands.receipt(userId, deviceId, r.conversationId(), r.kind(), r.upToSeq())
        .timeout(props.commandTimeout())
        .then(Mono.<String>empty())
        .onErrorResume(e -> Mono.just(writer.write(CommandErrors.toFrame(r.ref(), e))));
  }

  /**
   * On the gateway's timers: WebSocket pings keep proxies and NATs open and make clients answer
   * (among the control frames, dropped when the client does not read them); silence beyond the idle
   * timeout closes.
   */
  @Override
  public void tick(long nowNanos) {
    if (nowNanos - lastInbound > idleNanos) {
      close(IDLE, "idle");
      return;
    }
    if (nowNanos - nextPing >= 0) {
      nextPing = nowNanos + pingNanos;
      credentials.ping(PING);
    }
  }

  private String error(String ref, ErrorCode code, String field, String message) {
    return writer.write(new ServerFrame.Error(ref, code.wire(), field, message));
  }
}
