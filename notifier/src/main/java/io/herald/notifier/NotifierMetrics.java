package io.herald.notifier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code herald.notifier.requests{outcome, channel}} with outcome sent, failed (a send attempt
 * failed), retried, dlq, duplicate; {@code herald.notifier.tokens.pruned} (dead FCM tokens removed).
 */
public final class NotifierMetrics {

  private final MeterRegistry registry;
  private final Counter pruned;

  public NotifierMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.pruned = Counter.builder("herald.notifier.tokens.pruned").description("dead push tokens removed").register(registry);
  }

  public void count(String outcome, String channel) {
    Counter.builder("herald.notifier.requests").tag("outcome", outcome).tag("channel", channel)
        .description("notification requests by outcome and channel").register(registry).increment();
  }

  public void pruned() {
    pruned.increment();
  }
}
