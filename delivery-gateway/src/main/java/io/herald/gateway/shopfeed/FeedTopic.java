package io.herald.gateway.shopfeed;

import io.herald.schemas.topics.TopicSpec;
import io.herald.schemas.topics.Topics;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * The three shop-keyed topics a dashboard watches, with their SSE event names. The ordinal is
 * the topic's slot in a stream cursor: append new topics, never reorder.
 */
public enum FeedTopic {
  CHECKOUT(Topics.CHECKOUTS, "checkout"),
  MESSAGE(Topics.SHOP_MESSAGES, "message"),
  STATS(Topics.SHOP_STATS, "stats");

  public static final List<FeedTopic> ALL = List.of(values());
  public static final int COUNT = ALL.size();

  private final TopicSpec<String, ? extends SpecificRecord> spec;
  private final String eventName;

  FeedTopic(TopicSpec<String, ? extends SpecificRecord> spec, String eventName) {
    this.spec = spec;
    this.eventName = eventName;
  }

  public TopicSpec<String, ? extends SpecificRecord> spec() {
    return spec;
  }

  public String topicName() {
    return spec.name();
  }

  /** The SSE {@code event:} name. */
  public String eventName() {
    return eventName;
  }

  public static FeedTopic ofTopic(String topicName) {
    for (FeedTopic t : ALL) {
      if (t.topicName().equals(topicName)) {
        return t;
      }
    }
    throw new IllegalArgumentException("not a shop feed topic: " + topicName);
  }
}
