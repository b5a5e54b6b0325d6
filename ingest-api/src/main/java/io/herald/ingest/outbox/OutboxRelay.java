package io.herald.ingest.outbox;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.herald.ingest.kafka.EventPublisher;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Publishes the outbox entries of documents in one collection, in array order, each acknowledged
 * by the broker (acks=all, idempotent producer) before it is {@code $pull}ed by event id. A
 * document flagged {@code tombstone: true} is deleted once its outbox is empty.
 *
 * <p>Relays of one document never overlap within this instance: a request for a document already
 * being relayed only marks it for one more pass. Across instances the sweep may re-send an entry
 * another instance is sending; delivery is at-least-once and consumers dedupe by event id.
 */
public class OutboxRelay {

  /** Marks a document the relay deletes once its last entry is out (deleted accounts). */
  public static final String TOMBSTONE = "tombstone";

  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

  private final MongoCollection<Document> owners;
  private final EventPublisher publisher;
  private final OutboxSettings settings;
  private final Clock clock;
  /** Documents being relayed; TRUE when another pass was requested meanwhile. */
  private final ConcurrentHashMap<String, Boolean> running = new ConcurrentHashMap<>();
  private final Sinks.Empty<Void> stopped = Sinks.empty();

  public OutboxRelay(MongoCollection<Document> owners, EventPublisher publisher, OutboxSettings settings, Clock clock) {
    this.owners = owners;
    this.publisher = publisher;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * Serve the sweep's query: MongoDB uses indexes for an {@code $or} only when every branch has one,
   * so without the (sparse) {@code tombstone} index the sweep scanned the whole collection every
   * {@code sweep-interval}. (The embedded Mongo-wire server uses no secondary index and scans anyway.)
   */
  public Mono<Void> ensureIndexes() {
    return Mono.from(owners.createIndex(Indexes.ascending(OutboxEntry.FIELD + "." + OutboxEntry.CREATED_AT)))
        .then(Mono.from(owners.createIndex(Indexes.ascending(TOMBSTONE), new IndexOptions().sparse(true))))
        .then();
  }

  /** Starts relaying {@code id} in the background, right after a write; never fails the caller. */
  public void nudge(String id) {
    if (running.size() >= settings.maxRunningRelays() && !running.containsKey(id)) {
      return; // the sweep picks it up
    }
    relay(id).takeUntilOther(stopped.asMono())
        .subscribe(null, e -> log.warn("outbox relay of {} failed, the sweep retries: {}", id, e.toString()));
  }

  /** Relays {@code id}'s pending entries; completes when done or when another relay of it is running. */
  public Mono<Void> relay(String id) {
    return Mono.defer(() -> {
      if (!claim(id)) {
        return Mono.empty();
      }
      return Mono.defer(() -> relayOnce(id))
          .repeat(() -> passAgain(id))
          .then()
          .doOnError(e -> running.remove(id))
          .doOnCancel(() -> running.remove(id));
    });
  }

  /**
   * Relays documents with an entry older than the grace period, and finishes tombstones whose
   * deletion was interrupted after their last entry went out; returns how many it handled.
   */
  public Mono<Long> sweep() {
    java.util.Date cutoff = java.util.Date.from(clock.instant().minus(settings.sweepGrace()));
    return Flux.from(owners.find(Filters.or(
                Filters.lt(OutboxEntry.FIELD + "." + OutboxEntry.CREATED_AT, cutoff),
                Filters.and(Filters.eq(TOMBSTONE, true), Filters.size(OutboxEntry.FIELD, 0))))
            .projection(Projections.include("_id")).limit(settings.sweepBatch()))
        .map(d -> String.valueOf(d.get("_id")))
        .flatMap(id -> relay(id).thenReturn(id)
            .onErrorResume(e -> {
              log.warn("outbox sweep could not relay {}: {}", id, e.toString());
              return Mono.empty();
            }), settings.sweepConcurrency())
        .count();
  }

  /** Cancels background relays (application shutdown). */
  public void stop() {
    stopped.tryEmitEmpty();
  }

  private Mono<Void> relayOnce(String id) {
    return Mono.from(owners.find(Filters.eq("_id", id))
            .projection(Projections.include(OutboxEntry.FIELD, TOMBSTONE)).first())
        .flatMap(doc -> Flux.fromIterable(OutboxEntry.listFrom(doc))
            .concatMap(entry -> publisher.publishEncoded(entry.topic(), entry.key(), entry.value(), entry.timestamp())
                .then(Mono.from(owners.updateOne(Filters.eq("_id", id),
                    Updates.pull(OutboxEntry.FIELD, Filters.eq(OutboxEntry.EVENT_ID, entry.eventId().toString()))))))
            .then(Boolean.TRUE.equals(doc.getBoolean(TOMBSTONE))
                ? Mono.from(owners.deleteOne(Filters.and(Filters.eq("_id", id), Filters.eq(TOMBSTONE, true),
                    Filters.size(OutboxEntry.FIELD, 0)))).then()
                : Mono.empty()));
  }

  /** True when this call started the relay of {@code id}; otherwise asks the running one to go again. */
  private boolean claim(String id) {
    boolean[] claimed = {false};
    running.compute(id, (k, again) -> {
      if (again == null) {
        claimed[0] = true;
        return Boolean.FALSE;
      }
      return Boolean.TRUE;
    });
    return claimed[0];
  }

  /** After a pass: go again if asked meanwhile (clearing the request), else release {@code id}. */
  private boolean passAgain(String id) {
    return running.compute(id, (k, again) -> Boolean.TRUE.equals(again) ? Boolean.FALSE : null) != null;
  }
}
