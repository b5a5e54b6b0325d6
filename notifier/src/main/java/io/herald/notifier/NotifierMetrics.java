package io.herald.notifier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code herald.notifier.requests{outcome, channel}} with outcome sent, failed (a send attempt
 * failed), retried, dlq, duplicate; {@code herald.notifier.tokens.pruned} (dead FCM tokens removed).
 */
public final class NotifierMetrics {

  /** Every outcome {@link #count} is called with. */
  public static final java.util.List<String> OUTCOMES = java.util.List.of("sent", "failed", "retried", "dlq", "duplicate");

  private final MeterRegistry registry;
  private final Counter pruned;

  public NotifierMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.pruned = Counter.builder("herald.notifier.tokens.pruned").description("dead push tokens removed").register(registry);
  }

  /**
   * Registers every outcome of these channels at zero, so that the series exist (and a rate or an
   * alert on them is 0, not absent) before the first notification.
   */
  public void expectChannels(String... channels) {
    for (String channel : channels) {
      OUTCOMES.forEach(outcome -> counter(outcome, channel));
    }
  }

  public void count(String outcome, String channel) {
    counter(outcome, channel).increment();
  }

  private Counter counter(String outcome, String channel) {
    return Counter.builder("herald.notifier.requests").tag("outcome", outcome).tag("channel", channel)
        .description("notification requests by outcome and channel").register(registry);
  }

  public void pruned() {
    pruned.increment();
  }
}
