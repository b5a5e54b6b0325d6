package io.herald.gateway.chat;

import io.herald.chat.projector.ChatProjector;
import io.herald.schemas.topics.Topics;
import io.herald.testkit.HeraldInfra;
import io.herald.testkit.KafkaProbe;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The chat projector's group as a killed instance leaves it: committed offsets on {@code inbox}
 * that stop where it was. No member runs; closing deletes the group.
 */
final class StoppedProjector implements AutoCloseable {

  private final Admin admin = Admin.create(HeraldInfra.adminConfig());

  /** The projector wrote and committed everything in inbox so far (then stopped). */
  void committedEverything() throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
    KafkaProbe.infra().endOffsets(Topics.INBOX.name()).forEach((p, end) ->
        committed.put(new TopicPartition(Topics.INBOX.name(), p), new OffsetAndMetadata(end)));
    admin.alterConsumerGroupOffsets(ChatProjector.GROUP_ID, committed).all().get();
  }

  @Override
  public void close() throws Exception {
    try {
      admin.deleteConsumerGroups(List.of(ChatProjector.GROUP_ID)).all().get();
    } finally {
      admin.close();
    }
  }
}
