package io.herald.chat.commands;

import com.mongodb.reactivestreams.client.MongoDatabase;
import io.herald.chat.projector.ReadModelFixture;
import io.herald.chat.readmodel.ConversationReadModel;
import io.herald.testkit.MutableClock;
import io.herald.testkit.TestMongo;
import io.herald.chat.support.TopicWriter;
import java.time.Duration;
import java.time.Instant;

/** Commands on the real broker, over a read model seeded through the projector's writes. */
final class CommandsHarness implements AutoCloseable {

  /** Short grace: negative answers in tests should not wait long. */
  static final ChatLimits LIMITS = ChatLimits.DEFAULTS.withReadModelGrace(Duration.ofMillis(100));

  final TestMongo mongo = new TestMongo();
  final MongoDatabase db;
  final ReadModelFixture fixture;
  final ConversationReadModel readModel;
  final TopicWriter topics = new TopicWriter();
  final MutableClock clock = new MutableClock(Instant.now());
  final ChatEventSender sender = ChatEventSender.of(topics.producer());
  final ChatCommands commands;

  CommandsHarness(String purpose) {
    db = mongo.freshDatabase(purpose);
    fixture = new ReadModelFixture(db);
    readModel = new ConversationReadModel(db);
    commands = with(sender, LIMITS);
  }

  ChatCommands with(ChatEventSender s, ChatLimits limits) {
    return new ChatCommands(s, readModel, db, clock, limits);
  }

  @Override
  public void close() {
    topics.close();
    mongo.close();
  }
}
