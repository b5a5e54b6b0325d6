package io.herald.processors.projector;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the chat read-model projector ({@code herald.processors.projector.*}).
 *
 * @param enabled run the projector in this service
 * @param mongoUri MongoDB holding the read model (the same database the APIs read)
 * @param database database name
 * @param mongoTimeout bound on server selection, connecting, each socket read and the wait for a pooled
 *     connection; longer than the APIs' (a batch write is larger than a request's, and nobody waits on it)
 * @param mongoMaxPoolSize connections per server at most
 * @param fetchWait how long the broker may hold the projector's fetch to gather {@code fetchMinSize}
 *     ({@code fetch.max.wait.ms}): the read model trails by up to this much more, and each batch (a few
 *     MongoDB commands, each a commit of the embedded store) carries that much more
 * @param fetchMinSize data a fetch waits for ({@code fetch.min.bytes}); {@code 1B} answers every fetch
 *     at once (Kafka's default: a batch per stable-offset move, tens a second under chat load)
 */
@ConfigurationProperties("herald.processors.projector")
public record ProjectorProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("mongodb://127.0.0.1:27017") String mongoUri,
    @DefaultValue("herald") String database,
    @DefaultValue("30s") Duration mongoTimeout,
    @DefaultValue("100") int mongoMaxPoolSize,
    @DefaultValue("100ms") Duration fetchWait,
    @DefaultValue("1MB") DataSize fetchMinSize) {}
