package io.herald.processors;

import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of one topology's KafkaStreams: UP while RUNNING or REBALANCING (a rebalance is routine
 * and short; reporting it DOWN would make orchestrators restart healthy instances mid-rebalance),
 * DOWN otherwise: not started yet, shutting down, or ERROR (all threads dead).
 */
final class KafkaStreamsHealthIndicator implements HealthIndicator {

  private final ManagedKafkaStreams instance;

  KafkaStreamsHealthIndicator(ManagedKafkaStreams instance) {
    this.instance = instance;
  }

  @Override
  public Health health() {
    KafkaStreams.State state = instance.state();
    Health.Builder health = (state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING)
        ? Health.up() : Health.down();
    return health
        .withDetail("state", state == null ? "NOT_STARTED" : state.name())
        .withDetail("applicationId", instance.processor().applicationId())
        .withDetail("processingGuarantee", instance.processor().processingGuarantee())
        .build();
  }
}
