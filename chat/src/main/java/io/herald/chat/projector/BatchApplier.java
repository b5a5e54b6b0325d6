package io.herald.chat.projector;

import com.mongodb.MongoWriteException;
import io.herald.chat.mongo.DuplicateKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Applies one polled batch to MongoDB and returns only when all of it is written (or
 * dead-lettered); any other failure is thrown, and the caller retries the whole batch. Runs on the
 * projector's own thread, which is allowed to wait.
 */
final class BatchApplier {

  private static final Logger log = LoggerFactory.getLogger(BatchApplier.class);

  private final ProjectorWrites writes;
  private final DeadLetterSink deadLetters;
  private final ProjectorCounters counters;
  private final ProjectorSettings settings;

  BatchApplier(ProjectorWrites writes, DeadLetterSink deadLetters, ProjectorCounters counters,
               ProjectorSettings settings) {
    this.writes = writes;
    this.deadLetters = deadLetters;
    this.counters = counters;
    this.settings = settings;
  }

  void apply(ConsumerRecords<byte[], byte[]> batch) throws InterruptedException {
    List<ProjectorOp> messages = new ArrayList<>();
    Map<String, List<ProjectorOp>> states = new LinkedHashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : batch) {
      Optional<ProjectorOp> op;
      try {
        op = ProjectorDecoder.decode(r);
      } catch (RuntimeException e) {
        log.warn("undecodable record {}-{}@{} to the DLQ: {}", r.topic(), r.partition(), r.offset(), e.toString());
        deadLetters.send(r, e, DeadLetterSink.STAGE_DECODE);
        counters.countDecodeFailure();
        continue;
      }
      if (op.isEmpty()) {
        counters.count(Outcome.IGNORED);
      } else if (op.get().message() != null) {
        messages.add(op.get());
      } else {
        states.computeIfAbsent(op.get().conversationId(), k -> new ArrayList<>()).add(op.get());
      }
    }
    ConcurrentLinkedQueue<Rejected> rejected = new ConcurrentLinkedQueue<>();
    // Each conversation's newest state of the batch by the rule that guards every state write (the
    // stored document ends the same as if each were applied in turn); the others would lose to it
    // and count as STALE, unwritten. Then messages and those states in one go: the messages first,
    // so a state of this batch never names a seq whose message the batch carries but has not stored.
    List<ProjectorOp> newest = new ArrayList<>();
    List<List<ProjectorOp>> withTombstones = new ArrayList<>();
    for (List<ProjectorOp> ops : states.values()) {
      if (ops.stream().anyMatch(ProjectorOp::tombstone)) { // rare: one by one, as they came
        withTombstones.add(ops);
        continue;
      }
      ProjectorOp latest = ops.get(0);
      for (ProjectorOp op : ops) {
        latest = latest.olderThan(op) ? op : latest;
      }
      newest.add(latest);
      for (int i = 1; i < ops.size(); i++) {
        counters.count(Outcome.STALE);
      }
    }
    Mono<Void> writeBatch = Mono.defer(() -> writes.applyBatch(messages.stream().map(ProjectorOp::message).toList(),
            newest.stream().map(ProjectorOp::stateWrite).toList()))
        .doOnNext(outcomes -> {
          tally(messages, outcomes.messages(), "the message document", rejected);
          tally(newest, outcomes.states(), "the conversation state", rejected);
        })
        .then();
    Flux<Outcome> writeTombstoned = Flux.fromIterable(withTombstones)
        .flatMap(ops -> Flux.fromIterable(ops).concatMap(op -> write(op, rejected)), settings.writeConcurrency())
        .doOnNext(counters::count);
    writeBatch.thenMany(writeTombstoned).then().block(settings.batchTimeout());
    // Sent from this thread, not from the driver's callback threads: a producer send may block.
    for (Rejected r : rejected) {
      log.warn("MongoDB refused record {}-{}@{}, to the DLQ: {}", r.op().source().topic(), r.op().source().partition(),
          r.op().source().offset(), r.error().toString());
      deadLetters.send(r.op().source(), r.error(), DeadLetterSink.STAGE_APPLY);
    }
    deadLetters.awaitAll(settings.batchTimeout());
  }

  /** Counts a bulk's outcomes ({@code outcomes.get(i)} is that of {@code ops.get(i)}); REJECTED ones go to the DLQ. */
  private void tally(List<ProjectorOp> ops, List<Outcome> outcomes, String what, ConcurrentLinkedQueue<Rejected> rejected) {
    for (int i = 0; i < outcomes.size(); i++) {
      if (outcomes.get(i) == Outcome.REJECTED) {
        rejected.add(new Rejected(ops.get(i), new IllegalArgumentException("MongoDB refused " + what)));
      }
      counters.count(outcomes.get(i));
    }
  }

  /**
   * A write MongoDB refuses for the document itself (other than a duplicate key, which the writes
   * handle) would fail the same way forever: that record is dead-lettered instead of blocking its
   * partition. Anything else (server unreachable, timeouts) fails the batch.
   */
  private Mono<Outcome> write(ProjectorOp op, ConcurrentLinkedQueue<Rejected> rejected) {
    return Mono.defer(() -> op.write().apply(writes))
        .onErrorResume(e -> e instanceof MongoWriteException && !DuplicateKey.is(e), e -> {
          rejected.add(new Rejected(op, (Exception) e));
          return Mono.just(Outcome.REJECTED);
        });
  }

  private record Rejected(ProjectorOp op, Exception error) {}
}
