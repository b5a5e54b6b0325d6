package io.herald.gateway.presence;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Counters of presence publishing and of the local table ({@code herald.gateway.presence.*}). */
final class PresenceMetrics {

  private final MeterRegistry meters;
  private final Counter beatsSent;
  private final Counter beatsFailed;
  private final Counter recoveries;
  private final Counter dropped;
  private final Counter evicted;
  private final Counter untracked;

  PresenceMetrics(MeterRegistry meters) {
    this.meters = meters;
    this.beatsSent = Counter.builder("herald.gateway.presence.heartbeats.sent").register(meters);
    this.beatsFailed = Counter.builder("herald.gateway.presence.heartbeats.failed").register(meters);
    this.recoveries = Counter.builder("herald.gateway.presence.recoveries")
        .description("re-announcements of every held session under a new gateway id").register(meters);
    this.dropped = Counter.builder("herald.gateway.presence.events.dropped")
        .description("session events refused by the full publisher queue (repaired by a recovery)").register(meters);
    this.evicted = Counter.builder("herald.gateway.presence.table.evicted")
        .description("offline users forgotten to make room").register(meters);
    this.untracked = Counter.builder("herald.gateway.presence.table.untracked")
        .description("users not stored because every tracked user was online").register(meters);
  }

  void eventSent(String kind) {
    meters.counter("herald.gateway.presence.events.sent", "kind", kind).increment();
  }

  void eventFailed(String kind) {
    meters.counter("herald.gateway.presence.events.failed", "kind", kind).increment();
  }

  void beatSent() {
    beatsSent.increment();
  }

  void beatFailed() {
    beatsFailed.increment();
  }

  void recovery() {
    recoveries.increment();
  }

  void dropped() {
    dropped.increment();
  }

  void evicted() {
    evicted.increment();
  }

  void untracked() {
    untracked.increment();
  }
}
