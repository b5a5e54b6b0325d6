package io.herald.chat.commands;

import io.herald.events.ConversationEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
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
      return HexFormat.of().formatHex(ConversationIds.sha256(contentType + "\n" + body)).substring(0, 32);
    }

    ConversationEvent event(String messageId, Clock clock) {
      return ChatEvents.sent(conversationId, actor, deviceId, messageId, clientMsgId, contentType, body, clock.instant());
    }
  }

  private final SendLedger ledger;
  private final Clock clock;
  private final Duration lease;
  private final Function<ConversationEvent, Mono<RecordMetadata>> produce;

  IdempotentSends(SendLedger ledger, Clock clock, Duration lease, Function<ConversationEvent, Mono<RecordMetadata>> produce) {
    this.ledger = ledger;
    this.clock = clock;
    this.lease = lease;
    this.produce = produce;
  }

  /** The answer for a send seen before; empty if this key is new. */
  Mono<SendResult> previous(Send s) {
    return ledger.find(s.key()).flatMap(existing -> resolve(s, existing));
  }

  /** A new send (the caller checked membership): reserve, produce, record. */
  Mono<SendResult> first(Send s) {
    SendRecord fresh = SendRecord.pending(s.key(), UUID.randomUUID().toString(), s.fingerprint(), clock.instant());
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
      return Mono.error(inProgress());
    }
    return ledger.takeOver(existing, clock.instant())
        .flatMap(took -> took ? produce(s, existing) : Mono.error(inProgress()));
  }

  private Mono<SendResult> produce(Send s, SendRecord ours) {
    return Mono.defer(() -> produce.apply(s.event(ours.messageId(), clock)))
        .onErrorResume(error -> ledger.release(ours)
            .onErrorResume(e -> Mono.empty())
            .then(Mono.error(error)))
        .flatMap(md -> ledger.complete(ours, md.partition(), md.offset())
            // The message is out; failing to record that must not turn success into an error. A
            // retry then finds the key pending and, after the lease, re-produces the same id.
            .onErrorResume(e -> {
              log.warn("cannot complete send record {}: {}", ours.id(), e.toString());
              return Mono.empty();
            })
            .thenReturn(new SendResult(ours.messageId(), s.conversationId(), s.clientMsgId(), md.partition(),
                md.offset(), false)));
  }

  private static ChatConflictException inProgress() {
    return new ChatConflictException("this send is still in progress; retry shortly");
  }
}
