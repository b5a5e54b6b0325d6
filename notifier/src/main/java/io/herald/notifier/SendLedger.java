package io.herald.notifier;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import reactor.core.publisher.Mono;

/**
 * Which requests this notifier has taken on: one document per request id, inserted <em>before</em>
 * the send. A second insert of the same id fails on the primary key, so a request redelivered after
 * a crash (offsets not yet committed) or re-emitted by the processors is never sent twice. The price
 * is at-most-once: a crash between the insert and the send loses that one notification; its
 * document stays in state {@code sending}, which tells an operator which ones. Called only from the
 * sending thread, so blocking here is fine.
 */
public final class SendLedger {

  public static final String COLLECTION = "notification_ledger";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final MongoCollection<Document> ledger;
  private final Duration retention;
  private final Clock clock;

  public SendLedger(MongoCollection<Document> ledger, Duration retention, Clock clock) {
    this.ledger = ledger;
    this.retention = retention;
    this.clock = clock;
  }

  /** A TTL index forgets ids after the retention (the topic's own retention is shorter). */
  public Mono<Void> ensureIndexes() {
    return Mono.from(ledger.createIndex(Indexes.ascending("expires_at"), new IndexOptions().expireAfter(0L, TimeUnit.SECONDS)))
        .then();
  }

  /** True when this call took the request on; false when it was taken before (by this or another instance). */
  public boolean claim(String requestId, String userId, String channel) {
    Instant now = clock.instant();
    Document d = new Document("_id", requestId).append("user_id", userId).append("channel", channel)
        .append("state", "sending").append("claimed_at", Date.from(now)).append("expires_at", Date.from(now.plus(retention)));
    try {
      Mono.from(ledger.insertOne(d)).block(TIMEOUT);
      return true;
    } catch (MongoWriteException e) {
      if (ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY) {
        return false;
      }
      throw e;
    }
  }

  /** Records how the request ended ({@code sent} or {@code failed}, with the reason). */
  public void finish(String requestId, String state, String reason) {
    Mono.from(ledger.updateOne(Filters.eq("_id", requestId), Updates.combine(Updates.set("state", state),
        Updates.set("reason", reason), Updates.set("finished_at", Date.from(clock.instant()))))).block(TIMEOUT);
  }

  public Mono<Document> find(String requestId) {
    return Mono.from(ledger.find(Filters.eq("_id", requestId)).first());
  }
}
