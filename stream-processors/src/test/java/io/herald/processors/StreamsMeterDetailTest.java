package io.herald.processors;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamsMeterDetailTest {

  @Test
  void keepsClientThreadAndDroppedRecordMetersOnly() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    registry.config().meterFilter(new StreamsMeterDetail());
    List<String> names = List.of("kafka.stream.state.put.rate", "kafka.stream.state.num.entries.active.mem.table",
        "kafka.stream.processor.node.process.rate", "kafka.stream.topic.bytes.consumed.total",
        "kafka.stream.record.cache.hit.ratio.avg", "kafka.stream.task.process.rate",
        "kafka.stream.task.dropped.records.total", "kafka.stream.thread.process.rate", "kafka.stream.alive.stream.threads",
        "kafka.consumer.fetch.manager.records.lag", "herald.processors.lag");
    names.forEach(n -> Gauge.builder(n, () -> 1).register(registry));

    assertThat(registry.getMeters()).map(m -> m.getId().getName()).containsExactlyInAnyOrder(
        "kafka.stream.task.dropped.records.total", "kafka.stream.thread.process.rate", "kafka.stream.alive.stream.threads",
        "kafka.consumer.fetch.manager.records.lag", "herald.processors.lag");
  }
}
