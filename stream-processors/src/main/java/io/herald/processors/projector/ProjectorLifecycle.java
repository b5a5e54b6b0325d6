package io.herald.processors.projector;

import com.mongodb.reactivestreams.client.MongoClient;
import io.herald.chat.projector.ChatProjector;
import io.herald.chat.readmodel.ChatCollections;
import java.time.Duration;
import java.util.Map;
import org.springframework.context.SmartLifecycle;
import reactor.core.publisher.Mono;

/**
 * Runs the chat projector (delivery-state + inbox → MongoDB read model) for the life of the
 * service. Indexes are ensured once at start-up, off any event loop.
 */
final class ProjectorLifecycle implements SmartLifecycle {

  private final Map<String, Object> consumerConfig;
  private final MongoClient mongo;
  private final String database;
  private volatile ChatProjector projector;

  ProjectorLifecycle(Map<String, Object> consumerConfig, MongoClient mongo, String database) {
    this.consumerConfig = consumerConfig;
    this.mongo = mongo;
    this.database = database;
  }

  @Override
  public synchronized void start() {
    var db = mongo.getDatabase(database);
    Mono.from(ChatCollections.ensureIndexes(db)).block(Duration.ofSeconds(30));
    ChatProjector p = new ChatProjector(consumerConfig, db);
    p.start();
    projector = p;
  }

  @Override
  public synchronized void stop() {
    ChatProjector p = projector;
    projector = null;
    if (p != null) {
      p.close();
    }
  }

  @Override
  public boolean isRunning() {
    ChatProjector p = projector;
    return p != null && p.isRunning();
  }

  ChatProjector projector() {
    return projector;
  }
}
