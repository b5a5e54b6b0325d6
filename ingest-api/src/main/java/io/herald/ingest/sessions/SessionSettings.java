package io.herald.ingest.sessions;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Sign-in sessions and refresh tokens ({@code herald.ingest.sessions.*}).
 *
 * @param refreshTtl a session unused this long expires; every refresh starts the period again
 * @param maxPerUser live sessions (devices) per account; signing in on one more revokes the least
 *     recently used
 * @param livenessCacheTtl how long this instance trusts its last look at whether a session is
 *     still live; a revocation made on another ingest instance takes at most this long to bite
 * @param livenessCacheEntries sessions whose liveness is remembered (least recently used evicted)
 */
@ConfigurationProperties("herald.ingest.sessions")
public record SessionSettings(
    @DefaultValue("30d") Duration refreshTtl,
    @DefaultValue("20") int maxPerUser,
    @DefaultValue("5s") Duration livenessCacheTtl,
    @DefaultValue("10000") int livenessCacheEntries) {

  public SessionSettings {
    if (maxPerUser < 1) {
      throw new IllegalArgumentException("herald.ingest.sessions.max-per-user must be at least 1");
    }
  }
}
