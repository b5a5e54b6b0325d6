package io.herald.ingest.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Token-bucket rate limits ({@code herald.ingest.rate-limit.*}), kept in memory per instance.
 *
 * @param perUserPerSecond sustained requests per second for one signed-in user
 * @param perUserBurst requests a signed-in user may make at once
 * @param anonymousPerSecond sustained sign-up / sign-in requests per second per client address
 *     (these run Argon2, so they are the expensive ones)
 * @param anonymousBurst burst of the above
 * @param maxTrackedKeys buckets kept; the least recently used is evicted beyond this
 */
@ConfigurationProperties("herald.ingest.rate-limit")
public record RateLimitSettings(
    @DefaultValue("50") double perUserPerSecond,
    @DefaultValue("100") int perUserBurst,
    @DefaultValue("5") double anonymousPerSecond,
    @DefaultValue("20") int anonymousBurst,
    @DefaultValue("100000") int maxTrackedKeys) {}
