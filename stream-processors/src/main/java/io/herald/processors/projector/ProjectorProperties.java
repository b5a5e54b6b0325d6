package io.herald.processors.projector;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the chat read-model projector ({@code herald.processors.projector.*}).
 *
 * @param enabled run the projector in this service
 * @param mongoUri MongoDB holding the read model (the same database the APIs read)
 * @param database database name
 * @param mongoTimeout bound on server selection, connecting, each socket read and the wait for a pooled
 *     connection; longer than the APIs' (a batch write is larger than a request's, and nobody waits on it)
 * @param mongoMaxPoolSize connections per server at most
 */
@ConfigurationProperties("herald.processors.projector")
public record ProjectorProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("mongodb://127.0.0.1:27017") String mongoUri,
    @DefaultValue("herald") String database,
    @DefaultValue("30s") Duration mongoTimeout,
    @DefaultValue("100") int mongoMaxPoolSize) {}
