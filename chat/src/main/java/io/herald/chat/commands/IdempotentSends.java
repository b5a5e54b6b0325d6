package io.herald.chat.commands;

import io.herald.events.ConversationEvent;
import io.herald.schemas.digest.Digests;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Function;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * At most one message per (actor, conversation, clientMsgId), with the same answer every time:
 * the key is reserved in {@code chat_sends} with a fresh message id BEFORE producing (so concurrent
 * attempts cannot mint two ids), then completed with the record's position after the ack.
 * A failed produce frees the key; an attempt that died holding it is taken over after the lease
 * and re-produced with the reserved id (the topology drops the duplicate if the first made it).
 *
 * <p>One MongoDB write is on the send path (the reservation); completing the record happens after
 * the answer, off the path. With {@link RecentSends} (the WebSocket path) no MongoDB is on the
 * path: completed sends are recorded afterwards in batches ({@link SendRecorder}). A retry that finds the reservation still pending re-reads it for up to
 * {@link #PENDING_WAIT} (the completion lands milliseconds after the ack) before answering
 * "in progress".
 */
final class IdempotentSends {

  private static final Logger log = LoggerFactory.getLogger(IdempotentSends.class);

  /** What to send: everything but the message id, which the reservation decides. */
  record Send(String actor, String deviceId, String conversationId, String clientMsgId, String contentType,
              String body) {

    String key() {
      return SendRecord.idOf(actor, conversationId, clientMsgId);
    }

    /** The same clientMsgId must come with the same content to count as a retry. */
    String fingerprint() {
      return HexFormat.of().formatHex(Digests.sha256(contentType + "\n" + body)).substring(0, 32);
    }

    ConversationEvent event(String messageId, Clock clock) {
      return ChatEvents.sent(conversationId, actor, deviceId, messageId, clientMsgId, contentType, body, clock.instant());
    }
  }

  private static final Duration PENDING_PAUSE = Duration.ofMillis(10);
  private static final int PENDING_RETRIES = 4;
  /** How long a retry waits for a first attempt that is still pending: 10 + 20 + 40 + 80 ms. */
  static final Duration PENDING_WAIT = Duration.ofMillis(150);
  /** Completed sends waiting to be recorded (memory path), and how many one write takes. */
  private static final int RECORDS_WAITING = 10_000;
  private static final int RECORDS_PER_WRITE = 500;
  /** After each write of completed sends, before the next: at most ~10 writes a second (SendRecorder). */
  private static final Duration RECORDS_PAUSE = Duration.ofMillis(100);

  private final SendLedger ledger;
  private final Clock clock;
  private final Duration lease;
  private final Function<ConversationEvent, Mono<RecordMetadata>> produce;
  private final RecentSends recent;
  private final SendRecorder recorder;

  /** @param recent null: every send reserves its key in MongoDB first (durable); else see {@link RecentSends} */
  IdempotentSends(SendLedger ledger, Clock clock, Duration lease, Function<ConversationEvent, Mono<RecordMetadata>> produce,
                  RecentSends recent) {
    this.ledger = ledger;
    this.clock = clock;
    this.lease = lease;
    this.produce = produce;
    this.recent = recent;
    this.recorder = recent == null ? null : new SendRecorder(ledger, RECORDS_WAITING, RECORDS_PER_WRITE, RECORDS_PAUSE);
  }

  /**
   * The same message id for every attempt of one (actor, conversation, clientMsgId), on any
   * instance: a retry that misses every memory still answers with the first attempt's id.
   */
  static String messageIdOf(String key) {
    return Digests.nameUuid("herald-send|" + key).toString();
  }

  /** A send (the caller checked membership): in memory when this instance keeps recent sends, else durable. */
  Mono<SendResult> first(Send s) {
    return recent == null ? durable(s) : fromMemory(s);
  }

  /** No MongoDB on the path: this instance's memory, then produce; the record is written afterwards. */
  private Mono<SendResult> fromMemory(Send s) {
    return Mono.defer(() -> {
      String key = s.key();
      RecentSends.Entry ours = new RecentSends.Entry(s.fingerprint());
      RecentSends.Entry existing = recent.putIfAbsent(key, ours);
      if (existing != null) {
        if (!existing.fingerprint.equals(ours.fingerprint)) {
          return Mono.error(new ChatValidationException("clientMsgId", "was already used for a different message"));
        }
        return existing.replay();
      }
      String messageId = messageIdOf(key);
      return Mono.defer(() -> produce.apply(s.event(messageId, clock)))
          .doOnError(e -> {
            recent.remove(key, ours);
            ours.fail(e);
          })
          .map(md -> {
            SendResult r = new SendResult(messageId, s.conversationId(), s.clientMsgId(), md.partition(), md.offset(), false);
            ours.complete(r);
            // For retries through the durable path (HTTP) or after this memory forgot it; best effort,
            // off the path, batched and bounded (SendRecorder).
            recorder.record(SendRecord.pending(key, messageId, ours.fingerprint, clock.instant())
                .completed(md.partition(), md.offset()));
            return r;
          });
    });
  }

  /** Reserve the key in MongoDB, produce, complete the record. */
  private Mono<SendResult> durable(Send s) {
    SendRecord fresh = SendRecord.pending(s.key(), messageIdOf(s.key()), s.fingerprint(), clock.instant());
    return ledger.claim(fresh).flatMap(claimed -> claimed
        ? produce(s, fresh)
        // Lost a race with a concurrent attempt: answer as a retry would.
        : ledger.find(s.key())
            .switchIfEmpty(Mono.error(IdempotentSends::inProgress))
            .flatMap(existing -> resolve(s, existing)));
  }

  private Mono<SendResult> resolve(Send s, SendRecord existing) {
    if (!existing.requestHash().equals(s.fingerprint())) {
      return Mono.error(new ChatValidationException("clientMsgId", "was already used for a different message"));
    }
    if (!existing.isPending()) {
      return Mono.just(new SendResult(existing.messageId(), s.conversationId(), s.clientMsgId(), existing.partition(),
          existing.offset(), true));
    }
    if (existing.claimedAt().plus(lease).isAfter(clock.instant())) {
      return awaitCompleted(s.key())
          .map(done -> new SendResult(done.messageId(), s.conversationId(), s.clientMsgId(), done.partition(),
              done.offset(), true))
          .switchIfEmpty(Mono.error(IdempotentSends::inProgress));
    }
    return ledger.takeOver(existing, clock.instant())
        .flatMap(took -> took ? produce(s, existing) : Mono.error(inProgress()));
  }

  private Mono<SendResult> produce(Send s, SendRecord ours) {
    return Mono.defer(() -> produce.apply(s.event(ours.messageId(), clock)))
        .onErrorResume(error -> ledger.release(ours)
            .onErrorResume(e -> Mono.empty())
            .then(Mono.error(error)))
        .map(md -> {
          // Off the answer's path. The message is out; failing to record that must not turn success
          // into an error. A retry then finds the key pending and, after the lease, re-produces the same id.
          ledger.complete(ours, md.partition(), md.offset())
              .subscribe(null, e -> log.warn("cannot complete send record {}: {}", ours.id(), e.toString()));
          return new SendResult(ours.messageId(), s.conversationId(), s.clientMsgId(), md.partition(), md.offset(), false);
        });
  }

  /** The record once completed, re-read with doubling pauses (10, 20, 40, 80 ms); empty if still pending. */
  private Mono<SendRecord> awaitCompleted(String key) {
    return Mono.defer(() -> ledger.find(key))
        .filter(r -> !r.isPending())
        .repeatWhenEmpty(attempts -> attempts.take(PENDING_RETRIES).concatMap(i -> Mono.delay(PENDING_PAUSE.multipliedBy(1L << i))));
  }

  private static ChatConflictException inProgress() {
    return new ChatConflictException("this send is still in progress; retry shortly");
  }
}
