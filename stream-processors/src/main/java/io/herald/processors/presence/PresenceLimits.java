package io.herald.processors.presence;

import java.time.Duration;

/**
 * The presence topology's tunables (see {@link PresenceProperties} for their meaning), plus the
 * fixed bounds of the per-user memory of ended sessions.
 *
 * @param sweepInterval wall-clock period of the expiry sweep
 * @param gatewayTimeout silence after which a gateway's sessions expire (at least; see {@link Liveness})
 * @param offlineGrace how long a user whose last session ended stays ONLINE in case one returns
 * @param maxSessionsPerUser live sessions kept per user; the least recently active is evicted beyond
 */
public record PresenceLimits(Duration sweepInterval, Duration gatewayTimeout, Duration offlineGrace,
                             int maxSessionsPerUser) {

  /** Ended sessions remembered per user: enough for a burst of reconnects, small enough to stay cheap. */
  public static final int ENDED_MEMORY = 16;
  /** How long an ended session is remembered: far beyond any realistic delay of a late event. */
  public static final Duration ENDED_TTL = Duration.ofMinutes(10);

  public static final PresenceLimits DEFAULTS =
      new PresenceLimits(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ZERO, 32);

  public PresenceLimits {
    if (sweepInterval.toMillis() < 1) {
      throw new IllegalArgumentException("sweep-interval must be at least 1 ms, was " + sweepInterval);
    }
    if (gatewayTimeout.toMillis() < 1) {
      throw new IllegalArgumentException("gateway-timeout must be at least 1 ms, was " + gatewayTimeout);
    }
    if (offlineGrace.isNegative()) {
      throw new IllegalArgumentException("offline-grace must not be negative, was " + offlineGrace);
    }
    if (maxSessionsPerUser < 1) {
      throw new IllegalArgumentException("max-sessions-per-user must be at least 1, was " + maxSessionsPerUser);
    }
  }
}
