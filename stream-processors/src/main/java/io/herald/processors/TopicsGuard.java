package io.herald.processors;

import io.herald.schemas.dlq.DeadLetters;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;

/**
 * Waits until a topology's external topics exist: sources, sinks, and the sources' dead-letter
 * topics. Kafka Streams does not create them: a missing source makes every stream thread fail
 * with MissingSourceTopicException (which the REPLACE_THREAD handler would turn into an endless
 * restart loop), a missing sink or DLQ blocks the producer. The topics normally exist already, because Boot's KafkaAdmin creates the catalog's
 * {@code NewTopics} while the context initialises, before any SmartLifecycle starts; this guard
 * covers brokers slow to propagate metadata and deployments with {@code herald.topics.create=false},
 * and turns a missing topic into a clear start-up failure.
 */
final class TopicsGuard {

  private static final long RETRY_MS = 200;

  private TopicsGuard() {}

  static Set<String> externalTopics(Topology topology) {
    Set<String> topics = new TreeSet<>();
    for (TopologyDescription.Subtopology sub : topology.describe().subtopologies()) {
      for (TopologyDescription.Node node : sub.nodes()) {
        if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
          for (String topic : source.topicSet()) {
            if (!isInternal(topic)) {
              topics.add(topic);
              topics.add(topic + DeadLetters.SUFFIX); // where DeadLetterDeserializationHandler writes
            }
          }
        } else if (node instanceof TopologyDescription.Sink sink && sink.topic() != null && !isInternal(sink.topic())) {
          topics.add(sink.topic());
        }
      }
    }
    // A global store's source must exist too, or the global thread fails for good at start-up. No
    // .dlq: Kafka Streams cannot write dead letters from the global thread.
    for (TopologyDescription.GlobalStore global : topology.describe().globalStores()) {
      topics.addAll(global.source().topicSet());
    }
    return topics;
  }

  /** Repartition topics: Kafka Streams creates and names those itself. */
  private static boolean isInternal(String topic) {
    return topic.endsWith("-repartition");
  }

  static void awaitTopics(Map<String, Object> adminConfig, Set<String> topics, Duration timeout) {
    if (topics.isEmpty()) {
      return;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = Admin.create(adminConfig)) {
      while (true) {
        long left = deadline - System.nanoTime();
        try {
          admin.describeTopics(topics).allTopicNames().get(Math.max(left, 1), TimeUnit.NANOSECONDS);
          return;
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || left <= 0) {
            throw new IllegalStateException("topics " + topics + " are not available: " + e.getCause(), e.getCause());
          }
        } catch (TimeoutException e) {
          throw new IllegalStateException("timed out after " + timeout + " waiting for topics " + topics, e);
        }
        TimeUnit.MILLISECONDS.sleep(Math.min(RETRY_MS, Math.max(left / 1_000_000, 1)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for topics " + topics, e);
    }
  }
}
