package io.herald.processors.routing;

import java.util.Set;
import org.apache.kafka.common.serialization.Serializer;

/**
 * An {@code inbox} record's value, still encoded, with the slots it goes to: the sink's partitioner
 * reads the slots, the serializer writes the bytes unchanged (routing never decodes a delivery).
 */
record Routed(Set<Integer> slots, byte[] value) {

  static final Serializer<Routed> SERIALIZER = (topic, routed) -> routed == null ? null : routed.value();
}
