package io.herald.embedded.mongo;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes expired documents by the collections' TTL indexes, as MongoDB's TTL monitor does:
 * mongo-java-server accepts an index with {@code expireAfterSeconds} but never expires anything, so
 * on the embedded server the records meant to live a day (idempotency keys, chat send records, the
 * notifier's ledger) grew without bound. Every interval, for each single-field TTL index, one
 * {@code delete} of the documents whose field holds a date (or an array with a date) earlier than
 * now minus {@code expireAfterSeconds}; a field of any other type never expires, as in MongoDB.
 *
 * <p>The commands go through the backend as a client's would (same locks, same commit before the
 * next command), on one daemon thread. mongo-java-server ignores non-unique indexes, so each sweep
 * scans the TTL-indexed collections: its cost grows with what they hold, which this bounds to
 * about one retention period of records.
 */
final class TtlMonitor implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TtlMonitor.class);

  private final MongoBackend backend;
  private final Clock clock;
  private final ScheduledExecutorService timer;

  /** Sweeps every {@code interval}, the first one an interval after start. */
  TtlMonitor(MongoBackend backend, Clock clock, Duration interval) {
    this.backend = backend;
    this.clock = clock;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "herald-mongo-ttl");
      t.setDaemon(true);
      return t;
    });
    long millis = interval.toMillis();
    timer.scheduleWithFixedDelay(this::sweepQuietly, millis, millis, TimeUnit.MILLISECONDS);
  }

  private void sweepQuietly() {
    try {
      int removed = sweep(clock.instant());
      if (removed > 0) {
        log.debug("TTL monitor removed {} expired documents", removed);
      }
    } catch (RuntimeException e) { // the next sweep tries again; a thrown task would end the schedule
      log.warn("TTL monitor sweep failed: {}", e.toString());
    }
  }

  /** One pass over every database, collection and TTL index as of {@code now}; the documents removed. */
  int sweep(Instant now) {
    EmbeddedChannel channel = new EmbeddedChannel();
    try {
      int removed = 0;
      for (String database : names(backend.handleCommand(channel, "admin", "listDatabases",
          new Document("listDatabases", 1)).get("databases"))) {
        for (String collection : names(firstBatch(backend.handleCommand(channel, database, "listCollections",
            new Document("listCollections", 1))))) {
          for (Object index : firstBatch(backend.handleCommand(channel, database, "listIndexes",
              new Document("listIndexes", collection)))) {
            removed += expire(channel, database, collection, (Document) index, now);
          }
        }
      }
      return removed;
    } finally {
      backend.handleClose(channel);
      channel.finishAndReleaseAll();
    }
  }

  private int expire(EmbeddedChannel channel, String database, String collection, Document index, Instant now) {
    if (!(index.get("expireAfterSeconds") instanceof Number seconds)
        || !(index.get("key") instanceof Document key) || key.size() != 1) {
      return 0; // MongoDB expires by single-field indexes only
    }
    String field = key.keySet().iterator().next();
    Instant before = now.minusMillis(Math.round(seconds.doubleValue() * 1000));
    Document delete = new Document("delete", collection)
        .append("deletes", List.of(new Document("q", new Document(field, new Document("$lt", before)))
            .append("limit", 0)))
        .append("ordered", true);
    Document answer = backend.handleCommand(channel, database, "delete", delete);
    return answer.get("n") instanceof Number n ? n.intValue() : 0;
  }

  private static List<?> firstBatch(Document answer) {
    return answer.get("cursor") instanceof Document cursor && cursor.get("firstBatch") instanceof List<?> batch
        ? batch : List.of();
  }

  private static List<String> names(Object documents) {
    List<String> names = new ArrayList<>();
    if (documents instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof Map<?, ?> d && d.get("name") instanceof String name) {
          names.add(name);
        }
      }
    }
    return names;
  }

  @Override
  public void close() {
    // no interrupt: H2 closes its file when a thread doing file I/O is interrupted
    timer.shutdown();
    try {
      timer.awaitTermination(30, TimeUnit.SECONDS); // a sweep under way ends before the store closes
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
