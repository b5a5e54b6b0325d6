package io.herald.processors;

import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.kafka.streams.Topology;

/**
 * One topology this service runs, as its own {@code KafkaStreams} instance: its own consumer
 * group, state, threads and processing guarantee, so topologies scale, fail and restart
 * independently. A feature adds a topology by declaring one bean of this type; the
 * {@link KafkaStreamsRunner} picks it up.
 *
 * @param name short id used in logs, health ({@code kafkaStreams/<name>}) and the metrics tag
 * @param applicationId Kafka Streams {@code application.id}
 * @param processingGuarantee {@code exactly_once_v2} or {@code at_least_once}
 * @param topology builds a fresh topology for each start (a Topology cannot be reused once a
 *     KafkaStreams instance has been closed)
 * @param streamsOverrides extra Kafka Streams settings for this topology only; win over everything
 */
public record StreamsProcessor(String name, String applicationId, String processingGuarantee,
                               Supplier<Topology> topology, Map<String, Object> streamsOverrides) {

  public StreamsProcessor {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(processingGuarantee, "processingGuarantee");
    Objects.requireNonNull(topology, "topology");
    streamsOverrides = Map.copyOf(streamsOverrides);
  }

  public StreamsProcessor(String name, String applicationId, String processingGuarantee, Supplier<Topology> topology) {
    this(name, applicationId, processingGuarantee, topology, Map.of());
  }
}
