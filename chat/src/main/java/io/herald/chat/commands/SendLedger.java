package io.herald.chat.commands;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.herald.chat.mongo.DuplicateKey;
import io.herald.chat.readmodel.ChatCollections;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import reactor.core.publisher.Mono;

/**
 * The {@code chat_sends} collection: single-document compare-and-set writes only (no transactions
 * needed). Records expire by a TTL index on createdAt ({@link ChatCollections#SEND_RETENTION}).
 */
final class SendLedger {

  private final MongoCollection<Document> sends;

  SendLedger(MongoDatabase db) {
    this.sends = db.getCollection(ChatCollections.SENDS);
  }

  Mono<SendRecord> find(String id) {
    return Mono.from(sends.find(Filters.eq("_id", id)).first()).map(SendRecord::fromDocument);
  }

  /** Reserves the id for this attempt; false when another attempt holds or finished it. */
  Mono<Boolean> claim(SendRecord pending) {
    return Mono.from(sends.insertOne(pending.toDocument()))
        .thenReturn(true)
        .onErrorResume(DuplicateKey::is, e -> Mono.just(false));
  }

  /** Records a completed send made without a reservation; a record already there (a retry's) wins. */
  Mono<Void> record(SendRecord completed) {
    return Mono.from(sends.insertOne(completed.toDocument())).then()
        .onErrorResume(DuplicateKey::is, e -> Mono.empty());
  }

  /**
   * Records completed sends made without a reservation, in one round trip; records already there
   * (a retry's) win, the rest are written (unordered insert, duplicate keys ignored).
   */
  Mono<Void> recordAll(List<SendRecord> completed) {
    if (completed.size() == 1) {
      return record(completed.get(0));
    }
    List<Document> docs = completed.stream().map(SendRecord::toDocument).toList();
    return Mono.from(sends.insertMany(docs, new InsertManyOptions().ordered(false))).then()
        .onErrorResume(DuplicateKey::is, e -> Mono.empty());
  }

  /** Takes over a stale pending attempt; false when someone else did first or it completed. */
  Mono<Boolean> takeOver(SendRecord stale, Instant now) {
    return Mono.from(sends.updateOne(Filters.and(Filters.eq("_id", stale.id()),
                Filters.eq(SendRecord.PARTITION, null),
                Filters.eq(SendRecord.CLAIMED_AT, Date.from(stale.claimedAt()))),
            Updates.set(SendRecord.CLAIMED_AT, Date.from(now))))
        .map(r -> r.getModifiedCount() == 1);
  }

  Mono<Void> complete(SendRecord record, int partition, long offset) {
    return Mono.from(sends.updateOne(Filters.and(Filters.eq("_id", record.id()),
                Filters.eq(SendRecord.MESSAGE_ID, record.messageId())),
            Updates.combine(Updates.set(SendRecord.PARTITION, partition), Updates.set(SendRecord.OFFSET, offset))))
        .then();
  }

  /** Frees the id after a failed produce, so a retry may run; only while still pending. */
  Mono<Void> release(SendRecord record) {
    return Mono.from(sends.deleteOne(Filters.and(Filters.eq("_id", record.id()),
            Filters.eq(SendRecord.MESSAGE_ID, record.messageId()), Filters.eq(SendRecord.PARTITION, null))))
        .then();
  }
}
