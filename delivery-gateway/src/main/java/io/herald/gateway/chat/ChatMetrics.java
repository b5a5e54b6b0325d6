package io.herald.gateway.chat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The chat socket's meters (Prometheus: herald_gateway_chat_messages_sent_total{source}, ..._gaps_total{outcome},
 * ..._disconnects_total{reason}, ..._handshakes_rejected_total{reason}, ..._frames_in_total{type},
 * ..._delivery_lag_seconds{stage}, ..._reader_records_total{topic}).
 */
final class ChatMetrics {

  private final MeterRegistry meters;
  private final Timer dispatched;
  private final Timer written;

  ChatMetrics(MeterRegistry meters) {
    this.meters = meters;
    this.dispatched = lag(meters, "dispatched");
    this.written = lag(meters, "written");
    // at zero from the start: a rate or an alert on overflows is 0, not absent, before the first one
    for (String reason : java.util.List.of("overflow", "idle", "rate-limit", "replaced", "catch-up-failed")) {
      meters.counter("herald.gateway.chat.disconnects", "reason", reason);
    }
  }

  private static Timer lag(MeterRegistry meters, String stage) {
    return Timer.builder("herald.gateway.chat.delivery.lag")
        .description("send command's record time to the gateway: dispatched by the inbox reader, written to the socket")
        .tag("stage", stage)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(meters);
  }

  /**
   * Wall-clock time since the send command's record timestamp (the gateway that took the send set
   * it; across hosts this includes clock offset) when the inbox reader handed the delivery to the
   * connections. Nothing is recorded for an unknown timestamp (&le; 0).
   */
  void dispatched(long sentAtMillis) {
    record(dispatched, sentAtMillis);
  }

  /** The same, when a connection emitted the frame (live path only). */
  void written(long sentAtMillis) {
    record(written, sentAtMillis);
  }

  private static void record(Timer timer, long sentAtMillis) {
    if (sentAtMillis > 0) {
      timer.record(Math.max(0, System.currentTimeMillis() - sentAtMillis), TimeUnit.MILLISECONDS);
    }
  }

  /** @param source catch-up, gap (filled from the read model) or live */
  void messageSent(String source) {
    meters.counter("herald.gateway.chat.messages.sent", "source", source).increment();
  }

  void duplicateDropped() {
    meters.counter("herald.gateway.chat.duplicates.dropped").increment();
  }

  /** @param outcome filled, or unfilled when the read model never had the seq within the retries */
  void gap(String outcome) {
    meters.counter("herald.gateway.chat.gaps", "outcome", outcome).increment();
  }

  void disconnect(String reason) {
    meters.counter("herald.gateway.chat.disconnects", "reason", reason).increment();
  }

  void handshakeRejected(String reason) {
    meters.counter("herald.gateway.chat.handshakes.rejected", "reason", reason).increment();
  }

  /** Records the chat reader of {@code topic} consumed, whether for a user connected here or not. */
  Counter readerRecords(String topic) {
    return Counter.builder("herald.gateway.chat.reader.records")
        .description("records consumed by the chat delivery reader (all of inbox, or this gateway's slot of inbox-routes)")
        .tag("topic", topic).register(meters);
  }

  void frameIn(String type) {
    meters.counter("herald.gateway.chat.frames.in", "type", type).increment();
  }
}
