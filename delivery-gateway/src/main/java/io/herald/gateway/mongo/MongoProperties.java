package io.herald.gateway.mongo;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the chat read model (written by the projector in stream-processors) and the send ledger live.
 *
 * @param uri MongoDB connection string
 * @param database database name, shared with the ingest API and the projector
 * @param timeout bound on server selection, connecting and each socket read: a dead database fails
 *     a catch-up or a history request quickly instead of holding it; also the wait for a pooled connection
 * @param maxPoolSize connections per server at most
 */
@ConfigurationProperties("herald.gateway.mongo")
public record MongoProperties(
    @DefaultValue("mongodb://127.0.0.1:27017") String uri,
    @DefaultValue("herald") String database,
    @DefaultValue("5s") Duration timeout,
    @DefaultValue("100") int maxPoolSize) {}
