package io.herald.gateway.sse;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The merchant live stream.
 *
 * @param heartbeat interval of the {@code :heartbeat} comments that keep idle connections (and
 *     proxies) alive
 * @param bufferSize live events one connection may hold while its client is slow; on overflow the
 *     stream is closed and the client resumes from Kafka with Last-Event-ID
 * @param maxReplayMinutes largest {@code lastMinutes} a client may ask for
 * @param maxConnections open streams per gateway; more get 503
 * @param retry the reconnection delay suggested to EventSource clients ({@code retry:})
 * @param retryAfter the {@code Retry-After} of a 503 when a limit is reached
 */
@ConfigurationProperties("herald.gateway.stream")
public record StreamProperties(
    @DefaultValue("15s") Duration heartbeat,
    @DefaultValue("256") int bufferSize,
    @DefaultValue("60") int maxReplayMinutes,
    @DefaultValue("10000") int maxConnections,
    @DefaultValue("3s") Duration retry,
    @DefaultValue("5s") Duration retryAfter) {}
