package io.herald.gateway.chat;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The chat socket's meters (Prometheus: herald_gateway_chat_messages_sent_total{source}, ..._gaps_total{outcome},
 * ..._disconnects_total{reason}, ..._handshakes_rejected_total{reason}, ..._frames_in_total{type}).
 */
final class ChatMetrics {

  private final MeterRegistry meters;

  ChatMetrics(MeterRegistry meters) {
    this.meters = meters;
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

  void frameIn(String type) {
    meters.counter("herald.gateway.chat.frames.in", "type", type).increment();
  }
}
