package io.herald.gateway.chat;

import static io.herald.gateway.chat.ChatTestData.delivery;
import static io.herald.gateway.chat.ChatTestData.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.herald.gateway.ChatClient;
import io.herald.schemas.topics.Topics;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A socket connecting while the chat projector is stalled (its group's committed offsets on
 * {@code inbox} stay behind the end, as after its member was killed) gets what the read model
 * lacks from {@code inbox}, in order, once; live deliveries follow without duplicates.
 */
@TestPropertySource(properties = {
    "herald.gateway.chat.hello-timeout=5s",
    "herald.gateway.chat.recall-poll-interval=200ms",
    "herald.gateway.chat.recall-stall=1s",
    "herald.gateway.chat.settle-delay=0s"}) // no settle pass: only the recall can bring 3 and 4
class InboxRecallIntegrationTest extends ProjectorStallTestBase {

  /**
   * The compose smoke, third form: the user's own inbox partition was projected, but the sender's was
   * not (the projector instance holding it was killed), and the read model takes a message from the
   * sender's copy: the user's partition looks fine, yet the read model lacks the message. While any
   * partition is stalled, a connecting socket reads its own partition back from when that stall began.
   */
  @Test
  void aStallOnTheSendersPartitionRecallsTheUsersOwnCopiesSinceItBegan() throws Exception {
    String ann = id("ann");
    String bob = id("bob");
    while (StoppedProjector.partitionOf(bob) == StoppedProjector.partitionOf(ann)) {
      bob = id("bob");
    }
    String group = id("g");
    readModel.conversation(group, io.herald.events.ConversationKind.GROUP, List.of(ann, bob), 0, java.util.Map.of());
    awaitWatchSaw(projector.committedEverything()); // every partition caught up, as the watch last saw it

    kafka.send(Topics.INBOX, bob, delivery(bob, group, 1, bob, "m1"));
    kafka.send(Topics.INBOX, ann, delivery(ann, group, 1, bob, "m1"));
    projector.committedEverythingBut(StoppedProjector.partitionOf(bob)); // ann's copy projected, bob's not
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
        meters.get("herald.gateway.chat.projector.stalled.partitions").gauge().value()).isEqualTo(1));

    try (ChatClient a = ChatClient.open(port, ann, "phone")) {
      a.hello("{\"" + group + "\":0}");
      assertThat(a.messages(1)).extracting(m -> m.get("body").asString()).containsExactly("m1");
    }
  }

  @Test
  void deliveriesTheStalledProjectorHasNotWrittenReachAConnectingSocketFromTheInbox() throws Exception {
    String alice = id("alice");
    String bob = id("bob");
    String conversation = id("dm");
    readModel.directConversation(conversation, alice, bob, 2);
    readModel.message(delivery(alice, conversation, 1, bob, "m1"));
    readModel.message(delivery(alice, conversation, 2, bob, "m2"));

    // The projector committed everything so far, then stopped: 3 and 4 reach inbox, not the read model.
    projector.committedEverything();
    kafka.send(Topics.INBOX, alice, delivery(alice, conversation, 3, bob, "m3"));
    kafka.send(Topics.INBOX, alice, delivery(alice, conversation, 4, bob, "m4"));
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
        meters.get("herald.gateway.chat.projector.stalled.partitions").gauge().value()).isGreaterThanOrEqualTo(1));

    // kafka-clients logs a WARN per partition when a consumer asks for the end offsets of partitions
    // it is not assigned; the watch, once a recall had assigned one, did that every poll (compose smoke)
    Logger offsetFetcher = (Logger) LoggerFactory.getLogger("org.apache.kafka.clients.consumer.internals.OffsetFetcherUtils");
    Level configured = offsetFetcher.getLevel();
    offsetFetcher.setLevel(Level.WARN); // as the gateway runs (gateway.yml), whatever the test logging says
    ListAppender<ILoggingEvent> warnings = new ListAppender<>();
    warnings.start();
    offsetFetcher.addAppender(warnings);
    try (ChatClient a = ChatClient.open(port, alice, "phone")) {
      a.hello("{\"" + conversation + "\":1}");
      List<JsonNode> caughtUp = a.messages(3);
      assertThat(caughtUp).extracting(m -> m.get("body").asString()).containsExactly("m2", "m3", "m4");

      kafka.send(Topics.INBOX, alice, delivery(alice, conversation, 5, bob, "m5"));
      assertThat(a.messages(1)).extracting(m -> m.get("body").asString()).containsExactly("m5");
      // several watch polls (200 ms) after the recall, still stalled: nothing logged
      await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> warnings.list.stream()
          .noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN)));
    } finally {
      offsetFetcher.detachAppender(warnings);
      offsetFetcher.setLevel(configured);
    }
    assertThat(meters.get("herald.gateway.chat.recalled").counter().count()).isGreaterThanOrEqualTo(2);
  }
}
