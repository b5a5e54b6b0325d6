package io.herald.chat.projector;

import com.mongodb.reactivestreams.client.MongoDatabase;
import io.herald.chat.readmodel.ChatCollections;
import io.herald.events.Delivery;
import io.herald.events.DeliveryState;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Seeds the read model through the projector's own writes, without Kafka: for tests of the queries
 * and the commands, which only need "what the projector would have written".
 */
public final class ReadModelFixture {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final ProjectorWrites writes;
  /** Stands in for delivery-state offsets: later calls are later records. */
  private final AtomicLong offset = new AtomicLong();

  public ReadModelFixture(MongoDatabase db) {
    ChatCollections.ensureIndexes(db).block(TIMEOUT);
    this.writes = new ProjectorWrites(db);
  }

  public void state(DeliveryState s) {
    writes.applyState(s, 0, offset.incrementAndGet()).block(TIMEOUT);
  }

  /** A tombstone on delivery-state. */
  public void delete(String conversationId) {
    writes.deleteState(conversationId).block(TIMEOUT);
  }

  /** The sender's copy of a message. */
  public void message(Delivery d) {
    writes.applyMessage(d).block(TIMEOUT);
  }
}
