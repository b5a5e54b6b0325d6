package io.herald.ingest.mongo;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where accounts and idempotency records live.
 *
 * @param uri MongoDB connection string
 * @param database database name
 * @param timeout bound on server selection, connecting and each socket read, so a dead database
 *     fails requests quickly (503) instead of holding them; also the wait for a pooled connection
 * @param maxPoolSize connections per server at most
 */
@ConfigurationProperties("herald.ingest.mongo")
public record MongoSettings(
    @DefaultValue("mongodb://127.0.0.1:27017") String uri,
    @DefaultValue("herald") String database,
    @DefaultValue("5s") Duration timeout,
    @DefaultValue("100") int maxPoolSize) {}
