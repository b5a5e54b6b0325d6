package io.herald.processors.presence;

import java.time.Duration;
import org.apache.kafka.streams.StreamsConfig;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the presence processor ({@code herald.processors.presence.*}).
 *
 * <p>The heartbeat <em>interval</em> is not a setting here: it belongs to the gateways, which
 * announce it in every {@code GatewayHeartbeat.interval_ms}; {@link Liveness} never expires a
 * gateway before three of its announced intervals have passed, whatever {@code gateway-timeout} says.
 *
 * @param enabled run this topology in this service
 * @param applicationId Kafka Streams application.id: consumer group, state folder and internal
 *     topic prefix; changing it starts from scratch
 * @param processingGuarantee exactly_once_v2 by default, see {@link PresenceTopology} for why;
 *     at_least_once is accepted
 * @param sweepInterval wall-clock period of the sweep that expires sessions of silent gateways and
 *     emits OFFLINEs whose grace ran out; expiry happens up to this much after the timeout
 * @param gatewayTimeout how long a gateway may stay silent on {@code gateway-liveness} before its
 *     sessions expire (3 x the gateways' default 10 s interval)
 * @param offlineGrace how long a user whose last session ended is still reported ONLINE, so a quick
 *     reconnect (network hand-over, app restart) emits nothing; 0 emits OFFLINE at once
 * @param maxSessionsPerUser live sessions kept per user; beyond it the least recently active one
 *     is dropped (treated as ended)
 */
@ConfigurationProperties("herald.processors.presence")
public record PresenceProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("herald-presence") String applicationId,
    @DefaultValue(StreamsConfig.EXACTLY_ONCE_V2) String processingGuarantee,
    @DefaultValue("5s") Duration sweepInterval,
    @DefaultValue("30s") Duration gatewayTimeout,
    @DefaultValue("0s") Duration offlineGrace,
    @DefaultValue("32") int maxSessionsPerUser) {

  public PresenceProperties {
    if (!StreamsConfig.EXACTLY_ONCE_V2.equals(processingGuarantee)
        && !StreamsConfig.AT_LEAST_ONCE.equals(processingGuarantee)) {
      throw new IllegalArgumentException("herald.processors.presence.processing-guarantee must be "
          + StreamsConfig.EXACTLY_ONCE_V2 + " or " + StreamsConfig.AT_LEAST_ONCE + ", was " + processingGuarantee);
    }
    try {
      new PresenceLimits(sweepInterval, gatewayTimeout, offlineGrace, maxSessionsPerUser);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("herald.processors.presence." + e.getMessage(), e);
    }
  }

  PresenceLimits limits() {
    return new PresenceLimits(sweepInterval, gatewayTimeout, offlineGrace, maxSessionsPerUser);
  }
}
