package io.herald.chat.commands;

import static io.herald.chat.support.TestEvents.group;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.chat.readmodel.ConversationDoc;
import io.herald.events.ConversationKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MembershipCacheTest {

  private static ConversationDoc doc(String id, long lastSeq, String... members) {
    return new ConversationDoc(id, ConversationKind.GROUP, "g", List.of(members[0]), List.of(members), lastSeq, null,
        Map.of(), null);
  }

  @Test
  void theTopicsStateReplacesTheEntryAndAnOlderReadModelDocumentDoesNotUndoIt() {
    MembershipCache cache = new MembershipCache(10);
    cache.offer(doc("c1", 4, "a", "b", "x"));
    cache.accept(group("c1", "g", "a", List.of("a", "b"), 4, Instant.now())); // x left (no new seq)
    assertThat(cache.get("c1").isMember("x")).isFalse();

    cache.offer(doc("c1", 4, "a", "b", "x")); // the projector had not caught up: same seq, ignored
    assertThat(cache.get("c1").isMember("x")).isFalse();
    cache.offer(doc("c1", 5, "a", "b", "y")); // newer
    assertThat(cache.get("c1").isMember("y")).isTrue();
  }

  @Test
  void boundedLeastRecentlyUsedFirstOut() {
    MembershipCache cache = new MembershipCache(2);
    cache.offer(doc("c1", 1, "a"));
    cache.offer(doc("c2", 1, "a"));
    cache.get("c1");
    cache.offer(doc("c3", 1, "a"));
    assertThat(cache.size()).isEqualTo(2);
    assertThat(cache.get("c2")).isNull();
    assertThat(cache.get("c1")).isNotNull();
    cache.invalidate("c1");
    assertThat(cache.get("c1")).isNull();
  }

  @Test
  void noneHoldsNothing() {
    MembershipCache.NONE.offer(doc("c1", 1, "a"));
    MembershipCache.NONE.accept(group("c1", "g", "a", List.of("a"), 1, Instant.now()));
    assertThat(MembershipCache.NONE.get("c1")).isNull();
  }
}
