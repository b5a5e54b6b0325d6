package io.herald.processors.chat;

import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts rejected commands per task, processor and reason in Kafka Streams' own metrics registry
 * (so they show wherever the app exports {@code KafkaStreams#metrics()}), and logs each at DEBUG.
 * Sensors are per task and removed when the task closes, so migrated tasks leave nothing behind.
 */
final class RejectionCounter {

  static final String GROUP = "herald-chat-metrics";
  static final String METRIC = "rejected-total";

  private static final Logger log = LoggerFactory.getLogger(RejectionCounter.class);

  private final StreamsMetrics metrics;
  private final String taskId;
  private final String processor;
  private final Map<Rejection, Sensor> sensors = new EnumMap<>(Rejection.class);

  RejectionCounter(ProcessingContext context, String processor) {
    this.metrics = context.metrics();
    this.taskId = context.taskId().toString();
    this.processor = processor;
  }

  void count(Rejection reason, String conversationId, String actor, Object eventId) {
    sensors.computeIfAbsent(reason, this::sensor).record();
    // ids only: bodies are private
    log.debug("rejected {} conversation={} actor={} event={} processor={}", reason, conversationId, actor, eventId,
        processor);
  }

  void close() {
    sensors.values().forEach(metrics::removeSensor);
    sensors.clear();
  }

  private Sensor sensor(Rejection reason) {
    Sensor sensor = metrics.addSensor("herald-chat." + taskId + "." + processor + ".rejected." + reason.tag(),
        Sensor.RecordingLevel.INFO);
    sensor.add(new MetricName(METRIC, GROUP, "Commands not applied, by reason",
        Map.of("task-id", taskId, "processor", processor, "reason", reason.tag())), new CumulativeCount());
    return sensor;
  }
}
