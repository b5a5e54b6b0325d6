package io.herald.gateway.sse;

import io.herald.web.problem.ProblemException;
import io.herald.gateway.shopfeed.FeedPosition;
import io.herald.gateway.shopfeed.FeedTopic;

/**
 * The SSE event id: a versioned cursor {@code 1.<partition>.<checkoutsNext>.<messagesNext>.<statsNext>}
 * holding the shop's partition and, per shop topic, the next offset after everything the client
 * has been sent. Resuming from it replays exactly what came after. Not signed: it only moves a
 * client within a shop it is already allowed to read.
 */
public record ShopCursor(int partition, FeedPosition position) {

  static final String VERSION = "1";
  private static final int MAX_LENGTH = 128;

  public String encode() {
    StringBuilder sb = new StringBuilder(VERSION).append('.').append(partition);
    for (FeedTopic t : FeedTopic.ALL) {
      sb.append('.').append(position.next(t));
    }
    return sb.toString();
  }

  /** @throws ProblemException 400 when {@code raw} is not a cursor of this version */
  public static ShopCursor parse(String raw) {
    if (raw == null || raw.length() > MAX_LENGTH) {
      throw invalid();
    }
    String[] parts = raw.trim().split("\\.", -1);
    if (parts.length != 2 + FeedTopic.COUNT || !VERSION.equals(parts[0])) {
      throw invalid();
    }
    int partition = (int) Math.min(number(parts[1]), Integer.MAX_VALUE);
    long[] next = new long[FeedTopic.COUNT];
    for (int i = 0; i < FeedTopic.COUNT; i++) {
      next[i] = number(parts[2 + i]);
    }
    return new ShopCursor(partition, new FeedPosition(next));
  }

  /** @throws ProblemException 400 when the cursor belongs to another shop's partition */
  public ShopCursor requirePartition(int expected) {
    if (partition != expected) {
      throw ProblemException.badRequest("Invalid Last-Event-ID", "The event id does not belong to this shop's stream.");
    }
    return this;
  }

  private static long number(String digits) {
    if (digits.isEmpty() || digits.length() > 18) {
      throw invalid();
    }
    for (int i = 0; i < digits.length(); i++) {
      if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
        throw invalid();
      }
    }
    return Long.parseLong(digits);
  }

  private static ProblemException invalid() {
    return ProblemException.badRequest("Invalid Last-Event-ID", "The event id is not a stream cursor of this gateway.");
  }
}
