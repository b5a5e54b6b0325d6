package io.herald.processors.projector;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the chat read-model projector ({@code herald.processors.projector.*}).
 *
 * @param enabled run the projector in this service
 * @param mongoUri MongoDB holding the read model (the same database the APIs read)
 * @param database database name
 */
@ConfigurationProperties("herald.processors.projector")
public record ProjectorProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("mongodb://127.0.0.1:27017") String mongoUri,
    @DefaultValue("herald") String database) {}
