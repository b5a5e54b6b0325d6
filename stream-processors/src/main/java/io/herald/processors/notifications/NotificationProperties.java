package io.herald.processors.notifications;

import java.time.Duration;
import org.apache.kafka.streams.StreamsConfig;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the notifications topology ({@code herald.processors.notifications.*}); see
 * {@link NotificationLimits} for the rules' knobs.
 *
 * @param enabled run this topology in this service
 * @param applicationId Kafka Streams application.id
 * @param processingGuarantee exactly_once_v2 by default (see {@link NotificationTopology}); at_least_once accepted
 */
@ConfigurationProperties("herald.processors.notifications")
public record NotificationProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("herald-notifications") String applicationId,
    @DefaultValue(StreamsConfig.EXACTLY_ONCE_V2) String processingGuarantee,
    @DefaultValue("30s") Duration pushWindow,
    @DefaultValue("15m") Duration digestDelay,
    @DefaultValue("30s") Duration digestCoalesce,
    @DefaultValue("1s") Duration sweepInterval,
    @DefaultValue("50") int maxPendingConversations,
    @DefaultValue("10") int maxDevicesPerUser,
    @DefaultValue("140") int previewLength) {

  public NotificationProperties {
    if (!StreamsConfig.EXACTLY_ONCE_V2.equals(processingGuarantee)
        && !StreamsConfig.AT_LEAST_ONCE.equals(processingGuarantee)) {
      throw new IllegalArgumentException("herald.processors.notifications.processing-guarantee must be "
          + StreamsConfig.EXACTLY_ONCE_V2 + " or " + StreamsConfig.AT_LEAST_ONCE + ", was " + processingGuarantee);
    }
    try {
      limitsOf(pushWindow, digestDelay, digestCoalesce, sweepInterval, maxPendingConversations, maxDevicesPerUser, previewLength);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("herald.processors.notifications." + e.getMessage(), e);
    }
  }

  NotificationLimits limits() {
    return limitsOf(pushWindow, digestDelay, digestCoalesce, sweepInterval, maxPendingConversations, maxDevicesPerUser, previewLength);
  }

  private static NotificationLimits limitsOf(Duration pushWindow, Duration digestDelay, Duration digestCoalesce,
                                             Duration sweepInterval, int maxPendingConversations, int maxDevicesPerUser,
                                             int previewLength) {
    return new NotificationLimits(pushWindow, digestDelay, digestCoalesce, sweepInterval, maxPendingConversations,
        maxDevicesPerUser, previewLength);
  }
}
