package io.herald.processors.routing;

import org.apache.kafka.streams.StreamsConfig;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the routing topology ({@code herald.processors.routing.*}).
 *
 * @param enabled run this topology in this service (off by default: only gateways in routed mode
 *     need it, and it reads every inbox record); a routed gateway receives no live delivery without it
 * @param applicationId Kafka Streams application.id: consumer group, state folder and internal
 *     topic prefix; changing it starts from scratch
 * @param processingGuarantee at_least_once by default (a repeat is dropped by the gateway's seq
 *     de-dup, and the inbox is read without waiting for the conversation topology's commit);
 *     exactly_once_v2 is accepted and adds up to that commit interval to every routed delivery
 * @param maxSessionsPerUser routed sessions kept per user; beyond it the oldest is forgotten
 */
@ConfigurationProperties("herald.processors.routing")
public record RoutingProperties(
    @DefaultValue("false") boolean enabled,
    @DefaultValue("herald-routing") String applicationId,
    @DefaultValue(StreamsConfig.AT_LEAST_ONCE) String processingGuarantee,
    @DefaultValue("32") int maxSessionsPerUser) {

  public RoutingProperties {
    if (!StreamsConfig.EXACTLY_ONCE_V2.equals(processingGuarantee)
        && !StreamsConfig.AT_LEAST_ONCE.equals(processingGuarantee)) {
      throw new IllegalArgumentException("herald.processors.routing.processing-guarantee must be "
          + StreamsConfig.AT_LEAST_ONCE + " or " + StreamsConfig.EXACTLY_ONCE_V2 + ", was " + processingGuarantee);
    }
    if (maxSessionsPerUser < 1) {
      throw new IllegalArgumentException("herald.processors.routing.max-sessions-per-user must be at least 1");
    }
  }
}
