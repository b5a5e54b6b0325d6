package io.herald.gateway.presence;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Presence on the gateway ({@code herald.gateway.presence.*}); each bound has a stated overflow policy.
 *
 * @param enabled publish this gateway's sessions and serve presence (frames, endpoint); off: none of it
 * @param gatewayName the readable part of the gateway id {@code gw-<name>-<random>}; empty: the host
 *     name. The random part is new per process (and after a publishing outage, see the package doc)
 * @param heartbeatInterval one {@code GatewayHeartbeat} per interval for ALL this gateway's sessions;
 *     announced in it, so the processor waits at least 3 of them before expiring the sessions
 * @param shutdownTimeout bound on sending DISCONNECTED for every held session (and flushing them) when
 *     the gateway stops; what is not sent by then expires with the gateway's silence
 * @param maxTrackedUsers users kept in the local presence table; beyond it the least recently changed
 *     OFFLINE user is forgotten (then unknown: offline without lastSeen); when every tracked user is
 *     online a newly online user is not tracked (shown offline) until room frees
 * @param contactsRefresh how often a connected user's contacts are re-read from the read model
 *     (drops contacts who no longer share a conversation; new ones arrive at once from delivery-state)
 * @param maxContacts contacts whose presence one connected user follows (most recently active
 *     conversations first); others are not followed
 */
@ConfigurationProperties("herald.gateway.presence")
public record PresenceProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("") String gatewayName,
    @DefaultValue("10s") Duration heartbeatInterval,
    @DefaultValue("5s") Duration shutdownTimeout,
    @DefaultValue("1000000") int maxTrackedUsers,
    @DefaultValue("5m") Duration contactsRefresh,
    @DefaultValue("500") int maxContacts) {

  public PresenceProperties {
    if (heartbeatInterval.toMillis() < 50) {
      throw new IllegalArgumentException("herald.gateway.presence.heartbeat-interval must be at least 50ms");
    }
    if (shutdownTimeout.isNegative() || contactsRefresh.toMillis() < 1000) {
      throw new IllegalArgumentException(
          "herald.gateway.presence.shutdown-timeout must not be negative and contacts-refresh at least 1s");
    }
    if (maxTrackedUsers < 1 || maxContacts < 1) {
      throw new IllegalArgumentException("herald.gateway.presence.max-tracked-users and max-contacts must be positive");
    }
  }
}
