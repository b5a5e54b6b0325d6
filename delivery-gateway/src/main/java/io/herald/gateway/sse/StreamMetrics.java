package io.herald.gateway.sse;

import io.herald.gateway.shopfeed.FeedTopic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The stream's meters (Prometheus names: herald_gateway_streams_open, herald_gateway_events_sent_total, ...). */
final class StreamMetrics {

  private final AtomicInteger open = new AtomicInteger();
  private final Map<FeedTopic, Counter> sent = new EnumMap<>(FeedTopic.class);
  private final Counter overflows;
  private final Counter resumes;
  private final Counter recents;
  private final MeterRegistry meters;

  StreamMetrics(MeterRegistry meters) {
    this.meters = meters;
    Gauge.builder("herald.gateway.streams.open", open, AtomicInteger::get).description("open SSE streams").register(meters);
    for (FeedTopic t : FeedTopic.ALL) {
      sent.put(t, Counter.builder("herald.gateway.events.sent").tag("event", t.eventName())
          .description("events written to SSE streams").register(meters));
    }
    overflows = Counter.builder("herald.gateway.overflow.disconnects")
        .description("streams closed because their client fell behind").register(meters);
    resumes = Counter.builder("herald.gateway.replays").tag("from", "last-event-id").register(meters);
    recents = Counter.builder("herald.gateway.replays").tag("from", "last-minutes").register(meters);
  }

  AtomicInteger openStreams() {
    return open;
  }

  void sent(FeedTopic topic) {
    sent.get(topic).increment();
  }

  void overflow() {
    overflows.increment();
  }

  void replay(StreamStart start) {
    (start instanceof StreamStart.Resume ? resumes : recents).increment();
  }

  void rejected(String reason) {
    meters.counter("herald.gateway.streams.rejected", "reason", reason).increment();
  }
}
