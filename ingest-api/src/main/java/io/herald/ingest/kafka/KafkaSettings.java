package io.herald.ingest.kafka;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Producer bounds ({@code herald.ingest.kafka.*}); connection, TLS and SASL come from Boot's
 * {@code spring.kafka.*}. acks=all and idempotence are always on.
 *
 * @param maxBlock how long a send may wait for topic metadata or buffer space (on a timer: the
 *     producer itself never blocks)
 * @param deliveryTimeout how long a record may take to be acknowledged, retries included
 * @param linger how long the producer waits to batch records
 */
@ConfigurationProperties("herald.ingest.kafka")
public record KafkaSettings(
    @DefaultValue("5s") Duration maxBlock,
    @DefaultValue("30s") Duration deliveryTimeout,
    @DefaultValue("0ms") Duration linger) {}
