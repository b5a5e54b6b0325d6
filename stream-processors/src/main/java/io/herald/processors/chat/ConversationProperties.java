package io.herald.processors.chat;

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
 * @param maxMembers largest group
 */
@ConfigurationProperties("herald.processors.conversations")
public record ConversationProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("herald-conversations") String applicationId,
    @DefaultValue("24h") Duration dedupWindow,
    @DefaultValue("1000") int maxMembers) {

  ConversationLimits limits() {
    return new ConversationLimits(dedupWindow, maxMembers);
  }
}
