package io.herald.chat.readmodel;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.reactivestreams.client.MongoDatabase;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The chat module's MongoDB collections and their indexes. Creating an index that exists is a
 * no-op, so every component may call {@link #ensureIndexes} at start.
 */
public final class ChatCollections {

  public static final String CONVERSATIONS = "conversations";
  public static final String MESSAGES = "messages";
  /** Per user, the conversations they are in (a superset), see {@link Memberships}. */
  public static final String MEMBERSHIPS = "chat_memberships";
  /** Markers of one-off chores, such as {@link Memberships#backfillOnce}. */
  public static final String META = "chat_meta";
  /** Idempotency records of sends, see {@code io.herald.chat.commands.SendLedger}. */
  public static final String SENDS = "chat_sends";

  /** How long a send's idempotency record lives: far beyond any client retry. */
  public static final Duration SEND_RETENTION = Duration.ofDays(7);

  private ChatCollections() {}

  public static Mono<Void> ensureIndexes(MongoDatabase db) {
    return Flux.concat(
            // The projector's compare-and-set filter (_id, stateOffset). Redundant on MongoDB (the _id
            // index answers it); the embedded Mongo-wire server uses an index only when the filter's
            // fields are exactly an index's, and would otherwise scan every conversation per state.
            db.getCollection(CONVERSATIONS).createIndex(Indexes.ascending("_id", ConversationDoc.STATE_OFFSET),
                new IndexOptions().name("id_stateOffset").unique(true)),
            // Paging by seq within a conversation; unique so a second copy of a seq can never appear.
            db.getCollection(MESSAGES).createIndex(Indexes.ascending(MessageDoc.CONVERSATION_ID, MessageDoc.SEQ),
                new IndexOptions().name("conversation_seq").unique(true)),
            // TTL: real MongoDB expires old records; mongo-java-server accepts the index but never expires.
            db.getCollection(SENDS).createIndex(Indexes.ascending("createdAt"),
                new IndexOptions().name("createdAt_ttl").expireAfter(SEND_RETENTION.toSeconds(), TimeUnit.SECONDS)))
        .then();
  }
}
