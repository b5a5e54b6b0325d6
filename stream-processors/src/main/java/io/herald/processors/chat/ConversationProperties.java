package io.herald.processors.chat;

import io.herald.chat.ChatSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the conversation topology ({@code herald.processors.conversations.*}). Its
 * processing guarantee is not a setting: it must be exactly_once_v2 (see {@link ConversationTopology}).
 *
 * @param enabled run this topology in this service
 * @param applicationId Kafka Streams application.id; changing it starts from scratch
 * @param dedupWindow how long a (conversation, sender, client_msg_id) is remembered to drop retries
 * @param linger the topology's producer linger (Streams' default is 100 ms; every delivery would wait it)
 * @param commitInterval this topology's commit interval (1 s; the other topologies' default is 100 ms).
 *     Deliveries reach chat sockets before the commit (the gateway reads uncommitted); the commit
 *     bounds when the read model, history and notifications see them. Each commit holds its thread
 *     for several broker round trips, so at 100 ms the thread spent most of its time committing and
 *     fell behind under load (docs/architecture.md, chat throughput)
 * @param threads this topology's stream threads (4): a thread waiting on its commit does not hold
 *     the others' tasks
 */
@ConfigurationProperties("herald.processors.conversations")
public record ConversationProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("herald-conversations") String applicationId,
    @DefaultValue("24h") Duration dedupWindow,
    @DefaultValue("0ms") Duration linger,
    @DefaultValue("1s") Duration commitInterval,
    @DefaultValue("4") int threads) {

  /** With the group cap every chat service shares ({@code herald.chat.max-group-members}). */
  ConversationLimits limits(ChatSettings chat) {
    return new ConversationLimits(dedupWindow, chat.maxGroupMembers());
  }
}
