package io.herald.processors.routing;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.streams.processor.StreamPartitioner;

/** Slot s goes to partition s mod partitions; one copy per distinct partition (Kafka's multicast, KIP-837). */
final class SlotPartitioner implements StreamPartitioner<String, Routed> {

  @Override
  public Optional<Set<Integer>> partitions(String topic, String key, Routed value, int numPartitions) {
    return Optional.of(value.slots().stream().map(s -> Math.floorMod(s, numPartitions)).collect(Collectors.toSet()));
  }
}
