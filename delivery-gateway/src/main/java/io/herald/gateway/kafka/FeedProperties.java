package io.herald.gateway.kafka;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The gateway's Kafka readers. Connection, TLS and SASL settings come from {@code spring.kafka.*}.
 *
 * @param pollTimeout longest wait of one poll when nothing arrives (bounds shutdown latency)
 * @param readyTimeout how long a new stream waits for the live consumer to be positioned
 * @param replayStallTimeout a replay that makes no progress this long fails (the client resumes)
 * @param maxPollRecords records per poll, which also bounds a replay's per-topic look-ahead
 * @param maxConcurrentReplays replays (Last-Event-ID / lastMinutes) running at once; more get 503
 */
@ConfigurationProperties("herald.gateway.feed")
public record FeedProperties(
    @DefaultValue("500ms") Duration pollTimeout,
    @DefaultValue("10s") Duration readyTimeout,
    @DefaultValue("30s") Duration replayStallTimeout,
    @DefaultValue("500") int maxPollRecords,
    @DefaultValue("8") int maxConcurrentReplays) {}
