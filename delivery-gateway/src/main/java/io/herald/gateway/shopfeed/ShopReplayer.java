package io.herald.gateway.shopfeed;

import io.herald.gateway.kafka.KafkaClients;
import io.herald.gateway.kafka.FeedProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Replays a shop's history with a short-lived consumer per request, assigned only the shop's three
 * topic-partitions. Runs on its own bounded elastic scheduler, never on an event loop. Concurrency
 * is bounded by permits taken before a stream is accepted ({@link #tryReserve}): over the limit the
 * caller refuses the request (503) rather than queueing it.
 */
public final class ShopReplayer implements DisposableBean {

  private final KafkaClients clients;
  private final FeedDecoder decoder;
  private final FeedProperties props;
  private final Semaphore permits;
  private final Scheduler scheduler;
  private final Counter undecodable;
  private final AtomicInteger consumersCreated = new AtomicInteger();

  public ShopReplayer(KafkaClients clients, FeedDecoder decoder, FeedProperties props, MeterRegistry meters) {
    this.clients = clients;
    this.decoder = decoder;
    this.props = props;
    this.permits = new Semaphore(props.maxConcurrentReplays());
    // a released permit may briefly overlap its worker's clean-up, hence the small task queue
    this.scheduler = Schedulers.newBoundedElastic(props.maxConcurrentReplays(), props.maxConcurrentReplays() * 4,
        "herald-replay");
    this.undecodable = meters.counter("herald.gateway.replay.records.undecodable");
  }

  /** A replay slot, released when its replay ends (or by {@link Reservation#close()}); empty when all are taken. */
  public Optional<Reservation> tryReserve() {
    return permits.tryAcquire() ? Optional.of(new Reservation()) : Optional.empty();
  }

  /**
   * The start position, the shop's events in deterministic order, then the end position. Lazy: the
   * end offsets are captured at subscription. Pulls from Kafka only as fast as the client reads.
   */
  public Flux<FeedSignal> replay(Reservation reservation, String shopId, int partition, ReplayStart start) {
    return Flux.<FeedSignal, ReplayReader>generate(
            () -> {
              consumersCreated.incrementAndGet();
              return new ReplayReader(clients.consumer("herald-gateway-replay", "earliest"), decoder, shopId,
                  partition, start, props.pollTimeout(), props.replayStallTimeout(), undecodable::increment);
            },
            (reader, sink) -> {
              FeedSignal s = reader.next();
              if (s == null) {
                sink.complete();
              } else {
                sink.next(s);
              }
              return reader;
            },
            ReplayReader::close)
        .subscribeOn(scheduler)
        .doFinally(signal -> reservation.close());
  }

  public int activeReplays() {
    return props.maxConcurrentReplays() - permits.availablePermits();
  }

  /** Replay consumers created so far (each is closed when its replay ends). */
  public int consumersCreated() {
    return consumersCreated.get();
  }

  @Override
  public void destroy() {
    scheduler.dispose();
  }

  /** One replay slot; closing it twice releases it once. */
  public final class Reservation implements AutoCloseable {
    private final AtomicBoolean released = new AtomicBoolean();

    private Reservation() {}

    @Override
    public void close() {
      if (released.compareAndSet(false, true)) {
        permits.release();
      }
    }
  }
}
