package io.herald.ingest.kafka;

import io.herald.schemas.topics.TopicSpec;
import io.herald.schemas.topics.Topics;
import java.time.Duration;
import java.util.List;
import io.herald.kafka.ReactiveProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.util.retry.Retry;

/**
 * Fetches the produced topics' metadata once the service is up, off the event loop, so the first
 * requests do not wait for (or time out on) the metadata round trip. Retries with back-off for a
 * minute when the broker is not there yet.
 */
@Component
class MetadataWarmup implements org.springframework.beans.factory.DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(MetadataWarmup.class);
  private static final List<TopicSpec<String, ?>> PRODUCED = List.of(Topics.CHECKOUTS, Topics.SHOP_MESSAGES, Topics.USERS,
      Topics.CONVERSATIONS, Topics.RECEIPTS);

  private final ReactiveProducer<String, byte[]> producer;
  private volatile Disposable running;

  MetadataWarmup(ReactiveProducer<String, byte[]> producer) {
    this.producer = producer;
  }

  @EventListener(ApplicationReadyEvent.class)
  void warmUp() {
    running = Flux.fromIterable(PRODUCED)
        .concatMap(topic -> producer.partitionsFor(topic.name())
            .retryWhen(Retry.backoff(6, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(15))))
        .subscribe(partitions -> { }, e -> log.warn("topic metadata warm-up failed; first sends will fetch it: {}", e.toString()));
  }

  @Override
  public void destroy() {
    Disposable d = running;
    if (d != null) {
      d.dispose();
    }
  }
}
