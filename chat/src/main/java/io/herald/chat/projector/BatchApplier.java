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
    Map<String, List<ProjectorOp>> byConversation = new LinkedHashMap<>();
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
      op.ifPresentOrElse(o -> byConversation.computeIfAbsent(o.conversationId(), k -> new ArrayList<>()).add(o),
          () -> counters.count(Outcome.IGNORED));
    }
    // One conversation's records in order, several conversations at once.
    ConcurrentLinkedQueue<Rejected> rejected = new ConcurrentLinkedQueue<>();
    Flux.fromIterable(byConversation.values())
        .flatMap(ops -> Flux.fromIterable(ops).concatMap(op -> write(op, rejected)), settings.writeConcurrency())
        .doOnNext(counters::count)
        .then()
        .block(settings.batchTimeout());
    // Sent from this thread, not from the driver's callback threads: a producer send may block.
    for (Rejected r : rejected) {
      log.warn("MongoDB refused record {}-{}@{}, to the DLQ: {}", r.op().source().topic(), r.op().source().partition(),
          r.op().source().offset(), r.error().toString());
      deadLetters.send(r.op().source(), r.error(), DeadLetterSink.STAGE_APPLY);
    }
    deadLetters.awaitAll(settings.batchTimeout());
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
