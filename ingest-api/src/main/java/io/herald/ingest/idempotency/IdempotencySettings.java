package io.herald.ingest.idempotency;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Idempotency records ({@code herald.ingest.idempotency.*}).
 *
 * @param retention how long a first answer is replayed; a TTL index on {@code created_at} removes
 *     records after it on real MongoDB, and older records are ignored either way
 * @param lease how long a request in flight holds its key; a retry after that (the first attempt
 *     crashed or was cut off) takes the key over and re-runs with the same event id
 */
@ConfigurationProperties("herald.ingest.idempotency")
public record IdempotencySettings(
    @DefaultValue("24h") Duration retention,
    @DefaultValue("30s") Duration lease) {}
