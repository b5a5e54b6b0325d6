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

  /** The projector wrote and committed everything in inbox so far (then stopped); the offsets, by partition. */
  Map<Integer, Long> committedEverything() throws Exception {
    return committedEverythingBut(-1);
  }

  /** As {@link #committedEverything()}, but {@code partition}'s committed offset stays where it was. */
  Map<Integer, Long> committedEverythingBut(int partition) throws Exception {
    Map<Integer, Long> ends = new HashMap<>(KafkaProbe.infra().endOffsets(Topics.INBOX.name()));
    ends.remove(partition);
    Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
    ends.forEach((p, end) -> committed.put(new TopicPartition(Topics.INBOX.name(), p), new OffsetAndMetadata(end)));
    admin.alterConsumerGroupOffsets(ChatProjector.GROUP_ID, committed).all().get();
    return ends;
  }

  /** The inbox partition of {@code userId}'s deliveries (the default partitioner's, by key). */
  static int partitionOf(String userId) {
    int partitions = KafkaProbe.infra().endOffsets(Topics.INBOX.name()).size();
    return org.apache.kafka.common.utils.Utils.toPositive(
        org.apache.kafka.common.utils.Utils.murmur2(userId.getBytes(java.nio.charset.StandardCharsets.UTF_8))) % partitions;
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
